"""SCIM use cases the user services do not offer: users by id and by position, bounded
scans for filters no index answers, role holders, and external ids.

SCIM users live in exactly one account, the token's: unlike the other faces, nothing here
reaches into sub-accounts, so a token never sees or touches a user of a child account.
Every change to a user's profile, status or roles still goes through ``services.users``;
the external id, which only SCIM knows, is written here, with its audit record, in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.permissions import Permission, require
from chamberlain.domain.text import clean_text
from chamberlain.domain.users import User, UserFilters, UserStatus
from chamberlain.domain.versions import check_version
from chamberlain.errors import TooManyResults, UserNotFound
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope

# Filters no index answers are evaluated over the account's users in memory; an account
# holds at most tens of thousands of users, and past this bound the answer is tooMany.
MAX_SCAN = 50_000
# Users read per query while scanning (keeps each IN list of the role query short).
SCAN_CHUNK = 1_000
EXTERNAL_ID_MAX = 255
_ID_DIGITS = 18


class Lookup(StrEnum):
    """Equality filters an index answers, by SCIM attribute name."""

    USER_NAME = "userName"
    ID = "id"
    EXTERNAL_ID = "externalId"


@dataclass(frozen=True, slots=True)
class ScimUser:
    """A user and the external id its SCIM client gave it."""

    user: User
    external_id: str | None

    @property
    def version(self) -> int:
        """The user's row version (the ETag)."""
        return self.user.version


def _own_user(uow: UnitOfWork, account: Account, user_id: str) -> User:
    """The live user with SCIM id ``user_id`` in ``account`` itself; else ``UserNotFound``."""
    digits = user_id.strip()
    number = (
        int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= _ID_DIGITS else None
    )
    user = uow.scim.user(number) if number is not None else None
    if user is None or user.status is UserStatus.DELETED or user.account_alias != account.alias:
        raise UserNotFound(user_id)
    return user


def _with_external_ids(uow: UnitOfWork, users: list[User]) -> list[ScimUser]:
    known = uow.scim.external_ids([user.id for user in users])
    return [ScimUser(user, known.get(user.id)) for user in users]


def get_user(rt: Runtime, actor: Actor, account_alias: str, user_id: str) -> ScimUser:
    """The live (active or suspended) user ``user_id`` of the account itself.

    Raises ``UserNotFound`` (also for a deleted user or one of another account),
    ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        user = _own_user(uow, account_in_scope(uow, actor, account_alias), user_id)
        return _with_external_ids(uow, [user])[0]


def users_page(
    rt: Runtime, actor: Actor, account_alias: str, *, offset: int, limit: int
) -> tuple[int, list[ScimUser]]:
    """How many live users the account has, and ``limit`` of them from position
    ``offset`` (0-based) in id order. Raises ``AccountNotFound`` or ``PermissionDenied``."""
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        total = uow.users.count(account, UserFilters())
        return total, _with_external_ids(
            uow, uow.scim.live_users(account, offset=offset, limit=limit)
        )


def _scan(uow: UnitOfWork, account: Account, filters: UserFilters) -> list[User]:
    if uow.users.count(account, filters) > MAX_SCAN:
        raise TooManyResults(f"the account has more than {MAX_SCAN} users to examine")
    found: list[User] = []
    while chunk := uow.users.search(
        account, filters, after_id=found[-1].id if found else 0, limit=SCAN_CHUNK
    ):
        found.extend(chunk)
    return found


def users_where(
    rt: Runtime, actor: Actor, account_alias: str, lookup: tuple[Lookup, str] | None
) -> list[ScimUser]:
    """The account's live users that may match a filter, in id order: those an index
    finds for ``lookup``, or all of them (at most ``MAX_SCAN``, else ``TooManyResults``).

    Raises ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        if lookup is None:
            users = _scan(uow, account, UserFilters())
        elif lookup[0] is Lookup.USER_NAME:
            users = uow.users.search(account, UserFilters(user_name=lookup[1]), after_id=0, limit=1)
        elif lookup[0] is Lookup.EXTERNAL_ID:
            users = uow.scim.live_users_by_external_id(account, lookup[1])
        else:
            try:
                users = [_own_user(uow, account, lookup[1])]
            except UserNotFound:
                users = []
        return _with_external_ids(uow, users)


def role_holders(rt: Runtime, actor: Actor, account_alias: str, role_id: int) -> list[User]:
    """The account's live users holding ``role_id``, in id order (at most ``MAX_SCAN``).

    Raises ``TooManyResults``, ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        return _scan(uow, account_in_scope(uow, actor, account_alias), UserFilters(role=role_id))


def valid_external_id(external_id: str | None) -> str | None:
    """The external id as stored (blank: none); raises ``InvalidField`` for one that is
    too long or holds control characters."""
    return clean_text("external_id", external_id, max_length=EXTERNAL_ID_MAX)


def set_external_id(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    user_id: str,
    external_id: str | None,
    *,
    expected_version: int | None = None,
) -> ScimUser:
    """Give the user the external id its SCIM client knows it by (None: forget it).

    A change bumps the user's version (its ETag) and is audited as a user update; an
    unchanged id writes nothing. Raises ``UserNotFound``, ``InvalidField``,
    ``VersionMismatch``, ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_MANAGE)
    wanted = valid_external_id(external_id)
    with rt.db.write() as uow:
        user = _own_user(uow, account_in_scope(uow, actor, account_alias), user_id)
        check_version(user, expected_version)
        current = _with_external_ids(uow, [user])[0]
        if current.external_id == wanted:
            return current
        now = rt.clock()
        saved = uow.users.save(user, now)
        uow.scim.set_external_id(user.id, wanted)
        kind, label, path = user.audit_target
        uow.audit.record(
            actor=actor,
            action=AuditAction.USER_UPDATE,
            target_kind=kind,
            target_label=label,
            target_path=path,
            changes={"external_id": [current.external_id, wanted]},
            now=now,
        )
        return ScimUser(saved, wanted)
