"""What every service call needs: the database, settings, the hasher and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from chamberlain.db.engine import create_db_engine
from chamberlain.db.uow import Database
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.settings import Settings


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


@dataclass(slots=True)
class Runtime:
    """Shared by all requests of one process. ``clock`` is injectable for tests."""

    settings: Settings
    db: Database
    hasher: PasswordHasher
    clock: Callable[[], datetime] = field(default=utc_now)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        """Open the database named in ``settings`` (no migration is run here)."""
        return cls(
            settings=settings,
            db=Database(create_db_engine(settings.database_url)),
            hasher=PasswordHasher(settings.hash_concurrency),
        )

    def close(self) -> None:
        """Release database connections."""
        self.db.dispose()
