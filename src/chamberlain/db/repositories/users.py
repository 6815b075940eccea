"""Person-users, their roles and passwords."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow, UserRoleRow, UserRow
from chamberlain.db.repositories._shared import chain_active, is_violation_of, table_of
from chamberlain.domain.accounts import Account
from chamberlain.domain.users import (
    PROFILE_FIELDS,
    NewUser,
    Profile,
    User,
    UserFilters,
    UserStatus,
    user_name_key,
)
from chamberlain.errors import UserExists, VersionMismatch

_users = table_of(UserRow)
_accounts = table_of(AccountRow)
_roles = table_of(UserRoleRow)

# Core, not ORM entities: these run on every request, and building domain objects straight
# from rows costs a fraction of loading mapped objects and their relationships.
_USER_SELECT: Select[Any] = select(
    _users.c.id,
    _users.c.user_name,
    *(_users.c[name] for name in PROFILE_FIELDS),
    _users.c.status,
    _users.c.version,
    _accounts.c.alias,
    _accounts.c.path,
    _accounts.c.time_zone,
).join_from(_users, _accounts, _accounts.c.id == _users.c.account_id)


# Built once with bound parameters: SQLAlchemy then reuses one compiled form and its cache
# key instead of rebuilding both on every call.
_BY_NAME_KEY: Select[Any] = _USER_SELECT.where(_users.c.user_name_key == bindparam("key"))
_BY_NAME_KEY_FOR_UPDATE = _BY_NAME_KEY.with_for_update(of=_users)
_ROLES_OF = (
    select(_roles.c.user_id, _roles.c.role_id)
    .where(_roles.c.user_id.in_(bindparam("ids", expanding=True)))
    .order_by(_roles.c.user_id, _roles.c.role_id)
)


def _roles_of(connection: Connection, user_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Each user's role ids, ascending (users without roles are absent)."""
    if not user_ids:
        return {}
    held: dict[int, list[int]] = {}
    for user_id, role_id in connection.execute(_ROLES_OF, {"ids": list(user_ids)}):
        held.setdefault(user_id, []).append(role_id)
    return {user_id: tuple(roles) for user_id, roles in held.items()}


def _to_user(row: Row[Any], roles: tuple[int, ...]) -> User:
    mapping = row._mapping
    return User(
        id=mapping["id"],
        user_name=mapping["user_name"],
        account_alias=mapping["alias"],
        account_path=mapping["path"],
        account_time_zone=mapping["time_zone"],
        profile=Profile(**{name: mapping[name] for name in PROFILE_FIELDS}),
        status=UserStatus(mapping["status"]),
        roles=roles,
        version=mapping["version"],
    )


def users_from_rows(connection: Connection, rows: Sequence[Row[Any]]) -> list[User]:
    """Domain users for rows of ``user_select()``, with their roles (one more query)."""
    roles = _roles_of(connection, [row.id for row in rows])
    return [_to_user(row, roles.get(row.id, ())) for row in rows]


def user_select(*, for_update: bool = False) -> Select[Any]:
    """The columns ``users_from_rows`` needs, users joined to their accounts; with
    ``for_update``, the user rows read are locked until the transaction ends."""
    return _USER_SELECT.with_for_update(of=_users) if for_update else _USER_SELECT


class UserRepository:
    """Person-users and their roles.

    With ``for_update`` (write transactions), a user looked up by name is locked until
    the transaction ends. On PostgreSQL, whose writers do not queue on one lock as
    SQLite's do, a second writer of the same user then waits for the first and reads what
    it wrote, so a read-modify-write never loses the other's change nor fails for it.
    """

    def __init__(self, session: Session, *, for_update: bool = False) -> None:
        self._session = session
        self._find = _BY_NAME_KEY_FOR_UPDATE if for_update else _BY_NAME_KEY

    def _connection(self) -> Connection:
        return self._session.connection()

    def find(self, user_name: str) -> User | None:
        """Return the user with this name (any status), matched on the folded name."""
        connection = self._connection()
        row = connection.execute(self._find, {"key": user_name_key(user_name)}).first()
        return None if row is None else users_from_rows(connection, [row])[0]

    def find_within(self, user_name: str, tree_path: str) -> User | None:
        """Return the live user with this name if its account sits at or below
        ``tree_path`` (locked as ``find`` locks): tenant scope is part of the query."""
        connection = self._connection()
        query = self._find.where(
            _accounts.c.path.startswith(tree_path), _users.c.status != UserStatus.DELETED.value
        )
        row = connection.execute(query, {"key": user_name_key(user_name)}).first()
        return None if row is None else users_from_rows(connection, [row])[0]

    def credentials(self, user_name: str) -> tuple[User, str | None, bool] | None:
        """Return ``(user, password hash, account chain active)`` for a log-on attempt."""
        connection = self._connection()
        row = connection.execute(
            _USER_SELECT.add_columns(
                _users.c.password_hash, _accounts.c.status.label("a_status")
            ).where(_users.c.user_name_key == user_name_key(user_name))
        ).first()
        if row is None:
            return None
        user = users_from_rows(connection, [row])[0]
        active = chain_active(self._session, row.path, row.a_status)
        return user, row.password_hash, active

    def in_account(self, account: Account) -> list[User]:
        """Return the account's users that are not deleted, oldest first."""
        return self._many(
            _USER_SELECT.where(
                _users.c.account_id == account.id, _users.c.status != UserStatus.DELETED
            ).order_by(_users.c.id)
        )

    def search(
        self, account: Account, filters: UserFilters, *, after_id: int, limit: int
    ) -> list[User]:
        """Live users of one account matching every filter, by id, after ``after_id``."""
        query = self._filtered(_USER_SELECT, account, filters).where(_users.c.id > after_id)
        return self._many(query.order_by(_users.c.id).limit(limit))

    def _many(self, query: Select[Any]) -> list[User]:
        connection = self._connection()
        return users_from_rows(connection, connection.execute(query).all())

    def count(self, account: Account, filters: UserFilters) -> int:
        """How many live users of one account match every filter."""
        query = self._filtered(select(func.count()).select_from(_users), account, filters)
        return int(self._connection().execute(query).scalar_one())

    @staticmethod
    def _filtered(query: Select[Any], account: Account, filters: UserFilters) -> Select[Any]:
        query = query.where(
            _users.c.account_id == account.id, _users.c.status != UserStatus.DELETED
        )
        if filters.user_name is not None:
            query = query.where(_users.c.user_name_key == user_name_key(filters.user_name))
        if filters.email is not None:
            query = query.where(func.lower(_users.c.email) == filters.email.lower())
        if filters.status is not None:
            query = query.where(_users.c.status == filters.status)
        if filters.role is not None:
            holders = select(_roles.c.user_id).where(_roles.c.role_id == filters.role)
            query = query.where(_users.c.id.in_(holders))
        if filters.name_prefix is not None:
            # Literal prefix: LIKE wildcards in the input must not widen the match.
            prefix = filters.name_prefix.lower()
            query = query.where(
                or_(
                    func.substr(func.lower(_users.c.first_name), 1, len(prefix)) == prefix,
                    func.substr(func.lower(_users.c.last_name), 1, len(prefix)) == prefix,
                )
            )
        return query

    def add(self, new: NewUser, account: Account, now: datetime) -> User:
        """Insert a user; raises ``UserExists`` when the folded name is taken."""
        connection = self._connection()
        values = {name: getattr(new.profile, name) for name in PROFILE_FIELDS}
        try:
            user_id = connection.execute(
                insert(_users).returning(_users.c.id),
                {
                    "account_id": account.id,
                    "user_name": new.user_name,
                    "user_name_key": user_name_key(new.user_name),
                    "status": UserStatus.ACTIVE.value,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    **values,
                },
            ).scalar_one()
        except IntegrityError as exc:
            if is_violation_of(exc, "uq_users_user_name_key", "users.user_name_key"):
                raise UserExists(new.user_name) from exc
            raise
        self._insert_roles(connection, user_id, new.roles)
        return User(
            id=user_id,
            user_name=new.user_name,
            account_alias=account.alias,
            account_path=account.path,
            account_time_zone=account.time_zone,
            profile=new.profile,
            status=UserStatus.ACTIVE,
            roles=new.roles,
            version=1,
        )

    @staticmethod
    def _insert_roles(connection: Connection, user_id: int, roles: Sequence[int]) -> None:
        if roles:
            connection.execute(
                insert(_roles), [{"user_id": user_id, "role_id": role} for role in roles]
            )

    def save(self, user: User, now: datetime) -> User:
        """Write ``user``'s profile, status and roles; returns it with the version bumped.

        The write applies only while the stored version is still ``user.version``; a
        writer that came between (possible on PostgreSQL, whose writers do not queue on
        one lock) makes this raise ``VersionMismatch`` instead of being overwritten.
        """
        connection = self._connection()
        written = connection.execute(
            update(_users)
            .where(_users.c.id == user.id, _users.c.version == user.version)
            .values(
                status=user.status.value,
                version=user.version + 1,
                updated_at=now,
                **{name: getattr(user.profile, name) for name in PROFILE_FIELDS},
            )
        )
        if written.rowcount != 1:
            raise VersionMismatch("the user changed while this change was being made")
        if _roles_of(connection, [user.id]).get(user.id, ()) != user.roles:
            connection.execute(delete(_roles).where(_roles.c.user_id == user.id))
            self._insert_roles(connection, user.id, user.roles)
        return replace(user, version=user.version + 1)

    def set_password_hash(self, user: User, password_hash: str, now: datetime) -> None:
        """Store a new password hash."""
        self._session.execute(
            update(UserRow)
            .where(UserRow.id == user.id)
            .values(password_hash=password_hash, updated_at=now)
        )
