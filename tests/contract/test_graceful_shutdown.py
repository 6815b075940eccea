"""SIGTERM drains in-flight requests: every request the server had accepted is answered.

Logons are the slowest calls (an argon2 verification each, two at a time), so a burst of
them is still being worked through when the server is told to stop. "Accepted" is read
from the kernel's socket tables (Linux ``/proc/net/tcp*``), not guessed with a sleep: the
burst's connections are established and the listening socket's accept queue is empty, so
the server itself has taken every one of them (a sleep alone fails on a loaded machine).
"""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

from tests.support.live_server import LiveServer, ServerProcess

BURST = 8
_LISTEN, _ESTABLISHED = "0A", "01"


def _sockets(port: int) -> list[tuple[str, int, int, int]]:
    """``(state, local port, remote port, receive queue)`` of every TCP socket of this
    machine touching ``port`` (the receive queue of a listening socket is its accept
    backlog)."""
    found = []
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            local_port, remote_port = (
                int(local.rsplit(":", 1)[1], 16),
                int(remote.rsplit(":", 1)[1], 16),
            )
            if port in (local_port, remote_port):
                queue = int(fields[4].split(":")[1], 16)
                found.append((state, local_port, remote_port, queue))
    return found


def _wait_until_accepted(port: int, connections: int) -> None:
    """Return once ``connections`` client sockets are connected to ``port`` and the
    server's accept queue is empty."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        sockets = _sockets(port)
        clients = sum(1 for s, _, remote, _ in sockets if s == _ESTABLISHED and remote == port)
        backlog = sum(q for s, local, _, q in sockets if s == _LISTEN and local == port)
        if clients >= connections and backlog == 0:
            return
        time.sleep(0.01)
    raise AssertionError(f"the server did not accept {connections} connections in time")


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
        _wait_until_accepted(live_server.port, BURST)
        time.sleep(0.05)  # the requests are read and being served
        server_process.stop()  # SIGTERM, then wait for the process to end
        codes = [reply.result() for reply in replies]

    assert codes == [0] * BURST
    # uvicorn finishes its shutdown, then re-raises SIGTERM so the parent sees why it ended.
    assert server_process.returncode == -signal.SIGTERM
    assert "Finished server process" in server_process.log()
