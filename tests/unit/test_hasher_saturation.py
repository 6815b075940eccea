"""A saturated password hasher refuses cleanly instead of queueing without end."""

from __future__ import annotations

import threading
import time

import pytest

from chamberlain.domain.credentials import PasswordHasher
from chamberlain.errors import HasherBusy, ServiceUnavailable


@pytest.fixture(scope="module")
def stored() -> str:
    return PasswordHasher(1).hash("a password long enough")


def test_a_caller_waits_at_most_the_bound_then_gets_hasher_busy(stored: str) -> None:
    hasher = PasswordHasher(1, max_waiting=1, max_wait_seconds=0.2)
    with hasher._slot():  # every slot taken, as by a flood of logons
        started = time.perf_counter()
        with pytest.raises(HasherBusy):
            hasher.verify(stored, "a password long enough")
        waited = time.perf_counter() - started
    assert 0.15 <= waited < 1.0
    assert hasher.verify(stored, "a password long enough")  # free again: works


def test_a_full_queue_refuses_at_once(stored: str) -> None:
    hasher = PasswordHasher(1, max_waiting=1, max_wait_seconds=5.0)
    outcomes: list[bool] = []
    with hasher._slot():
        waiter = threading.Thread(
            target=lambda: outcomes.append(hasher.verify(stored, "a password long enough"))
        )
        waiter.start()
        time.sleep(0.1)  # the waiter is now queued
        started = time.perf_counter()
        with pytest.raises(HasherBusy):
            hasher.verify(stored, "a password long enough")
        assert time.perf_counter() - started < 0.1
    waiter.join(5)
    assert outcomes == [True]  # the queued caller was served once the slot freed


def test_hasher_busy_is_a_service_unavailable() -> None:
    assert issubclass(HasherBusy, ServiceUnavailable)
    assert HasherBusy.code == "hasher_busy"
