"""Control Portal sessions: sign-in, the check on every request, re-authentication,
changing one's own password and sign-out.

The sign-in shares ``person_auth.verify_person`` with the v2 login: the same throttle, the
same single argon2 verification on every path, the same ``AuthenticationFailed``. Rules
for a live session are in ``domain.portal_sessions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import check_new_password, new_session_token, token_digest
from chamberlain.domain.portal_sessions import StoredPortalSession
from chamberlain.domain.throttle import CredentialKind
from chamberlain.domain.users import User
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import throttle
from chamberlain.services.person_auth import person_actor, store_password, verify_person
from chamberlain.services.runtime import Runtime
from chamberlain.services.v1_sessions import TOUCH_INTERVAL


@dataclass(frozen=True, slots=True)
class NewPortalSession:
    """A session just opened: ``token`` goes into the cookie and is never stored."""

    token: str
    user: User
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class PortalIdentity:
    """Who is behind a live portal session, as of this request."""

    actor: Actor
    user: User
    session: StoredPortalSession
    recently_authenticated: bool


def _open(
    rt: Runtime, user: User, *, replaces: str | None, throttle_subject: str
) -> NewPortalSession:
    token = new_session_token()
    now = rt.clock()
    expires_at = now + rt.settings.session_lifetime
    with rt.db.write() as uow:
        if replaces:
            uow.portal_sessions.remove(token_digest(replaces))
        uow.portal_sessions.add(
            digest=token_digest(token), user=user, now=now, expires_at=expires_at
        )
        uow.throttle.clear(throttle_subject)
    return NewPortalSession(token=token, user=user, expires_at=expires_at)


def sign_in(
    rt: Runtime,
    *,
    user_name: str | None,
    password: str | None,
    source: str | None,
    replaces: str | None = None,
) -> NewPortalSession:
    """Check a person-user's name and password and open a new session (a new id every
    time; the session named by ``replaces``, the cookie the browser still sent, ends).

    Raises ``AuthenticationFailed`` (the same for every reason) or ``Throttled``.
    """
    person = verify_person(
        rt, user_name=user_name, password=password, source=source, face=Face.PORTAL
    )
    opened = _open(rt, person.user, replaces=replaces, throttle_subject=person.throttle_subject)
    throttle.accepted(CredentialKind.USER_NAME)
    return opened


def authenticate(rt: Runtime, token: str, *, request_id: str | None) -> PortalIdentity:
    """The identity behind a session cookie, its roles read now.

    A dead session (timed out, its user or account out of service) is removed on the
    way. Raises ``AuthenticationFailed``.
    """
    digest = token_digest(token)
    with rt.db.read() as uow:
        stored = uow.portal_sessions.find(digest)
    if stored is None:
        raise AuthenticationFailed()
    now = rt.clock()
    if not stored.is_live(now, rt.settings.session_idle_timeout):
        with rt.db.write() as uow:
            uow.portal_sessions.remove(digest)
        raise AuthenticationFailed()
    if now - stored.last_seen_at >= TOUCH_INTERVAL:
        with rt.db.write() as uow:
            uow.portal_sessions.touch(stored.id, now)
    return PortalIdentity(
        actor=person_actor(stored.user, Face.PORTAL, request_id),
        user=stored.user,
        session=stored,
        recently_authenticated=stored.recently_authenticated(now),
    )


def reauthenticate(
    rt: Runtime, identity: PortalIdentity, password: str | None, *, source: str | None
) -> None:
    """Check the signed-in person's password again (throttled like a sign-in) and record
    it, opening the re-authentication window. Raises ``AuthenticationFailed`` or
    ``Throttled``."""
    person = verify_person(
        rt, user_name=identity.user.user_name, password=password, source=source, face=Face.PORTAL
    )
    with rt.db.write() as uow:
        uow.portal_sessions.reauthenticated(identity.session.id, rt.clock())
        uow.throttle.clear(person.throttle_subject)


def require_recent_authentication(identity: PortalIdentity) -> None:
    """Raise ``AuthenticationFailed`` unless the password was entered in this session
    within the re-authentication window (before creating an API user or changing one's
    own password)."""
    if not identity.recently_authenticated:
        raise AuthenticationFailed()


def change_own_password(
    rt: Runtime, identity: PortalIdentity, new_password: str
) -> NewPortalSession:
    """Set the signed-in person's password. Every session and bearer token of theirs ends,
    this one included, and a new session is opened for this browser.

    Raises ``InvalidField`` (password rules) or ``AuthenticationFailed`` (no password
    entered within the re-authentication window, or the user is gone meanwhile).
    """
    require_recent_authentication(identity)
    password_hash = rt.hasher.hash(check_new_password(new_password))
    user = identity.user
    token = new_session_token()
    now = rt.clock()
    expires_at = now + rt.settings.session_lifetime
    with rt.db.write() as uow:
        current = uow.users.find(user.user_name)
        if current is None or current.id != user.id:
            raise AuthenticationFailed()
        store_password(uow, rt, identity.actor, current, password_hash)
        uow.portal_sessions.add(
            digest=token_digest(token), user=current, now=now, expires_at=expires_at
        )
    return NewPortalSession(token=token, user=current, expires_at=expires_at)


def sign_out(rt: Runtime, token: str) -> None:
    """End the session behind ``token`` (no error when it is already gone)."""
    with rt.db.write() as uow:
        uow.portal_sessions.remove(token_digest(token))
