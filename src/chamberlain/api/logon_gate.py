"""Password checks get their own bounded share of the worker threads.

A logon may wait a while for a password-hashing slot (see ``PasswordHasher``). On the
worker threads every other blocking call shares, a logon flood would hold them all and
starve those calls. Through this gate at most ``capacity`` logons hold a thread at once
(the hasher's slots plus its queue, so the hasher still decides who waits); any more are
refused at once with ``HasherBusy``, which every face answers as 503 with ``Retry-After``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from chamberlain.errors import HasherBusy

P = ParamSpec("P")
T = TypeVar("T")


class LogonGate:
    """Counts the logons holding a worker thread; refuses beyond ``capacity``."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._holding = 0
        self._lock = threading.Lock()  # apps in tests may serve from several event loops

    async def run(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``call`` on a worker thread, or raise ``HasherBusy`` when the gate is full."""
        with self._lock:
            if self._holding >= self._capacity:
                raise HasherBusy("too many logons at once; try again shortly")
            self._holding += 1
        try:
            return await run_in_threadpool(call, *args, **kwargs)
        finally:
            with self._lock:
                self._holding -= 1
