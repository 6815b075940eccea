"""SCIM tokens: issue, list, revoke, rotate, and authenticate a request.

A token acts with full power over the users of its account (it can grant any role), so
only a caller who may grant every role may issue one: operators, API users and person-
users holding every permission (Account Administrators). Otherwise a Security Manager
could mint a token and grant through it the roles it may not grant itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.credentials import rotation_end, token_digest
from chamberlain.domain.permissions import Permission, check_role_grant, require
from chamberlain.domain.roles import CATALOGUE
from chamberlain.domain.scim.tokens import (
    NAME_MAX,
    TOKEN_PREFIX,
    ScimToken,
    ScimTokenState,
    new_scim_token,
    token_hint,
)
from chamberlain.domain.text import clean_text
from chamberlain.errors import AuthenticationFailed, ScimTokenNotFound
from chamberlain.services.api_users import DEFAULT_ROTATION_GRACE
from chamberlain.services.audit_records import record_change
from chamberlain.services.disclosure import scim_tokens_for
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope
from chamberlain.services.v1_sessions import TOUCH_INTERVAL

security_log = logging.getLogger("chamberlain.security")

# Longer than any token this service issues: nothing longer is worth hashing.
_MAX_TOKEN_LENGTH = 128


@dataclass(frozen=True, slots=True)
class IssuedScimToken:
    """A new token with its secret, which is shown this once and stored only as a digest;
    after a rotation, ``replaces`` is the old token as it now is (``retires_at`` set)."""

    token: ScimToken
    secret: str
    replaces: ScimToken | None = None


def _may_issue(actor: Actor) -> None:
    require(actor, Permission.USERS_MANAGE)
    check_role_grant(actor, None, [role.id for role in CATALOGUE])


def _issue(
    uow: UnitOfWork, rt: Runtime, actor: Actor, alias: str, name: str | None
) -> IssuedScimToken:
    secret = new_scim_token()
    account = account_in_scope(uow, actor, alias)
    token = uow.scim.add_token(
        account=account,
        digest=token_digest(secret),
        hint=token_hint(secret),
        name=name,
        created_by=actor.label,
        now=rt.clock(),
    )
    record_change(uow, rt, actor, AuditAction.SCIM_TOKEN_CREATE, before=None, after=token)
    return IssuedScimToken(token=token, secret=secret)


def create_scim_token(
    rt: Runtime, actor: Actor, account_alias: str, name: str | None = None
) -> IssuedScimToken:
    """Issue a token for a visible account; ``name`` says what it is for.

    Raises ``AccountNotFound``, ``PermissionDenied`` (see module) or ``InvalidField``.
    """
    _may_issue(actor)
    label = clean_text("name", name, max_length=NAME_MAX)
    with rt.db.write() as uow:
        return _issue(uow, rt, actor, account_alias, label)


def list_scim_tokens(rt: Runtime, actor: Actor, account_alias: str | None) -> list[ScimToken]:
    """The tokens of an account and its sub-accounts (the actor's whole tree without an
    alias), oldest first, revoked ones included. Raises ``AccountNotFound`` or
    ``PermissionDenied``."""
    require(actor, Permission.USERS_MANAGE)
    with rt.db.read() as uow:
        path = account_in_scope(uow, actor, account_alias).path if account_alias else None
        return scim_tokens_for(uow, actor, uow.scim.tokens_in_tree(path or actor.tree_path))


def _token_in_scope(uow: UnitOfWork, actor: Actor, token_id: int) -> ScimToken:
    token = uow.scim.token_within(token_id, actor.tree_path)
    if token is None:
        raise ScimTokenNotFound(f"no SCIM token has the id {token_id}")
    return token


def revoke_scim_token(rt: Runtime, actor: Actor, token_id: int) -> ScimToken:
    """Stop a token at once (revoking it again changes nothing). Raises
    ``ScimTokenNotFound`` or ``PermissionDenied``."""
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        token = _token_in_scope(uow, actor, token_id)
        if token.revoked_at is not None:
            return scim_tokens_for(uow, actor, [token])[0]
        now = rt.clock()
        uow.scim.revoke_token(token.id, now)
        revoked = replace(token, revoked_at=now)
        record_change(uow, rt, actor, AuditAction.SCIM_TOKEN_REVOKE, before=token, after=revoked)
        return scim_tokens_for(uow, actor, [revoked])[0]


def rotate_scim_token(
    rt: Runtime, actor: Actor, token_id: int, grace: timedelta = DEFAULT_ROTATION_GRACE
) -> IssuedScimToken:
    """Issue a new token for the old token's account (with its name); the old one keeps
    working for ``grace``, so the provider can be switched without a gap. Rotating again
    never moves the old token's end later: ``replaces.retires_at`` says when it ends.

    Raises ``ScimTokenNotFound`` (also for a token that no longer works) or
    ``PermissionDenied``.
    """
    _may_issue(actor)
    with rt.db.write() as uow:
        old = _token_in_scope(uow, actor, token_id)
        now = rt.clock()
        if old.state(now) in (ScimTokenState.REVOKED, ScimTokenState.RETIRED):
            raise ScimTokenNotFound(f"the SCIM token {token_id} no longer works")
        issued = _issue(uow, rt, actor, old.account_alias, old.name)
        retires_at = rotation_end(old.retires_at, now, grace)
        uow.scim.retire_token(old.id, retires_at)
        retiring = replace(old, retires_at=retires_at)
        record_change(uow, rt, actor, AuditAction.SCIM_TOKEN_ROTATE, before=old, after=retiring)
        shown = scim_tokens_for(uow, actor, [retiring])[0]
    return replace(issued, replaces=shown)


def authenticate_scim_token(rt: Runtime, secret: str) -> ScimToken:
    """The live token ``secret`` is; raises ``AuthenticationFailed`` (one answer for
    unknown, revoked, retired and suspended). Use is recorded at most once a minute."""
    token = None
    if secret.startswith(TOKEN_PREFIX) and len(secret) <= _MAX_TOKEN_LENGTH:
        with rt.db.read() as uow:
            token = uow.scim.token_by_digest(token_digest(secret))
    now = rt.clock()
    if token is None or not token.usable(now):
        # Only a stored hint is logged: nothing the client sent reaches the log.
        security_log.info("scim token refused token=%s", token.hint if token else "unknown")
        raise AuthenticationFailed()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        with rt.db.write() as uow:
            uow.scim.touch_token(token.id, now)
    return token
