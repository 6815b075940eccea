"""API users, v1 sessions and v2 bearer tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow, ApiUserRow, BearerTokenRow, SessionRow, UserRow
from chamberlain.db.repositories._shared import chain_active, table_of
from chamberlain.db.repositories.users import user_select, users_from_rows
from chamberlain.domain.accounts import Account
from chamberlain.domain.api_users import (
    ApiUser,
    StoredSession,
    loaded_permissions,
    stored_permissions,
)
from chamberlain.domain.users import User

_api_users = table_of(ApiUserRow)
_accounts = table_of(AccountRow)
_sessions = table_of(SessionRow)
_bearer_tokens = table_of(BearerTokenRow)

# Core rows, not ORM entities: a session or token is looked up on every request.
_API_USER_SELECT: Select[Any] = select(
    _api_users.c.id,
    _api_users.c.api_key,
    _api_users.c.enabled,
    _api_users.c.created_at,
    _api_users.c.last_used_at,
    _api_users.c.retires_at,
    _api_users.c.permissions,
    _accounts.c.alias,
    _accounts.c.path,
    _accounts.c.status.label("account_status"),
).join_from(_api_users, _accounts, _accounts.c.id == _api_users.c.account_id)


# Built once with bound parameters (one of them runs on every authenticated request).
_SESSION_BY_DIGEST = (
    _API_USER_SELECT.add_columns(
        _sessions.c.id.label("session_id"), _sessions.c.last_seen_at, _sessions.c.expires_at
    )
    .join(_sessions, _sessions.c.api_user_id == _api_users.c.id)
    .where(_sessions.c.token_digest == bindparam("digest"), _api_users.c.deleted_at.is_(None))
)
_BEARER_BY_DIGEST = (
    user_select()
    .add_columns(_bearer_tokens.c.expires_at, _accounts.c.status.label("account_status"))
    .join(_bearer_tokens, _bearer_tokens.c.user_id == user_select().selected_columns.id)
    .where(_bearer_tokens.c.token_digest == bindparam("digest"))
)


def _to_api_user(session: Session, row: Row[Any]) -> ApiUser:
    return ApiUser(
        id=row.id,
        api_key=row.api_key,
        account_alias=row.alias,
        account_path=row.path,
        enabled=row.enabled,
        account_active=chain_active(session, row.path, row.account_status),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        retires_at=row.retires_at,
        permissions=loaded_permissions(row.permissions),
    )


class ApiUserRepository:
    """v1 API users and their password hashes. Deleted API users are never returned."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        *,
        account: Account,
        api_key: str,
        password_hash: str,
        permissions: frozenset[str] | None,
        now: datetime,
    ) -> ApiUser:
        """Insert an API user holding ``permissions`` (None: full power). Keys are 128
        random bits: a collision is not handled."""
        row = ApiUserRow(
            account_id=account.id,
            api_key=api_key,
            password_hash=password_hash,
            enabled=True,
            created_at=now,
            permissions=stored_permissions(permissions),
        )
        self._session.add(row)
        self._session.flush()
        return ApiUser(
            id=row.id,
            api_key=api_key,
            account_alias=account.alias,
            account_path=account.path,
            enabled=True,
            account_active=account.is_active,
            created_at=now,
            last_used_at=None,
            permissions=permissions,
        )

    def _live(self, api_key: str) -> Select[Any]:
        return _API_USER_SELECT.where(
            _api_users.c.api_key == api_key, _api_users.c.deleted_at.is_(None)
        )

    def find(self, api_key: str) -> ApiUser | None:
        """Return the API user with this key."""
        row = self._session.connection().execute(self._live(api_key)).first()
        return None if row is None else _to_api_user(self._session, row)

    def find_within(self, api_key: str, tree_path: str) -> ApiUser | None:
        """Return the API user with this key if its account sits at or below
        ``tree_path``: tenant scope is part of the query."""
        query = self._live(api_key).where(_accounts.c.path.startswith(tree_path))
        row = self._session.connection().execute(query).first()
        return None if row is None else _to_api_user(self._session, row)

    def credentials(self, api_key: str) -> tuple[ApiUser, str] | None:
        """Return the API user with this key and its password hash."""
        query = self._live(api_key).add_columns(_api_users.c.password_hash)
        row = self._session.connection().execute(query).first()
        return None if row is None else (_to_api_user(self._session, row), row.password_hash)

    def in_tree(self, path: str) -> list[ApiUser]:
        """Every API user of the accounts at and below ``path``, oldest first."""
        rows = self._session.connection().execute(
            _API_USER_SELECT.where(
                _accounts.c.path.startswith(path), _api_users.c.deleted_at.is_(None)
            ).order_by(_api_users.c.id)
        )
        return [_to_api_user(self._session, row) for row in rows]

    def mark_used(self, api_user: ApiUser, now: datetime) -> None:
        """Record a successful logon."""
        self._session.execute(
            update(ApiUserRow).where(ApiUserRow.id == api_user.id).values(last_used_at=now)
        )

    def set_enabled(self, api_user: ApiUser, enabled: bool) -> None:
        """Enable or disable a key."""
        self._session.execute(
            update(ApiUserRow).where(ApiUserRow.id == api_user.id).values(enabled=enabled)
        )

    def retire_at(self, api_user: ApiUser, when: datetime) -> None:
        """Make a key stop working at ``when`` (rotation's grace period)."""
        self._session.execute(
            update(ApiUserRow).where(ApiUserRow.id == api_user.id).values(retires_at=when)
        )

    def delete(self, api_user: ApiUser, now: datetime) -> None:
        """Delete a key (the row stays, for the audit trail)."""
        self._session.execute(
            update(ApiUserRow).where(ApiUserRow.id == api_user.id).values(deleted_at=now)
        )


class SessionRepository:
    """v1 sessions, kept as token digests."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, digest: str, api_user: ApiUser, now: datetime, expires_at: datetime) -> None:
        """Store a new session."""
        self._session.add(
            SessionRow(
                token_digest=digest,
                api_user_id=api_user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=expires_at,
            )
        )
        self._session.flush()

    def find(self, digest: str) -> StoredSession | None:
        """Return the session stored under ``digest`` (its API user not deleted)."""
        row = self._session.connection().execute(_SESSION_BY_DIGEST, {"digest": digest}).first()
        if row is None:
            return None
        return StoredSession(
            id=row.session_id,
            last_seen_at=row.last_seen_at,
            expires_at=row.expires_at,
            api_user=_to_api_user(self._session, row),
        )

    def touch(self, session_id: int, now: datetime) -> None:
        """Move a session's idle deadline forward."""
        self._session.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(last_seen_at=now)
        )

    def remove(self, digest: str) -> None:
        """End a session (no error when it is already gone)."""
        self._session.execute(delete(SessionRow).where(SessionRow.token_digest == digest))

    def remove_for_api_user(self, api_user: ApiUser) -> None:
        """End every session of one API user."""
        self._session.execute(delete(SessionRow).where(SessionRow.api_user_id == api_user.id))

    def remove_in_tree(self, path: str) -> None:
        """End every session of the API users at and below ``path``."""
        api_users = select(ApiUserRow.id).join(AccountRow).where(AccountRow.path.startswith(path))
        self._session.execute(delete(SessionRow).where(SessionRow.api_user_id.in_(api_users)))

    def purge_ended(self, now: datetime, idle_timeout: timedelta) -> int:
        """Delete sessions past their end or idle longer than ``idle_timeout``; how many."""
        result = self._session.connection().execute(
            delete(_sessions).where(
                or_(_sessions.c.expires_at <= now, _sessions.c.last_seen_at <= now - idle_timeout)
            )
        )
        return int(result.rowcount)


class BearerTokenRepository:
    """v2 bearer tokens of person-users, kept as digests."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, digest: str, user: User, now: datetime, expires_at: datetime) -> None:
        """Store a new token."""
        self._session.add(
            BearerTokenRow(
                token_digest=digest, user_id=user.id, created_at=now, expires_at=expires_at
            )
        )
        self._session.flush()

    def find(self, digest: str) -> tuple[datetime, User, bool] | None:
        """Return ``(expiry, user, account chain active)`` for a token digest."""
        connection = self._session.connection()
        row = connection.execute(_BEARER_BY_DIGEST, {"digest": digest}).first()
        if row is None:
            return None
        user = users_from_rows(connection, [row])[0]
        return row.expires_at, user, chain_active(self._session, row.path, row.account_status)

    def remove_for_user(self, user: User) -> None:
        """Revoke every token of one user."""
        self._session.execute(delete(BearerTokenRow).where(BearerTokenRow.user_id == user.id))

    def remove_in_tree(self, path: str) -> None:
        """Revoke every token of the users of the accounts at and below ``path``."""
        users = select(UserRow.id).join(AccountRow).where(AccountRow.path.startswith(path))
        self._session.execute(delete(BearerTokenRow).where(BearerTokenRow.user_id.in_(users)))

    def remove(self, digest: str) -> None:
        """End a token (no error when it is already gone)."""
        self._session.execute(delete(_bearer_tokens).where(_bearer_tokens.c.token_digest == digest))

    def purge_ended(self, now: datetime) -> int:
        """Delete tokens past their end; how many."""
        result = self._session.connection().execute(
            delete(_bearer_tokens).where(_bearer_tokens.c.expires_at <= now)
        )
        return int(result.rowcount)
