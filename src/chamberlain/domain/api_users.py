"""API users: the v1 callers. They act with full power inside their account's tree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class ApiUser:
    """An API user as the services see it; the password hash never leaves ``db/``."""

    id: int
    api_key: str
    account_alias: str
    account_path: str
    enabled: bool
    account_active: bool
    created_at: datetime
    last_used_at: datetime | None

    @property
    def may_log_on(self) -> bool:
        """Whether this API user may hold a session right now."""
        return self.enabled and self.account_active


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A v1 session as stored: its deadlines and the API user holding it."""

    id: int
    last_seen_at: datetime
    expires_at: datetime
    api_user: ApiUser

    def is_live(self, now: datetime, idle_timeout: timedelta) -> bool:
        """Live when neither deadline has passed and the API user may still log on."""
        return (
            now < self.expires_at
            and now - self.last_seen_at < idle_timeout
            and self.api_user.may_log_on
        )
