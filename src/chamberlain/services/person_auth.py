"""Person-users: passwords, v2 login and bearer tokens.

A v2 bearer token is 256 random bits; only its SHA-256 is stored, with a 14-day expiry.
Whether a token still works is decided on every use: the user must be Active and its
account and every ancestor in service, so suspending or deleting either ends it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.credentials import check_new_password, new_session_token, token_digest
from chamberlain.domain.text import storable
from chamberlain.domain.throttle import CredentialKind
from chamberlain.domain.users import User, UserStatus
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import throttle
from chamberlain.services.auth import security_log
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import user_in_scope


@dataclass(frozen=True, slots=True)
class PersonLogin:
    """A successful v2 login: the token is shown to the client only."""

    user: User
    location: str
    token: str
    expires_at: datetime


def set_password(rt: Runtime, actor: Actor, user_name: str, password: str) -> None:
    """Set a person-user's password and revoke their bearer tokens.

    Raises ``UserNotFound`` or ``InvalidField`` (password rules).
    """
    password_hash = rt.hasher.hash(check_new_password(password))
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, user_name, under=None)
        uow.users.set_password_hash(user, password_hash, rt.clock())
        uow.bearer_tokens.remove_for_user(user)
        uow.audit.record(
            actor=actor,
            action=AuditAction.USER_SET_PASSWORD,
            target_kind="user",
            target_label=user.user_name,
            target_path=user.account_path,
            changes={"password": ["(hidden)", "(changed)"]},
            now=rt.clock(),
        )


def login(
    rt: Runtime, *, user_name: str | None, password: str | None, source: str | None
) -> PersonLogin:
    """Check a person-user's name and password and issue a bearer token.

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
        security_log.info("v2 login refused source=%s", source or "-")
        throttle.failed(rt, CredentialKind.USER_NAME, subjects)
        raise AuthenticationFailed()
    security_log.info("v2 login user_id=%s account=%s", user.id, user.account_alias)
    token = new_session_token()
    now = rt.clock()
    expires_at = now + rt.settings.bearer_token_lifetime
    with rt.db.write() as uow:
        uow.bearer_tokens.add(digest=token_digest(token), user=user, now=now, expires_at=expires_at)
        uow.throttle.clear(subjects[0].name)
    throttle.accepted(CredentialKind.USER_NAME)
    return PersonLogin(user=user, location=account.location, token=token, expires_at=expires_at)


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
