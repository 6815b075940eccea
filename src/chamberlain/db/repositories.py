"""Repositories: SQL in, domain objects out.

Each repository works inside the caller's session and never commits. Integrity errors
that mean "already taken" become the matching domain error here, because only this
layer knows which constraint backs which rule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.models import (
    AccountRow,
    ApiUserRow,
    AuditRow,
    SessionRow,
    UserRoleRow,
    UserRow,
)
from chamberlain.domain.accounts import ACTIVE_STATUSES, Account, AccountStatus, child_path
from chamberlain.domain.api_users import ApiUser, StoredSession
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.users import (
    PROFILE_FIELDS,
    NewUser,
    Profile,
    User,
    UserStatus,
    user_name_key,
)
from chamberlain.errors import AccountExists, UserExists


def _is_violation_of(exc: IntegrityError, constraint: str, column: str) -> bool:
    """Whether ``exc`` broke ``constraint`` (PostgreSQL names it; SQLite names the column)."""
    diag = getattr(exc.orig, "diag", None)
    if getattr(diag, "constraint_name", None) == constraint:
        return True
    return f"UNIQUE constraint failed: {column}" in str(exc.orig)


def _to_account(row: AccountRow) -> Account:
    return Account(
        id=row.id,
        alias=row.alias,
        path=row.path,
        location=row.location,
        business_name=row.business_name,
        time_zone=row.time_zone,
        status=AccountStatus(row.status),
        share_parent_networks=row.share_parent_networks,
        support_level=row.support_level,
    )


class AccountRepository:
    """Accounts and the tree."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, alias: str) -> Account | None:
        """Return the account with this (normalised) alias."""
        row = self._session.scalars(select(AccountRow).where(AccountRow.alias == alias)).first()
        return None if row is None else _to_account(row)

    def subtree(self, path: str) -> list[Account]:
        """Return the account at ``path`` and all its descendants, parents before children."""
        rows = self._session.scalars(
            select(AccountRow).where(AccountRow.path.startswith(path)).order_by(AccountRow.path)
        )
        return [_to_account(row) for row in rows]

    def has_root(self) -> bool:
        """Whether any root account exists (the database is initialised)."""
        return bool(self._session.scalar(select(exists().where(AccountRow.parent_id.is_(None)))))

    def add(
        self,
        *,
        alias: str,
        parent: Account | None,
        location: str,
        business_name: str,
        time_zone: str,
        now: datetime,
    ) -> Account:
        """Insert an account; raises ``AccountExists`` when the alias is taken."""
        row = AccountRow(
            alias=alias,
            parent_id=parent.id if parent else None,
            path=child_path(parent.path if parent else None, alias),
            location=location,
            business_name=business_name,
            time_zone=time_zone,
            status=AccountStatus.ACTIVE,
            share_parent_networks=False,
            support_level="developer",
            created_at=now,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as exc:
            if _is_violation_of(exc, "uq_accounts_alias", "accounts.alias"):
                raise AccountExists(alias) from exc
            raise
        return _to_account(row)


def _to_user(row: UserRow) -> User:
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
        row = self._row(user_name)
        return None if row is None else _to_user(row)

    def _row(self, user_name: str) -> UserRow | None:
        return self._session.scalars(
            select(UserRow).where(UserRow.user_name_key == user_name_key(user_name))
        ).first()

    def in_account(self, account_id: int) -> list[User]:
        """Return the account's users that are not deleted, oldest first."""
        rows = self._session.scalars(
            select(UserRow)
            .where(UserRow.account_id == account_id, UserRow.status != UserStatus.DELETED)
            .order_by(UserRow.id)
        )
        return [_to_user(row) for row in rows]

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
            if _is_violation_of(exc, "uq_users_user_name_key", "users.user_name_key"):
                raise UserExists(new.user_name) from exc
            raise
        self._session.refresh(row)
        return _to_user(row)

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
        return _to_user(row)


def _to_api_user(row: ApiUserRow) -> ApiUser:
    return ApiUser(
        id=row.id,
        api_key=row.api_key,
        account_alias=row.account.alias,
        account_path=row.account.path,
        enabled=row.enabled,
        account_active=AccountStatus(row.account.status) in ACTIVE_STATUSES,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )


class ApiUserRepository:
    """v1 API users and their password hashes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, account: Account, api_key: str, password_hash: str, now: datetime) -> ApiUser:
        """Insert an API user (keys are 128 random bits: a collision is not handled)."""
        row = ApiUserRow(
            account_id=account.id,
            api_key=api_key,
            password_hash=password_hash,
            enabled=True,
            created_at=now,
        )
        self._session.add(row)
        self._session.flush()
        self._session.refresh(row)
        return _to_api_user(row)

    def credentials(self, api_key: str) -> tuple[ApiUser, str] | None:
        """Return the API user with this key and its password hash."""
        row = self._session.scalars(select(ApiUserRow).where(ApiUserRow.api_key == api_key)).first()
        return None if row is None else (_to_api_user(row), row.password_hash)

    def mark_used(self, api_user_id: int, now: datetime) -> None:
        """Record a successful logon."""
        self._session.execute(
            update(ApiUserRow).where(ApiUserRow.id == api_user_id).values(last_used_at=now)
        )


class SessionRepository:
    """v1 sessions, kept as token digests."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, digest: str, api_user_id: int, now: datetime, expires_at: datetime) -> None:
        """Store a new session."""
        self._session.add(
            SessionRow(
                token_digest=digest,
                api_user_id=api_user_id,
                created_at=now,
                last_seen_at=now,
                expires_at=expires_at,
            )
        )
        self._session.flush()

    def find(self, digest: str) -> StoredSession | None:
        """Return the session stored under ``digest``."""
        row = self._session.execute(
            select(SessionRow, ApiUserRow)
            .join(ApiUserRow, ApiUserRow.id == SessionRow.api_user_id)
            .where(SessionRow.token_digest == digest)
        ).first()
        if row is None:
            return None
        session_row, api_user_row = row
        return StoredSession(
            id=session_row.id,
            last_seen_at=session_row.last_seen_at,
            expires_at=session_row.expires_at,
            api_user=_to_api_user(api_user_row),
        )

    def touch(self, session_id: int, now: datetime) -> None:
        """Move a session's idle deadline forward."""
        self._session.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(last_seen_at=now)
        )

    def remove(self, digest: str) -> None:
        """End a session (no error when it is already gone)."""
        self._session.execute(delete(SessionRow).where(SessionRow.token_digest == digest))


class AuditRepository:
    """The audit trail (append only)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        *,
        actor: Actor,
        action: AuditAction,
        target_kind: str,
        target_label: str,
        target_path: str,
        changes: dict[str, list[object]],
        now: datetime,
    ) -> None:
        """Append one record to the current transaction."""
        self._session.add(
            AuditRow(
                occurred_at=now,
                action=action,
                face=actor.face,
                request_id=actor.request_id,
                actor_kind=actor.kind,
                actor_label=actor.label,
                actor_account=actor.account_alias,
                target_kind=target_kind,
                target_label=target_label,
                target_account_path=target_path,
                changes=changes,
            )
        )
        self._session.flush()
