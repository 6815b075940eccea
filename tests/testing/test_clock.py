"""The emulator's clock on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chamberlain.testing import EmulatorClock

MOMENT = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_it_starts_on_real_time_in_utc() -> None:
    before = datetime.now(UTC)
    reading = EmulatorClock()()
    assert before <= reading <= datetime.now(UTC)
    assert reading.tzinfo is not None


def test_a_frozen_clock_stands_still_until_moved() -> None:
    clock = EmulatorClock()
    assert clock.freeze(MOMENT) == MOMENT
    assert clock.frozen
    assert clock() == clock() == MOMENT
    assert clock.advance(hours=13) == MOMENT + timedelta(hours=13)
    assert clock.advance(timedelta(minutes=1), seconds=2) == MOMENT + timedelta(
        hours=13, minutes=1, seconds=2
    )


def test_freeze_without_a_moment_pins_the_current_reading() -> None:
    clock = EmulatorClock()
    clock.advance(days=1)
    pinned = clock.freeze()
    assert pinned - datetime.now(UTC) > timedelta(hours=23)
    assert clock() == pinned


def test_freeze_converts_other_zones_to_utc() -> None:
    clock = EmulatorClock()
    clock.freeze(datetime(2030, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))))
    assert clock() == MOMENT
    assert clock().utcoffset() == timedelta(0)


def test_advance_moves_a_running_clock_forward() -> None:
    clock = EmulatorClock()
    reading = clock.advance(hours=2)
    assert reading - datetime.now(UTC) > timedelta(hours=1, minutes=59)
    assert not clock.frozen


def test_unfreeze_ticks_on_from_the_frozen_reading() -> None:
    clock = EmulatorClock()
    clock.freeze(MOMENT)
    clock.unfreeze()
    assert not clock.frozen
    assert MOMENT <= clock() < MOMENT + timedelta(minutes=1)


def test_naive_datetimes_and_backward_steps_are_refused() -> None:
    clock = EmulatorClock()
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.freeze(datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="forward"):
        clock.advance(seconds=-1)
