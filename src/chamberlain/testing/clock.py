"""The emulator's clock: real time until a test freezes or advances it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from chamberlain.services.runtime import utc_now


class EmulatorClock:
    """``Runtime.clock`` of an emulated server, which tests move by hand.

    It starts on real time (UTC). ``advance`` moves it forward, frozen or not; ``freeze``
    pins it so that every reading is the same until the test moves it; ``unfreeze`` lets
    it tick again from where it stands. Readings are timezone-aware UTC datetimes, as the
    real clock's are. Safe to call from the test and the server's threads at once.

    Session cookies carry an expiry date computed from this clock, and HTTP clients drop a
    cookie whose date has passed by *their* clock: freeze at or after the real time when a
    client that keeps cookies (requests, clc-sdk, PowerShell) must stay logged on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen_at: datetime | None = None
        self._offset = timedelta()

    def __call__(self) -> datetime:
        """The current reading (what the server sees as "now")."""
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return utc_now() + self._offset

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still."""
        with self._lock:
            return self._frozen_at is not None

    def freeze(self, at: datetime | None = None) -> datetime:
        """Stop the clock at ``at`` (timezone-aware; the current reading when None) and
        return the reading. Raises ``ValueError`` for a naive datetime."""
        if at is not None and at.utcoffset() is None:
            raise ValueError("freeze() needs a timezone-aware datetime, e.g. tzinfo=UTC")
        reading = self() if at is None else at.astimezone(UTC)
        with self._lock:
            self._frozen_at = reading
        return reading

    def unfreeze(self) -> None:
        """Let the clock tick again, continuing from its current reading."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - utc_now()
                self._frozen_at = None

    def advance(self, delta: timedelta | None = None, /, **parts: float) -> datetime:
        """Move the clock forward by ``delta`` or by ``timedelta(**parts)`` (e.g.
        ``advance(hours=13)``) and return the new reading. Raises ``ValueError`` for a
        negative step: the server's rules (session deadlines, lock-outs) assume time never
        runs backwards."""
        step = (delta or timedelta()) + timedelta(**parts)
        if step < timedelta():
            raise ValueError("the clock only moves forward")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += step
            else:
                self._offset += step
        return self()
