"""SIGTERM drains in-flight requests: every request the server had accepted is answered.

Logons are the slowest calls (an argon2 verification each, two at a time), so a burst of
them is still being worked through when the server is told to stop.
"""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx2

from tests.support.live_server import LiveServer, ServerProcess

BURST = 8


def test_sigterm_answers_every_accepted_request_before_exiting(
    live_server: LiveServer, server_process: ServerProcess
) -> None:
    started = threading.Barrier(BURST + 1)

    def logon() -> int:
        body = {"APIKey": live_server.api_key, "Password": live_server.password}
        with httpx2.Client(base_url=live_server.base_url, timeout=30) as client:
            started.wait()
            return int(client.post("/REST/Auth/Logon/JSON", json=body).json()["StatusCode"])

    with ThreadPoolExecutor(BURST) as pool:
        replies = [pool.submit(logon) for _ in range(BURST)]
        started.wait()
        time.sleep(0.05)  # the requests are on the wire and being served
        server_process.stop()  # SIGTERM, then wait for the process to end
        codes = [reply.result() for reply in replies]

    assert codes == [0] * BURST
    # uvicorn finishes its shutdown, then re-raises SIGTERM so the parent sees why it ended.
    assert server_process.returncode == -signal.SIGTERM
    assert "Finished server process" in server_process.log()
