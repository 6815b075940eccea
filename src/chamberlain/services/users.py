"""User use cases. Each function is one transaction and writes its own audit record."""

from __future__ import annotations

from dataclasses import replace

from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.users import (
    LifecycleAction,
    NewUser,
    User,
    UserUpdate,
    next_status,
)
from chamberlain.services.audit_trail import record_change
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope, user_in_scope

_LIFECYCLE_AUDIT = {
    LifecycleAction.SUSPEND: AuditAction.USER_SUSPEND,
    LifecycleAction.UNSUSPEND: AuditAction.USER_UNSUSPEND,
    LifecycleAction.DELETE: AuditAction.USER_DELETE,
}


def create_user(rt: Runtime, actor: Actor, new: NewUser) -> User:
    """Create a user in ``new.account_alias``.

    Raises ``AccountNotFound`` (unknown or outside the actor's tree) or ``UserExists``
    (the name is or was taken, in any account, in any case).
    """
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, new.account_alias)
        user = uow.users.add(new, account, rt.clock())
        record_change(uow, rt, actor, AuditAction.USER_CREATE, before=None, after=user)
        return user


def list_users(rt: Runtime, actor: Actor, account_alias: str) -> list[User]:
    """Return the live users of one account (not its sub-accounts), oldest first.

    Raises ``AccountNotFound``.
    """
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        return uow.users.in_account(account)


def get_user(rt: Runtime, actor: Actor, account_alias: str, user_name: str) -> User:
    """Return a live user inside the subtree of ``account_alias``.

    Raises ``AccountNotFound`` or ``UserNotFound``.
    """
    with rt.db.read() as uow:
        return user_in_scope(uow, actor, user_name, under=account_alias)


def update_user(rt: Runtime, actor: Actor, change: UserUpdate, account_alias: str | None) -> User:
    """Apply ``change``; an unchanged user is not written and leaves no audit record.

    ``account_alias``, when given, must name a visible account whose subtree holds the
    user. Raises ``AccountNotFound`` or ``UserNotFound``.
    """
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, change.user_name, under=account_alias)
        changed = replace(
            user,
            profile=change.apply(user.profile),
            roles=user.roles if change.roles is None else change.roles,
        )
        if changed.snapshot() == user.snapshot():
            return user
        saved = uow.users.save(changed, rt.clock())
        record_change(uow, rt, actor, AuditAction.USER_UPDATE, before=user, after=saved)
        return saved


def change_status(rt: Runtime, actor: Actor, user_name: str, action: LifecycleAction) -> User:
    """Suspend, unsuspend or delete a user; repeating a state change changes nothing.

    Raises ``UserNotFound`` (also for a user already deleted).
    """
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, user_name, under=None)
        target = next_status(user.status, action)
        if target is None:
            return user
        saved = uow.users.save(replace(user, status=target), rt.clock())
        record_change(uow, rt, actor, _LIFECYCLE_AUDIT[action], before=user, after=saved)
        return saved
