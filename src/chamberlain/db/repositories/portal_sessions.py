"""Control Portal sessions, kept as digests of their cookie values."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow, PortalSessionRow, UserRow
from chamberlain.db.repositories._shared import chain_active, table_of
from chamberlain.db.repositories.users import user_select, users_from_rows
from chamberlain.domain.portal_sessions import StoredPortalSession
from chamberlain.domain.users import User

_sessions = table_of(PortalSessionRow)
_accounts = table_of(AccountRow)

# Core rows, built once: this runs on every portal request.
_BY_DIGEST: Select[Any] = (
    user_select()
    .add_columns(
        _sessions.c.id.label("session_id"),
        _sessions.c.created_at,
        _sessions.c.last_seen_at,
        _sessions.c.expires_at,
        _sessions.c.authenticated_at,
        _accounts.c.status.label("account_status"),
    )
    .join(_sessions, _sessions.c.user_id == user_select().selected_columns.id)
    .where(_sessions.c.token_digest == bindparam("digest"))
)


class PortalSessionRepository:
    """Portal sessions of person-users."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, digest: str, user: User, now: datetime, expires_at: datetime) -> None:
        """Store a new session, its password entered ``now``."""
        self._session.add(
            PortalSessionRow(
                token_digest=digest,
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=expires_at,
                authenticated_at=now,
            )
        )
        self._session.flush()

    def find(self, digest: str) -> StoredPortalSession | None:
        """Return the session stored under ``digest`` with its user."""
        connection = self._session.connection()
        row = connection.execute(_BY_DIGEST, {"digest": digest}).first()
        if row is None:
            return None
        return StoredPortalSession(
            id=row.session_id,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            expires_at=row.expires_at,
            authenticated_at=row.authenticated_at,
            user=users_from_rows(connection, [row])[0],
            account_chain_active=chain_active(self._session, row.path, row.account_status),
        )

    def touch(self, session_id: int, now: datetime) -> None:
        """Move a session's idle deadline forward."""
        self._session.execute(
            update(PortalSessionRow)
            .where(PortalSessionRow.id == session_id)
            .values(last_seen_at=now)
        )

    def reauthenticated(self, session_id: int, now: datetime) -> None:
        """Record that the password was entered again in this session just now."""
        self._session.execute(
            update(PortalSessionRow)
            .where(PortalSessionRow.id == session_id)
            .values(authenticated_at=now, last_seen_at=now)
        )

    def remove(self, digest: str) -> None:
        """End a session (no error when it is already gone)."""
        self._session.execute(
            delete(PortalSessionRow).where(PortalSessionRow.token_digest == digest)
        )

    def remove_for_user(self, user: User) -> None:
        """End every session of one user."""
        self._session.execute(delete(PortalSessionRow).where(PortalSessionRow.user_id == user.id))

    def remove_in_tree(self, path: str) -> None:
        """End every session of the users of the accounts at and below ``path``."""
        users = select(UserRow.id).join(AccountRow).where(AccountRow.path.startswith(path))
        self._session.execute(delete(PortalSessionRow).where(PortalSessionRow.user_id.in_(users)))

    def purge_ended(self, now: datetime, idle_timeout: timedelta) -> int:
        """Delete sessions past their end or idle longer than ``idle_timeout``; how many."""
        result = self._session.connection().execute(
            delete(PortalSessionRow).where(
                or_(
                    PortalSessionRow.expires_at <= now,
                    PortalSessionRow.last_seen_at <= now - idle_timeout,
                )
            )
        )
        return int(result.rowcount)
