"""Person-users: passwords, the sign-in check, v2 login and bearer tokens.

A v2 bearer token is 256 random bits; only its SHA-256 is stored, with a 14-day expiry.
Whether a token still works is decided on every use: the user must be Active and its
account and every ancestor in service. Suspending or deleting the user, or suspending an
account above it, also deletes its tokens and portal sessions (``end_sign_ins``), so
lifting the suspension does not bring a stolen token back.
A password change ends every token and portal session of the user (``store_password``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, ActorKind, AuditAction, Authority, Face
from chamberlain.domain.credentials import check_new_password, new_session_token, token_digest
from chamberlain.domain.permissions import check_may_control_user, permissions_of
from chamberlain.domain.text import storable
from chamberlain.domain.throttle import CredentialKind
from chamberlain.domain.users import User, UserStatus
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import throttle
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import user_in_scope
from chamberlain.services.v1_sessions import security_log


@dataclass(frozen=True, slots=True)
class PersonLogin:
    """A successful v2 login: the token is shown to the client only."""

    user: User
    location: str
    token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class VerifiedPerson:
    """A person-user whose name and password were just checked. The caller clears
    ``throttle_subject`` (the name's failure counter) in the transaction that opens its
    session or token."""

    user: User
    location: str
    throttle_subject: str


def person_actor(user: User, face: Face, request_id: str | None) -> Actor:
    """The actor of a person-user: bound by the permissions of the roles it holds now."""
    return Actor(
        kind=ActorKind.USER,
        label=user.user_name,
        account_alias=user.account_alias,
        tree_path=user.account_path,
        face=face,
        authority=Authority.of(frozenset(permissions_of(user.roles))),
        request_id=request_id,
        roles=frozenset(user.roles),
    )


def end_sign_ins(uow: UnitOfWork, user: User) -> None:
    """End every bearer token and portal session of ``user``, inside the caller's
    transaction: after a password change, and when the user leaves Active (a stolen token
    must not come back to life when the user is unsuspended)."""
    uow.bearer_tokens.remove_for_user(user)
    uow.portal_sessions.remove_for_user(user)


def end_sign_ins_in_tree(uow: UnitOfWork, path: str) -> None:
    """End every v1 session, bearer token and portal session of the API users and
    person-users at and below ``path`` (an account being suspended), inside the caller's
    transaction."""
    uow.sessions.remove_in_tree(path)
    uow.bearer_tokens.remove_in_tree(path)
    uow.portal_sessions.remove_in_tree(path)


def store_password(
    uow: UnitOfWork, rt: Runtime, actor: Actor, user: User, password_hash: str
) -> None:
    """Store a new password hash, end every bearer token and portal session of the user
    and record the change, inside the caller's transaction (every password change goes
    through here)."""
    uow.users.set_password_hash(user, password_hash, rt.clock())
    end_sign_ins(uow, user)
    uow.audit.record(
        actor=actor,
        action=AuditAction.USER_SET_PASSWORD,
        target_kind="user",
        target_label=user.user_name,
        target_path=user.account_path,
        changes={"password": ["(hidden)", "(changed)"]},
        now=rt.clock(),
    )


def set_password(rt: Runtime, actor: Actor, user_name: str, password: str) -> None:
    """Set a person-user's password and end their bearer tokens and portal sessions.

    Raises ``UserNotFound``, ``PermissionDenied`` (the user holds permissions the actor
    lacks) or ``InvalidField`` (password rules).
    """
    password_hash = rt.hasher.hash(check_new_password(password))
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, user_name, under=None)
        check_may_control_user(actor, user)
        store_password(uow, rt, actor, user, password_hash)


def verify_person(
    rt: Runtime, *, user_name: str | None, password: str | None, source: str | None, face: Face
) -> VerifiedPerson:
    """Check a person-user's name and password: the one check of the v2 login and the
    portal sign-in.

    Every failure (unknown name, wrong or unset password, suspended or deleted user,
    suspended account) raises the same ``AuthenticationFailed`` after one argon2
    verification. Failures count against the name and the ``source`` address; past the
    free ones the caller gets ``Throttled`` before any verification.
    """
    subjects = throttle.subjects_of(CredentialKind.USER_NAME, user_name or "", source)
    with rt.db.read() as uow:
        throttle.guard(uow, rt.clock(), CredentialKind.USER_NAME, subjects)
        usable = user_name is not None and user_name.strip() and storable(user_name)
        found = uow.users.credentials(user_name) if usable and user_name else None
        user, stored_hash, chain_ok = found if found else (None, None, False)
        account = uow.accounts.find(user.account_alias) if user else None
    verified = rt.hasher.verify(stored_hash, password or "")
    if not (verified and user and account and chain_ok and user.status is UserStatus.ACTIVE):
        security_log.info("%s sign-in refused source=%s", face.value, source or "-")
        throttle.failed(rt, CredentialKind.USER_NAME, subjects)
        raise AuthenticationFailed()
    security_log.info("%s sign-in user_id=%s account=%s", face.value, user.id, user.account_alias)
    return VerifiedPerson(user=user, location=account.location, throttle_subject=subjects[0].name)


def login(
    rt: Runtime, *, user_name: str | None, password: str | None, source: str | None
) -> PersonLogin:
    """Check a person-user's name and password (``verify_person``) and issue a bearer
    token. Raises ``AuthenticationFailed`` or ``Throttled``."""
    person = verify_person(rt, user_name=user_name, password=password, source=source, face=Face.V2)
    token = new_session_token()
    now = rt.clock()
    expires_at = now + rt.settings.bearer_token_lifetime
    with rt.db.write() as uow:
        uow.bearer_tokens.add(
            digest=token_digest(token), user=person.user, now=now, expires_at=expires_at
        )
        uow.throttle.clear(person.throttle_subject)
    throttle.accepted(CredentialKind.USER_NAME)
    return PersonLogin(
        user=person.user, location=person.location, token=token, expires_at=expires_at
    )


def authenticate_bearer(rt: Runtime, token: str) -> User:
    """Return the user behind a live bearer token; raises ``AuthenticationFailed``."""
    with rt.db.read() as uow:
        found = uow.bearer_tokens.find(token_digest(token))
    return live_bearer_user(rt, found)


def live_bearer_user(rt: Runtime, found: tuple[datetime, User, bool] | None) -> User:
    """The user of a stored bearer token (``(expiry, user, account chain active)``) if it
    still works; raises ``AuthenticationFailed``."""
    if found is None:
        raise AuthenticationFailed()
    expires_at, user, chain_ok = found
    if rt.clock() >= expires_at or not chain_ok or user.status is not UserStatus.ACTIVE:
        raise AuthenticationFailed()
    return user
