"""Control Portal sessions: what is stored and when one is still live.

A session's cookie value is 256 random bits; only its SHA-256 is stored. It ends after
``idle_timeout`` without use, at its absolute ``expires_at``, when it is signed out, and
at once when its user may no longer sign in (suspended, deleted, account chain out of
service) or changes its password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chamberlain.domain.users import User, UserStatus

# Creating an API user or changing one's own password needs a password entered this recently.
REAUTHENTICATION_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class StoredPortalSession:
    """A portal session as stored, with its user and whether the user's account and
    every ancestor are in service."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    authenticated_at: datetime
    user: User
    account_chain_active: bool

    def is_live(self, now: datetime, idle_timeout: timedelta) -> bool:
        """Live while neither deadline has passed and the user may still sign in."""
        return (
            now < self.expires_at
            and now - self.last_seen_at < idle_timeout
            and self.account_chain_active
            and self.user.status is UserStatus.ACTIVE
        )

    def recently_authenticated(self, now: datetime) -> bool:
        """Whether the password was entered within ``REAUTHENTICATION_WINDOW``."""
        return now - self.authenticated_at < REAUTHENTICATION_WINDOW
