"""User use cases. Each function is one transaction and writes its own audit record.

The steps they are made of (``insert_user``, ``revised``, ``regranted``,
``status_change``) are shared with services that write a user together with more in one
transaction (``services.scim``, ``services.bulk``), so every face keeps the same rules.
Each step that changes an existing user first checks that the actor holds every
permission that user holds (the no-escalation rule, ``domain.permissions``).
"""

from __future__ import annotations

from dataclasses import replace

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.pages import Page, page_of
from chamberlain.domain.permissions import (
    Permission,
    check_may_control_user,
    check_role_grant,
    require,
)
from chamberlain.domain.users import (
    LifecycleAction,
    NewUser,
    User,
    UserFilters,
    UserStatus,
    UserUpdate,
    next_status,
)
from chamberlain.domain.versions import check_version
from chamberlain.errors import AccessDenied
from chamberlain.services.audit_records import record_change
from chamberlain.services.lookups import priced_answers, user_holder
from chamberlain.services.person_auth import end_sign_ins
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope, user_in_scope
from chamberlain.services.user_links import queue_invitation

_LIFECYCLE_AUDIT = {
    LifecycleAction.SUSPEND: AuditAction.USER_SUSPEND,
    LifecycleAction.UNSUSPEND: AuditAction.USER_UNSUSPEND,
    LifecycleAction.DELETE: AuditAction.USER_DELETE,
}


def insert_user(uow: UnitOfWork, rt: Runtime, actor: Actor, new: NewUser) -> User:
    """Insert ``new`` into its account inside the caller's transaction; the caller
    records it (``AuditAction.USER_CREATE``) with whatever else it writes.

    Raises ``PermissionDenied`` (roles the actor may not grant), ``AccountNotFound`` or
    ``UserExists``. The caller has checked ``Permission.USERS_MANAGE``.
    """
    check_role_grant(actor, None, new.roles)
    account = account_in_scope(uow, actor, new.account_alias)
    return uow.users.add(new, account, rt.clock())


def regranted(actor: Actor, user: User, roles: tuple[int, ...]) -> User:
    """``user`` holding exactly ``roles`` (catalogue ids, ascending), not yet saved.
    Raises ``PermissionDenied`` for a user holding permissions the actor lacks, or a
    grant or revocation the actor may not make."""
    check_may_control_user(actor, user)
    check_role_grant(actor, user, roles)
    return replace(user, roles=roles)


def revised(actor: Actor, user: User, change: UserUpdate) -> User:
    """``user`` as ``change`` leaves it, not yet saved. Raises ``PermissionDenied`` as
    ``regranted`` does."""
    changed = replace(user, profile=change.apply(user.profile))
    if change.roles is not None:
        return regranted(actor, changed, change.roles)  # checks control of the user too
    check_may_control_user(actor, user)
    return changed


def status_change(
    actor: Actor, user: User, action: LifecycleAction
) -> tuple[User, AuditAction] | None:
    """``user`` after ``action``, not yet saved, and the audit action recording it; None
    when the status stays (repeating a state change changes nothing). Raises
    ``PermissionDenied`` for a user holding permissions the actor lacks."""
    check_may_control_user(actor, user)
    target = next_status(user.status, action)
    return None if target is None else (replace(user, status=target), _LIFECYCLE_AUDIT[action])


def save_status(uow: UnitOfWork, rt: Runtime, user: User) -> User:
    """Save ``user`` after a status change inside the caller's transaction; a user who
    is not Active loses every bearer token and portal session at once, so unsuspending
    revives none of them."""
    saved = uow.users.save(user, rt.clock())
    if saved.status is not UserStatus.ACTIVE:
        end_sign_ins(uow, saved)
    return saved


def create_user(rt: Runtime, actor: Actor, new: NewUser) -> User:
    """Create a user in ``new.account_alias`` and mail them an invitation to set their
    password (as the original service mailed new users).

    Raises ``AccountNotFound`` (unknown or outside the actor's tree), ``UserExists``
    (the name is or was taken, in any account, in any case), ``TooManyLookups`` (instead
    of ``UserExists`` past the budget of ``services.lookups``) or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_MANAGE)
    with priced_answers(rt, actor, user_holder(new.user_name)), rt.db.write() as uow:
        user = insert_user(uow, rt, actor, new)
        record_change(uow, rt, actor, AuditAction.USER_CREATE, before=None, after=user)
        queue_invitation(uow, rt, actor, user, new_user=True)
    rt.mail_wakeup.set()
    return user


def list_users(rt: Runtime, actor: Actor, account_alias: str) -> list[User]:
    """Return the live users of one account (not its sub-accounts), oldest first.

    Raises ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        return uow.users.in_account(account)


def search_users(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    filters: UserFilters,
    *,
    after_id: int = 0,
    limit: int,
    with_total: bool = False,
) -> Page[User]:
    """A page of an account's live users matching ``filters``, in a stable order (by id).

    Raises ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        found = uow.users.search(account, filters, after_id=after_id, limit=limit + 1)
        total = uow.users.count(account, filters) if with_total else None
    return page_of(found, limit, lambda user: user.id, total)


def get_user(rt: Runtime, actor: Actor, account_alias: str | None, user_name: str) -> User:
    """Return a live user inside the subtree of ``account_alias`` (the actor's whole tree
    when None).

    Raises ``AccountNotFound``, ``UserNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        return user_in_scope(uow, actor, user_name, under=account_alias)


def update_user(
    rt: Runtime,
    actor: Actor,
    *,
    under: str | None = None,
    change: UserUpdate,
    expected_version: int | None = None,
) -> User:
    """Apply ``change`` to the user it names, merged into the user as it is in this
    transaction; an unchanged user is not written and leaves no audit record.

    ``under`` (an account alias), when given, must name a visible account whose subtree
    holds the user. Raises ``AccountNotFound``, ``UserNotFound``, ``PermissionDenied`` or
    ``VersionMismatch`` (``expected_version`` given and not current).
    """
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, change.user_name, under=under)
        check_version(user, expected_version)
        changed = revised(actor, user, change)
        if changed.snapshot() == user.snapshot():
            return user
        saved = uow.users.save(changed, rt.clock())
        record_change(uow, rt, actor, AuditAction.USER_UPDATE, before=user, after=saved)
        return saved


def change_status(
    rt: Runtime,
    actor: Actor,
    user_name: str,
    action: LifecycleAction,
    *,
    expected_version: int | None = None,
) -> User:
    """Suspend, unsuspend or delete a user; repeating a state change changes nothing.

    Raises ``UserNotFound`` (also for a user already deleted), ``PermissionDenied``,
    ``VersionMismatch``, or ``AccessDenied`` when a person-user acts on themself (nobody
    locks themself out by a slip; another administrator can).
    """
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        user = user_in_scope(uow, actor, user_name, under=None)
        if actor.is_self(user.user_name):
            raise AccessDenied("a user cannot change their own status")
        check_version(user, expected_version)
        change = status_change(actor, user, action)
        if change is None:
            return user
        changed, audit_action = change
        saved = save_status(uow, rt, changed)
        record_change(uow, rt, actor, audit_action, before=user, after=saved)
        return saved
