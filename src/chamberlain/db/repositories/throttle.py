"""Counters of failed log-ons (see domain.throttle)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from chamberlain.db.models import ThrottleRow
from chamberlain.db.repositories._shared import table_of

_throttle = table_of(ThrottleRow)
_LOCKED_UNTIL = select(func.max(_throttle.c.locked_until)).where(
    _throttle.c.subject.in_(bindparam("subjects", expanding=True)),
    _throttle.c.locked_until > bindparam("now"),
)


class ThrottleRepository:
    """One row per subject; every node shares them, so limits hold across nodes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def locked_until(self, subjects: Sequence[str], now: datetime) -> datetime | None:
        """The latest lock among ``subjects`` still in force at ``now`` (None: none)."""
        connection = self._session.connection()
        result = connection.execute(_LOCKED_UNTIL, {"subjects": list(subjects), "now": now})
        latest: datetime | None = result.scalar()
        return latest

    def count_failure(
        self, subject: str, now: datetime, window: timedelta, *, times: int = 1
    ) -> int:
        """Add ``times`` failures and return the count in the current window (a window
        older than ``window`` starts again). Atomic under concurrent failures: it is a
        single upsert, which PostgreSQL serialises on the row."""
        connection = self._session.connection()
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        expired = _throttle.c.window_started_at <= now - window
        statement = dialect.insert(_throttle).values(
            subject=subject, failures=times, window_started_at=now, locked_until=None
        )
        statement = statement.on_conflict_do_update(
            index_elements=[_throttle.c.subject],
            set_={
                "failures": case((expired, times), else_=_throttle.c.failures + times),
                "window_started_at": case((expired, now), else_=_throttle.c.window_started_at),
            },
        ).returning(_throttle.c.failures)
        return int(connection.execute(statement).scalar_one())

    def lock(self, subject: str, until: datetime) -> None:
        """Refuse ``subject`` until ``until``."""
        self._session.connection().execute(
            update(_throttle).where(_throttle.c.subject == subject).values(locked_until=until)
        )

    def clear(self, subject: str) -> None:
        """Forget a subject's failures."""
        self._session.connection().execute(delete(_throttle).where(_throttle.c.subject == subject))

    def purge_quiet(self, now: datetime, window: timedelta) -> int:
        """Delete counters whose window has passed and that hold no lock: the next failure
        would start them again at one anyway. How many."""
        result = self._session.connection().execute(
            delete(_throttle).where(
                _throttle.c.window_started_at <= now - window,
                or_(_throttle.c.locked_until.is_(None), _throttle.c.locked_until <= now),
            )
        )
        return int(result.rowcount)
