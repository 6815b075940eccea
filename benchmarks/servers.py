"""Server processes for the benchmark: start on free loopback ports, always stop."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(port: int, path: str, timeout: float = 2.0) -> tuple[int, Any]:
    """One plain GET (used for health checks, not for load)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        return reply.status, json.loads(reply.read() or b"null")
    finally:
        conn.close()


@dataclass
class Server:
    """A running server process and its log file."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the process so far (Linux only, else None)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the server wrote."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class Servers:
    """Starts servers and stops every one of them on exit, whatever happened."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.started: list[Server] = []

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop_all()

    def start(
        self, name: str, command: Callable[[int], list[str]], env: dict[str, str] | None = None
    ) -> Server:
        """Start ``command(port)`` and wait until ``GET /healthz`` answers 200."""
        port = free_port()
        log_path = self.workdir / f"{name}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                command(port),
                cwd=self.workdir,
                env={**os.environ, **(env or {})},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop the server
            )
        server = Server(name, port, process, log_path)
        self.started.append(server)
        _wait_until_healthy(server)
        return server

    def stop_all(self) -> None:
        """Terminate every started process (SIGTERM, then SIGKILL after a grace period)."""
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
        try:
            self._stop_all()
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop_all(self) -> None:
        for server in self.started:
            if server.process.poll() is None:
                server.process.terminate()
        for server in self.started:
            try:
                server.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            if get_json(server.port, "/healthz", timeout=1.0)[0] == 200:
                return
        except (OSError, http.client.HTTPException, ValueError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not become healthy in time:\n{server.log_tail()}")


def uvicorn_command(factory: str) -> Callable[[int], list[str]]:
    """``python -m uvicorn`` for a factory in ``bare_apps.py``: one worker, no access log."""

    def command(port: int) -> list[str]:
        return [
            sys.executable, "-m", "uvicorn", "--factory", f"bare_apps:{factory}",
            "--app-dir", str(BENCH_DIR), "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip

    return command


def chamberlain_init(database_url: str, workdir: Path) -> dict[str, str]:
    """``chamberlain init --json``: the root account's alias, API key and password."""
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "chamberlain", "init", "--json", "--database-url", database_url],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"chamberlain init failed:\n{done.stderr}")
    credentials: dict[str, str] = json.loads(done.stdout)
    return credentials


def chamberlain_command(database_url: str) -> Callable[[int], list[str]]:
    """``chamberlain serve`` as shipped (one worker; its own access-log middleware on)."""

    def command(port: int) -> list[str]:
        return [
            sys.executable, "-m", "chamberlain", "serve", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1", "--database-url", database_url,
        ]  # fmt: skip

    return command
