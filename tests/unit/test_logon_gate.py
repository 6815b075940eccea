"""The logon gate: a bounded share of worker threads for password checks."""

from __future__ import annotations

import asyncio
import threading

import pytest

from chamberlain.api.logon_gate import LogonGate
from chamberlain.errors import HasherBusy


def test_calls_beyond_capacity_are_refused_at_once_and_the_gate_reopens() -> None:
    release = threading.Event()

    async def scenario() -> list[str]:
        gate = LogonGate(capacity=2)
        holders = [asyncio.create_task(gate.run(release.wait, 5)) for _ in range(2)]
        await asyncio.sleep(0.05)  # both hold a worker thread now
        with pytest.raises(HasherBusy):
            await gate.run(str, "refused")
        release.set()
        assert await asyncio.gather(*holders) == [True, True]
        return [await gate.run(str, "served")]  # a slot freed: served again

    assert asyncio.run(scenario()) == ["served"]


def test_a_failing_call_frees_its_place() -> None:
    async def scenario() -> str:
        gate = LogonGate(capacity=1)
        with pytest.raises(ZeroDivisionError):
            await gate.run(divmod, 1, 0)
        return await gate.run(str, "served")

    assert asyncio.run(scenario()) == "served"
