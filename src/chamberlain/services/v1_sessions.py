"""v1 logon, session checks and logout.

A session cookie value is 256 random bits; only its SHA-256 is stored. A session ends
after ``session_idle_timeout`` without use, after ``session_lifetime`` in any case, and at
once when its API user may no longer log on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chamberlain.domain.api_users import ApiUser, StoredSession
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import (
    key_hint,
    new_session_token,
    normalise_api_key,
    token_digest,
)
from chamberlain.domain.throttle import CredentialKind
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import throttle
from chamberlain.services.runtime import Runtime

security_log = logging.getLogger("chamberlain.security")


# last_seen is written at most this often, so a busy session is not a write per request.
TOUCH_INTERVAL = timedelta(minutes=1)
# A client may send several candidate cookies (old and new); look at only a few.
MAX_CANDIDATE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class NewSession:
    """What a successful logon hands back: the token is shown to the client only."""

    token: str
    expires_at: datetime
    api_user: ApiUser


def logon(
    rt: Runtime,
    *,
    api_key: str | None,
    password: str | None,
    source: str | None,
    replaces: Sequence[str] = (),
) -> NewSession:
    """Check an API key and password and open a session.

    Sessions named in ``replaces`` (the cookies the client still sent) are ended, so a
    re-logon never leaves the old id alive. Every failure raises the same
    ``AuthenticationFailed``; an unknown key costs one argon2 verification like a wrong
    password does. Failures count against the key and the ``source`` address; past the
    free ones the caller gets ``Throttled`` (see domain.throttle) before any verification.
    """
    key = normalise_api_key(api_key or "")
    subjects = throttle.subjects_of(CredentialKind.API_KEY, key or "", source)
    with rt.db.read() as uow:
        throttle.guard(uow, rt.clock(), CredentialKind.API_KEY, subjects)
        found = uow.api_users.credentials(key) if key else None
    api_user, stored_hash = found if found else (None, None)
    verified = rt.hasher.verify(stored_hash, password or "")
    now = rt.clock()
    if not verified or api_user is None or not api_user.may_log_on(now):
        security_log.info("v1 logon refused key=%s source=%s", key_hint(key), source or "-")
        throttle.failed(rt, CredentialKind.API_KEY, subjects)
        raise AuthenticationFailed()
    security_log.info("v1 logon key=%s account=%s", key_hint(key), api_user.account_alias)
    token = new_session_token()
    expires_at = now + rt.settings.session_lifetime
    with rt.db.write() as uow:
        for old in replaces[:MAX_CANDIDATE_TOKENS]:
            uow.sessions.remove(token_digest(old))
        uow.sessions.add(
            digest=token_digest(token), api_user=api_user, now=now, expires_at=expires_at
        )
        uow.api_users.mark_used(api_user, now)
        uow.throttle.clear(subjects[0].name)
    throttle.accepted(CredentialKind.API_KEY)
    return NewSession(token=token, expires_at=expires_at, api_user=api_user)


def authenticate(
    rt: Runtime, tokens: Sequence[str], *, face: Face, request_id: str | None
) -> Actor:
    """Return the actor behind the first live session among ``tokens``.

    Raises ``AuthenticationFailed`` when none is live. A dead session found on the way
    is removed.
    """
    for token in tokens[:MAX_CANDIDATE_TOKENS]:
        digest = token_digest(token)
        with rt.db.read() as uow:
            stored = uow.sessions.find(digest)
        actor = session_actor(rt, stored, digest, face=face, request_id=request_id)
        if actor is not None:
            return actor
    raise AuthenticationFailed()


def session_actor(
    rt: Runtime,
    stored: StoredSession | None,
    digest: str,
    *,
    face: Face,
    request_id: str | None,
) -> Actor | None:
    """The actor of ``stored`` (the session found under ``digest``) while it is live,
    moving its idle deadline on; None when there is none or it has died (then removed)."""
    if stored is None:
        return None
    now = rt.clock()
    if not stored.is_live(now, rt.settings.session_idle_timeout):
        with rt.db.write() as uow:
            uow.sessions.remove(digest)
        return None
    if now - stored.last_seen_at >= TOUCH_INTERVAL:
        with rt.db.write() as uow:
            uow.sessions.touch(stored.id, now)
    return stored.api_user.actor(face, request_id)


def logout(rt: Runtime, tokens: Sequence[str]) -> None:
    """End every session named in ``tokens``; ending an unknown one is not an error."""
    with rt.db.write() as uow:
        for token in tokens[:MAX_CANDIDATE_TOKENS]:
            uow.sessions.remove(token_digest(token))
