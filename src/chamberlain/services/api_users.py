"""API-user lifecycle: create, list, disable, enable, rotate, delete.

A new API user holds its creator's permissions (full power when an operator or a
full-power API user creates it); a rotated key's successor holds the old key's. Only an
actor holding every permission of an API user may rotate, disable, enable or delete it
(the no-escalation rule, ``domain.permissions``): rotation hands out a working password.

Secrets are shown once (``IssuedCredentials``) and stored only as argon2id hashes.
Disabling or deleting a key ends its sessions at once. Rotation issues a second key in
the same account and lets the old one work until its grace period ends, so a script
that switches keys is never locked out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account
from chamberlain.domain.api_users import ApiUser, ApiUserState
from chamberlain.domain.audit import Actor, AuditAction, diff
from chamberlain.domain.credentials import (
    check_new_password,
    key_hint,
    new_api_key,
    new_password,
    normalise_api_key,
    rotation_end,
)
from chamberlain.domain.permissions import (
    Permission,
    check_may_control,
    permissions_of,
    require,
)
from chamberlain.domain.roles import validate_role_ids
from chamberlain.errors import ApiUserNotFound
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope

DEFAULT_ROTATION_GRACE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """A new API user with its password, which is shown this once and never stored."""

    api_user: ApiUser
    password: str


def _record(
    uow: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    action: AuditAction,
    api_user: ApiUser,
    *,
    changes: dict[str, list[object]],
) -> None:
    uow.audit.record(
        actor=actor,
        action=action,
        target_kind="api_user",
        target_label=api_user.api_key,
        target_path=api_user.account_path,
        changes=changes,
        now=rt.clock(),
    )


def add_api_user(
    uow: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    account: Account,
    password_hash: str,
    *,
    permissions: frozenset[str] | None,
) -> ApiUser:
    """Insert an API user holding ``permissions`` (None: full power) and its audit record
    inside the caller's transaction. Raises ``PermissionDenied`` when ``permissions`` are
    more than the actor holds."""
    check_may_control(actor, permissions, "the new API user")
    api_user = uow.api_users.add(
        account=account,
        api_key=new_api_key(),
        password_hash=password_hash,
        permissions=permissions,
        now=rt.clock(),
    )
    created: dict[str, object] = {
        "api_key": api_user.api_key,
        "account": account.alias,
        "permissions": "all" if permissions is None else sorted(permissions),
    }
    _record(uow, rt, actor, AuditAction.API_USER_CREATE, api_user, changes=diff({}, created))
    return api_user


def create_api_user(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    password: str | None = None,
    *,
    roles: Iterable[int | str] | None = None,
) -> IssuedCredentials:
    """Create an API user in a visible account, with ``password`` or a generated one.

    It holds the permissions of ``roles`` when given (a least-privilege key: the actor
    must hold them all), the actor's own otherwise. Raises ``AccountNotFound``,
    ``InvalidRoles``, ``PermissionDenied`` or ``InvalidField`` (a chosen password breaking
    the rules).
    """
    require(actor, Permission.API_USERS_MANAGE)
    permissions = actor.permissions if roles is None else permissions_of(validate_role_ids(roles))
    secret = new_password() if password is None else check_new_password(password)
    password_hash = rt.hasher.hash(secret)  # before the transaction: hashing is slow
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, account_alias)
        api_user = add_api_user(uow, rt, actor, account, password_hash, permissions=permissions)
    return IssuedCredentials(api_user=api_user, password=secret)


def _api_user_in_scope(uow: UnitOfWork, actor: Actor, api_key: str) -> ApiUser:
    key = normalise_api_key(api_key)
    api_user = uow.api_users.find_within(key, actor.tree_path) if key else None
    if api_user is None:
        raise ApiUserNotFound(f"no API user has the key {api_key!r}")
    return api_user


def _api_user_under_control(uow: UnitOfWork, actor: Actor, api_key: str) -> ApiUser:
    """The API user ``api_key`` if ``actor`` may see it and holds all its permissions.
    Raises ``ApiUserNotFound`` or ``PermissionDenied``."""
    api_user = _api_user_in_scope(uow, actor, api_key)
    check_may_control(actor, api_user.permissions, f"API user {key_hint(api_user.api_key)}")
    return api_user


def list_api_users(rt: Runtime, actor: Actor, account_alias: str | None) -> list[ApiUser]:
    """The API users of an account and its descendants (the whole visible tree without
    an alias), oldest first. Raises ``AccountNotFound`` or ``PermissionDenied``."""
    require(actor, Permission.API_USERS_VIEW)
    with rt.db.read() as uow:
        path = (
            account_in_scope(uow, actor, account_alias).path if account_alias else actor.tree_path
        )
        return uow.api_users.in_tree(path)


def set_api_user_enabled(rt: Runtime, actor: Actor, api_key: str, enabled: bool) -> ApiUser:
    """Enable or disable a key; disabling ends its sessions. Raises ``ApiUserNotFound``."""
    require(actor, Permission.API_USERS_MANAGE)
    with rt.db.write() as uow:
        api_user = _api_user_under_control(uow, actor, api_key)
        if api_user.enabled != enabled:
            uow.api_users.set_enabled(api_user, enabled)
            if not enabled:
                uow.sessions.remove_for_api_user(api_user)
            action = AuditAction.API_USER_ENABLE if enabled else AuditAction.API_USER_DISABLE
            _record(uow, rt, actor, action, api_user, changes={"enabled": [not enabled, enabled]})
        found = uow.api_users.find(api_user.api_key)
        assert found is not None
        return found


def delete_api_user(rt: Runtime, actor: Actor, api_key: str) -> None:
    """Delete a key now and end its sessions. Raises ``ApiUserNotFound``."""
    require(actor, Permission.API_USERS_MANAGE)
    with rt.db.write() as uow:
        api_user = _api_user_under_control(uow, actor, api_key)
        uow.api_users.delete(api_user, rt.clock())
        uow.sessions.remove_for_api_user(api_user)
        deleted: dict[str, list[object]] = {"deleted": [False, True]}
        _record(uow, rt, actor, AuditAction.API_USER_DELETE, api_user, changes=deleted)


def rotate_api_user(
    rt: Runtime, actor: Actor, api_key: str, grace: timedelta = DEFAULT_ROTATION_GRACE
) -> IssuedCredentials:
    """Issue a new key in the old key's account; the old key keeps working for ``grace``.

    Rotating a key again never moves its end later. Raises ``ApiUserNotFound`` (also for
    a key whose grace period is over: it is dead for good).
    """
    require(actor, Permission.API_USERS_MANAGE)
    secret = new_password()
    password_hash = rt.hasher.hash(secret)
    with rt.db.write() as uow:
        old = _api_user_under_control(uow, actor, api_key)
        now = rt.clock()
        if old.state(now) is ApiUserState.RETIRED:
            raise ApiUserNotFound(f"the API key {api_key!r} has retired")
        account = account_in_scope(uow, actor, old.account_alias)
        new = add_api_user(uow, rt, actor, account, password_hash, permissions=old.permissions)
        retires_at = rotation_end(old.retires_at, now, grace)
        uow.api_users.retire_at(old, retires_at)
        rotated: dict[str, list[object]] = {
            "retires_at": [None, retires_at.isoformat()],
            "replaced_by": [None, new.api_key],
        }
        _record(uow, rt, actor, AuditAction.API_USER_ROTATE, old, changes=rotated)
    return IssuedCredentials(api_user=new, password=secret)
