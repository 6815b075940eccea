"""SCIM use cases: users by id and by position, bounded scans for filters no index
answers, role holders, and writes of a user or a group's members.

SCIM users live in exactly one account, the token's: unlike the other faces, nothing here
reaches into sub-accounts, so a token never sees or touches a user of a child account.

Every SCIM write is one transaction with its audit records. A user's profile, roles,
status and external id (which only SCIM knows) change together or not at all, through
the steps ``services.users`` is made of, so the rules are those of every other face;
the trail records the profile change (``user.update``, the external id included) and
the status change (``user.suspend``, ...) apart, as the other faces do. A group's
members change in one transaction too, one audited ``user.update`` per user.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.permissions import Permission, require
from chamberlain.domain.scim.document import MAX_VALUES
from chamberlain.domain.text import clean_text
from chamberlain.domain.users import (
    LifecycleAction,
    NewUser,
    User,
    UserFilters,
    UserUpdate,
)
from chamberlain.domain.versions import check_version
from chamberlain.errors import InvalidField, TooManyResults, UserNotFound
from chamberlain.services.audit_records import record_change
from chamberlain.services.lookups import priced_answers, user_holder
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope
from chamberlain.services.users import (
    insert_user,
    regranted,
    revised,
    save_status,
    status_change,
)

# Filters no index answers are evaluated in memory over the account's users, and past
# this many users the answer is tooMany. The bound keeps the worst filter (MAX_COMPARISONS
# comparisons of every value of every user) well under a second of one worker's time:
# about 0.4 s measured on the project's 2-core machine (docs/scim.md).
MAX_SCAN = 5_000
# Users read per query while scanning (keeps each IN list of the role query short).
SCAN_CHUNK = 1_000
# Most role holdings one answer reads as group members (ids and names only), and so the
# most a filter on members is tested against: the same bound on the worst such filter.
MAX_MEMBERS = 25_000
# Most users one group write grants or revokes the role of.
MAX_MEMBER_CHANGES = MAX_VALUES
EXTERNAL_ID_MAX = 255
_ID_DIGITS = 18


class Lookup(StrEnum):
    """Equality filters an index answers, by SCIM attribute name."""

    USER_NAME = "userName"
    ID = "id"
    EXTERNAL_ID = "externalId"


@dataclass(frozen=True, slots=True)
class ScimUser:
    """A user and the external id its SCIM client gave it; audited as one object."""

    user: User
    external_id: str | None

    @property
    def version(self) -> int:
        """The user's row version (the ETag)."""
        return self.user.version

    @property
    def audit_target(self) -> tuple[str, str, str]:
        """How the audit trail names the user."""
        return self.user.audit_target

    def snapshot(self) -> dict[str, object]:
        """The user's audited fields and its external id."""
        return {**self.user.snapshot(), "external_id": self.external_id}


@dataclass(frozen=True, slots=True)
class UserChange:
    """What a SCIM write asks of a user: ``update`` (None: profile and roles stay),
    ``active`` (None: the status stays), and the external id when ``sets_external_id``."""

    update: UserUpdate | None = None
    active: bool | None = None
    external_id: str | None = None
    sets_external_id: bool = False


@dataclass(frozen=True, slots=True)
class Member:
    """A role holder as a group lists it."""

    id: int
    user_name: str


def _user_number(user_id: str) -> int | None:
    digits = user_id.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= _ID_DIGITS:
        return int(digits)
    return None


def _own_user(uow: UnitOfWork, account: Account, user_id: str) -> User:
    """The live user with SCIM id ``user_id`` in ``account`` itself (locked in a write
    transaction); else ``UserNotFound``."""
    number = _user_number(user_id)
    user = uow.scim.live_user(account, number) if number is not None else None
    if user is None:
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


def _scan(uow: UnitOfWork, account: Account, keep: Callable[[ScimUser], bool]) -> list[ScimUser]:
    """The account's live users ``keep`` accepts, read and tested a chunk at a time."""
    if uow.users.count(account, UserFilters()) > MAX_SCAN:
        raise TooManyResults(f"the account has more than {MAX_SCAN} users to examine")
    kept: list[ScimUser] = []
    after = 0
    while chunk := uow.users.search(account, UserFilters(), after_id=after, limit=SCAN_CHUNK):
        kept.extend(found for found in _with_external_ids(uow, chunk) if keep(found))
        after = chunk[-1].id
    return kept


def _looked_up(uow: UnitOfWork, account: Account, lookup: tuple[Lookup, str]) -> list[User]:
    kind, value = lookup
    if kind is Lookup.USER_NAME:
        return uow.users.search(account, UserFilters(user_name=value), after_id=0, limit=1)
    if kind is Lookup.EXTERNAL_ID:
        return uow.scim.live_users_by_external_id(account, value)
    try:
        return [_own_user(uow, account, value)]
    except UserNotFound:
        return []


def users_where(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    lookup: tuple[Lookup, str] | None,
    keep: Callable[[ScimUser], bool],
) -> list[ScimUser]:
    """The account's live users that ``keep`` (a filter) accepts, in id order. With
    ``lookup`` only those an index finds for it are tested; without, every user is (at
    most ``MAX_SCAN``, else ``TooManyResults``).

    Raises ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_VIEW)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        if lookup is None:
            return _scan(uow, account, keep)
        candidates = _with_external_ids(uow, _looked_up(uow, account, lookup))
        return [found for found in candidates if keep(found)]


def role_members(
    rt: Runtime, actor: Actor, account_alias: str, role_ids: Collection[int]
) -> dict[int, list[Member]]:
    """The live users of the account itself holding each of ``role_ids``, in id order
    (every id is a key). Raises ``TooManyResults`` (more than ``MAX_MEMBERS`` holdings),
    ``AccountNotFound`` or ``PermissionDenied``."""
    require(actor, Permission.USERS_VIEW)
    members: dict[int, list[Member]] = {role_id: [] for role_id in role_ids}
    if not members:
        return members
    wanted = sorted(members)
    with rt.db.read() as uow:
        account = account_in_scope(uow, actor, account_alias)
        if uow.scim.count_holdings(account, wanted) > MAX_MEMBERS:
            raise TooManyResults(f"more than {MAX_MEMBERS} members to list")
        for role_id, user_id, user_name in uow.scim.holdings(account, wanted):
            members[role_id].append(Member(user_id, user_name))
    return members


def _valid_external_id(external_id: str | None) -> str | None:
    """The external id as stored (blank: none); raises ``InvalidField`` for one that is
    too long or holds control characters."""
    return clean_text("external_id", external_id, max_length=EXTERNAL_ID_MAX)


def _apply(
    uow: UnitOfWork, rt: Runtime, actor: Actor, current: ScimUser, change: UserChange
) -> ScimUser:
    """Write ``change`` (its external id already valid) over ``current``: one save, one
    new version, audited; an unchanged user is not written."""
    profiled = ScimUser(
        current.user if change.update is None else revised(actor, current.user, change.update),
        change.external_id if change.sets_external_id else current.external_id,
    )
    status = None
    if change.active is not None:
        action = LifecycleAction.UNSUSPEND if change.active else LifecycleAction.SUSPEND
        status = status_change(actor, profiled.user, action)
    final = profiled if status is None else ScimUser(status[0], profiled.external_id)
    if final.snapshot() == current.snapshot():
        return current
    saved = ScimUser(save_status(uow, rt, final.user), final.external_id)
    if saved.external_id != current.external_id:
        uow.scim.set_external_id(saved.user.id, saved.external_id)
    if profiled.snapshot() != current.snapshot():
        record_change(uow, rt, actor, AuditAction.USER_UPDATE, before=current, after=profiled)
    if status is not None:
        record_change(uow, rt, actor, status[1], before=profiled, after=saved)
    return saved


def provision_user(
    rt: Runtime, actor: Actor, new: NewUser, *, external_id: str | None, active: bool | None
) -> ScimUser:
    """Create a user in ``new.account_alias`` with its external id, suspended at once
    when ``active`` is False: one transaction, audited as ``user.create`` (then
    ``user.suspend``).

    Raises ``InvalidField`` (the external id), ``AccountNotFound``, ``UserExists`` or
    ``PermissionDenied``.
    """
    require(actor, Permission.USERS_MANAGE)
    wanted = _valid_external_id(external_id)
    with priced_answers(rt, actor, user_holder(new.user_name)), rt.db.write() as uow:
        created = ScimUser(insert_user(uow, rt, actor, new), wanted)
        if wanted is not None:
            uow.scim.set_external_id(created.user.id, wanted)
        record_change(uow, rt, actor, AuditAction.USER_CREATE, before=None, after=created)
        return _apply(uow, rt, actor, created, UserChange(active=active))


def modify_user(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    user_id: str,
    edit: Callable[[ScimUser], UserChange],
    *,
    expected_version: int | None = None,
) -> ScimUser:
    """Apply to the live user ``user_id`` of the account itself the change ``edit``
    makes of it, in one transaction and as one new version (an unchanged user is not
    written). ``edit`` runs inside the transaction, on the user as it is now (locked), so
    a PUT or PATCH is merged into the current version without a second read.

    Raises ``UserNotFound``, ``VersionMismatch`` (``expected_version`` given and not
    current), ``InvalidField``, ``AccountNotFound``, ``PermissionDenied``, or whatever
    ``edit`` raises (nothing is written then).
    """
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        user = _own_user(uow, account_in_scope(uow, actor, account_alias), user_id)
        check_version(user, expected_version)
        current = _with_external_ids(uow, [user])[0]
        change = edit(current)
        valid = replace(change, external_id=_valid_external_id(change.external_id))
        return _apply(uow, rt, actor, current, valid)


def delete_user(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    user_id: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Delete the live user ``user_id`` of the account itself (status Deleted; the name
    is never reused). Raises ``UserNotFound``, ``VersionMismatch``, ``AccountNotFound``
    or ``PermissionDenied``."""
    require(actor, Permission.USERS_MANAGE)
    with rt.db.write() as uow:
        user = _own_user(uow, account_in_scope(uow, actor, account_alias), user_id)
        check_version(user, expected_version)
        deleted = status_change(actor, user, LifecycleAction.DELETE)
        assert deleted is not None  # a live user always changes status when deleted
        saved = save_status(uow, rt, deleted[0])
        record_change(uow, rt, actor, deleted[1], before=user, after=saved)


def _members_to_change(
    uow: UnitOfWork, account: Account, add: Collection[str], remove: Collection[str]
) -> list[User]:
    """The live users of the account named in ``add`` and ``remove``, locked; raises
    ``InvalidField`` for an id in ``add`` that names none (one in ``remove`` that names
    none holds no role here: there is nothing to revoke)."""
    numbers = {user_id: _user_number(user_id) for user_id in (*add, *remove)}
    found = uow.scim.live_users_with_ids(
        account, sorted({number for number in numbers.values() if number is not None})
    )
    known = {user.id for user in found}
    for user_id in sorted(add):
        if numbers[user_id] not in known:
            raise InvalidField("members", f"no user of this account has the id {user_id[:40]!r}")
    return found


def set_role_members(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    role_id: int,
    *,
    add: Collection[str],
    remove: Collection[str],
) -> None:
    """Grant ``role_id`` to the users ``add`` names and revoke it from those ``remove``
    names (SCIM ids of the account's own users; one in both is granted), in one
    transaction: every user is checked before anything is written, and each change is an
    audited ``user.update`` (grants first, then revocations, each in id order).

    Raises ``InvalidField`` (an unknown user in ``add``, or more than
    ``MAX_MEMBER_CHANGES`` users), ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.USERS_MANAGE)
    if len(add) + len(remove) > MAX_MEMBER_CHANGES:
        raise InvalidField("members", f"at most {MAX_MEMBER_CHANGES} members change per request")
    granted = {_user_number(user_id) for user_id in add}
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, account_alias)
        users = _members_to_change(uow, account, add, remove)
        for user in sorted(users, key=lambda user: (user.id not in granted, user.id)):
            held = set(user.roles) - {role_id}
            roles = tuple(sorted(held | {role_id} if user.id in granted else held))
            if roles != user.roles:
                saved = uow.users.save(regranted(actor, user, roles), rt.clock())
                record_change(uow, rt, actor, AuditAction.USER_UPDATE, before=user, after=saved)
