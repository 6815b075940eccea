"""Person-users, their roles and passwords."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer

from chamberlain.db.models import UserRoleRow, UserRow
from chamberlain.db.repositories._shared import chain_active, is_violation_of
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
from chamberlain.errors import UserExists


def to_user(row: UserRow) -> User:
    profile = Profile(**{name: getattr(row, name) for name in PROFILE_FIELDS})
    return User(
        id=row.id,
        user_name=row.user_name,
        account_alias=row.account.alias,
        account_path=row.account.path,
        account_time_zone=row.account.time_zone,
        profile=profile,
        status=UserStatus(row.status),
        roles=tuple(role.role_id for role in row.role_rows),
        version=row.version,
    )


class UserRepository:
    """Person-users and their roles."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, user_name: str) -> User | None:
        """Return the user with this name (any status), matched on the folded name."""
        row = self._session.scalars(
            select(UserRow).where(UserRow.user_name_key == user_name_key(user_name))
        ).first()
        return None if row is None else to_user(row)

    def credentials(self, user_name: str) -> tuple[User, str | None, bool] | None:
        """Return ``(user, password hash, account chain active)`` for a log-on attempt."""
        row = self._session.scalars(
            select(UserRow)
            .options(undefer(UserRow.password_hash))
            .where(UserRow.user_name_key == user_name_key(user_name))
        ).first()
        if row is None:
            return None
        return to_user(row), row.password_hash, chain_active(self._session, row.account)

    def in_account(self, account: Account) -> list[User]:
        """Return the account's users that are not deleted, oldest first."""
        rows = self._session.scalars(
            select(UserRow)
            .where(UserRow.account_id == account.id, UserRow.status != UserStatus.DELETED)
            .order_by(UserRow.id)
        )
        return [to_user(row) for row in rows]

    def search(
        self, account: Account, filters: UserFilters, *, after_id: int, limit: int
    ) -> list[User]:
        """Live users of one account matching every filter, by id, after ``after_id``."""
        query = self._filtered(account, filters).where(UserRow.id > after_id)
        rows = self._session.scalars(query.order_by(UserRow.id).limit(limit))
        return [to_user(row) for row in rows]

    def count(self, account: Account, filters: UserFilters) -> int:
        """How many live users of one account match every filter."""
        query = self._filtered(account, filters).with_only_columns(func.count(UserRow.id))
        return int(self._session.scalar(query.order_by(None)) or 0)

    @staticmethod
    def _filtered(account: Account, filters: UserFilters) -> Select[UserRow]:
        query = select(UserRow).where(
            UserRow.account_id == account.id, UserRow.status != UserStatus.DELETED
        )
        if filters.user_name is not None:
            query = query.where(UserRow.user_name_key == user_name_key(filters.user_name))
        if filters.email is not None:
            query = query.where(func.lower(UserRow.email) == filters.email.lower())
        if filters.status is not None:
            query = query.where(UserRow.status == filters.status)
        if filters.role is not None:
            holders = select(UserRoleRow.user_id).where(UserRoleRow.role_id == filters.role)
            query = query.where(UserRow.id.in_(holders))
        if filters.name_prefix is not None:
            # Literal prefix: LIKE wildcards in the input must not widen the match.
            prefix = filters.name_prefix.lower()
            query = query.where(
                or_(
                    func.substr(func.lower(UserRow.first_name), 1, len(prefix)) == prefix,
                    func.substr(func.lower(UserRow.last_name), 1, len(prefix)) == prefix,
                )
            )
        return query

    def add(self, new: NewUser, account: Account, now: datetime) -> User:
        """Insert a user; raises ``UserExists`` when the folded name is taken."""
        row = UserRow(
            account_id=account.id,
            user_name=new.user_name,
            user_name_key=user_name_key(new.user_name),
            status=UserStatus.ACTIVE,
            version=1,
            created_at=now,
            updated_at=now,
            role_rows=[UserRoleRow(role_id=role) for role in new.roles],
            **{name: getattr(new.profile, name) for name in PROFILE_FIELDS},
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as exc:
            if is_violation_of(exc, "uq_users_user_name_key", "users.user_name_key"):
                raise UserExists(new.user_name) from exc
            raise
        # Built from what is at hand: a refresh would cost a query per create.
        return User(
            id=row.id,
            user_name=new.user_name,
            account_alias=account.alias,
            account_path=account.path,
            account_time_zone=account.time_zone,
            profile=new.profile,
            status=UserStatus.ACTIVE,
            roles=new.roles,
            version=1,
        )

    def save(self, user: User, now: datetime) -> User:
        """Write ``user``'s profile, status and roles; returns it with the version bumped."""
        row = self._session.get_one(UserRow, user.id)
        for name in PROFILE_FIELDS:
            setattr(row, name, getattr(user.profile, name))
        row.status = user.status
        if tuple(r.role_id for r in row.role_rows) != user.roles:
            row.role_rows = [UserRoleRow(role_id=role) for role in user.roles]
        row.version += 1
        row.updated_at = now
        self._session.flush()
        return to_user(row)

    def set_password_hash(self, user: User, password_hash: str, now: datetime) -> None:
        """Store a new password hash."""
        self._session.execute(
            update(UserRow)
            .where(UserRow.id == user.id)
            .values(password_hash=password_hash, updated_at=now)
        )
