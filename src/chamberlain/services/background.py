"""The work a server process does besides answering requests: mailing due links at once
when a service wakes it (and every few seconds, for retries and links other nodes
queued), and purging expired rows now and then."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import astuple

from chamberlain.errors import ServiceUnavailable
from chamberlain.services.housekeeping import purge_expired
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime

logger = logging.getLogger("chamberlain.background")
POLL_SECONDS = 5.0
PURGE_SECONDS = 600.0


class BackgroundWorker:
    """One daemon thread per process; ``stop`` waits for the step in hand (a mail send is
    bounded by the SMTP timeout)."""

    def __init__(
        self, rt: Runtime, poll_seconds: float = POLL_SECONDS, purge_seconds: float = PURGE_SECONDS
    ) -> None:
        self._rt = rt
        self._poll = poll_seconds
        self._purge_every = purge_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chamberlain-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._rt.mail_wakeup.set()
        self._thread.join()

    def _run(self) -> None:
        next_purge = time.monotonic()
        while not self._stopping.is_set():
            self._rt.mail_wakeup.clear()
            self._step(lambda: deliver_due(self._rt), "mail delivery")
            if time.monotonic() >= next_purge:
                next_purge = time.monotonic() + self._purge_every
                self._step(self._purge, "purging expired rows")
            self._rt.mail_wakeup.wait(self._poll)

    def _purge(self) -> None:
        purged = purge_expired(self._rt)
        if any(astuple(purged)):
            logger.info("purged expired rows: %s", purged)

    @staticmethod
    def _step(work: Callable[[], object], what: str) -> None:
        try:
            work()
        except ServiceUnavailable:
            logger.warning("%s waits: the database is unavailable", what)
        except Exception:
            # One bad row or a bug must not end the work for every later one.
            logger.exception("%s failed; trying again shortly", what)
