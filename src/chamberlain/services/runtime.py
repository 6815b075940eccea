"""What every service call needs: the database, settings, the hasher and a clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from chamberlain.db.engine import create_db_engine
from chamberlain.db.uow import Database
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.mail.transport import MailTransport, transport_from_settings
from chamberlain.settings import Settings


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


@dataclass(slots=True)
class Runtime:
    """Shared by all requests of one process. ``clock`` and ``mail`` are injectable for
    tests. Services that queue mail set ``mail_wakeup`` after their transaction commits."""

    settings: Settings
    db: Database
    hasher: PasswordHasher
    mail: MailTransport
    clock: Callable[[], datetime] = field(default=utc_now)
    mail_wakeup: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        """Open the database named in ``settings`` (no migration is run here)."""
        return cls(
            settings=settings,
            db=Database(create_db_engine(settings.database_url)),
            hasher=PasswordHasher(settings.hash_concurrency),
            mail=transport_from_settings(settings.mail),
        )

    def close(self) -> None:
        """Release database connections."""
        self.db.dispose()
