"""API users: the v1 callers. They act inside their account's tree with the permissions
they were created with: every permission (None) when an operator or a full-power API user
created them, as in v1; the creator's permissions when a person-user or a bounded API user
did (the no-escalation rule, ``domain.permissions``).

An API user's key stops working when it is disabled or deleted, when rotation's grace
period ends (``retires_at``), or while its account or any ancestor is suspended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from chamberlain.domain.audit import Actor, ActorKind, Authority, Face


class ApiUserState(StrEnum):
    """What ``api-users list`` shows."""

    ENABLED = "enabled"
    DISABLED = "disabled"
    RETIRING = "retiring"
    RETIRED = "retired"
    ACCOUNT_SUSPENDED = "account suspended"


@dataclass(frozen=True, slots=True)
class ApiUser:
    """An API user as the services see it; the password hash never leaves ``db/``.

    ``account_active`` is False while the account or one of its ancestors is suspended.
    ``permissions`` is None for a full-power API user.
    """

    id: int
    api_key: str
    account_alias: str
    account_path: str
    enabled: bool
    account_active: bool
    created_at: datetime
    last_used_at: datetime | None
    retires_at: datetime | None = None
    permissions: frozenset[str] | None = None

    def actor(self, face: Face, request_id: str | None = None) -> Actor:
        """The actor this API user is when it calls, holding its permissions."""
        return Actor(
            kind=ActorKind.API_USER,
            label=self.api_key,
            account_alias=self.account_alias,
            tree_path=self.account_path,
            face=face,
            authority=Authority.of(self.permissions),
            request_id=request_id,
        )

    def may_log_on(self, now: datetime) -> bool:
        """Whether this API user may hold a session at ``now``."""
        return self.state(now) in (ApiUserState.ENABLED, ApiUserState.RETIRING)

    def state(self, now: datetime) -> ApiUserState:
        """The state an operator sees."""
        if not self.enabled:
            return ApiUserState.DISABLED
        if not self.account_active:
            return ApiUserState.ACCOUNT_SUSPENDED
        if self.retires_at is not None:
            return ApiUserState.RETIRING if now < self.retires_at else ApiUserState.RETIRED
        return ApiUserState.ENABLED


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
            and self.api_user.may_log_on(now)
        )


def stored_permissions(permissions: frozenset[str] | None) -> str | None:
    """``permissions`` as the database keeps them: sorted, space-separated (None: full
    power)."""
    return None if permissions is None else " ".join(sorted(permissions))


def loaded_permissions(stored: str | None) -> frozenset[str] | None:
    """The inverse of ``stored_permissions``."""
    return None if stored is None else frozenset(stored.split())
