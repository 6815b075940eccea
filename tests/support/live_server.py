"""A real chamberlain server process on a loopback port, started the way users start it."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

STARTUP_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class LiveServer:
    """A running server and the root credentials `chamberlain init --json` printed."""

    base_url: str
    host: str
    port: int
    alias: str
    api_key: str
    password: str
    database_url: str


# Servers the tests start (``chamberlain serve``, SMTP) listen on ports below the kernel's
# ephemeral range (32768-60999 by default): a port that the OS hands out for outgoing
# connections could be taken by one (to PostgreSQL, say, from another xdist worker)
# between the probe below and the server's own bind. Each worker probes a block of its own.
PORT_BASE = 20_000
PORT_BLOCK = 500
PORT_BLOCKS = 25  # 20000-32499


def _ephemeral_low() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as ports:
            return int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _worker_block() -> range:
    """This xdist worker's ports (``PYTEST_XDIST_WORKER`` is ``gw0``, ``gw1``, ...)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = int(worker) % PORT_BLOCKS if worker.isdigit() else 0
    start = PORT_BASE + index * PORT_BLOCK
    return range(start, start + PORT_BLOCK)


_port_offset = random.randrange(PORT_BLOCK)  # two test runs at once start apart


def free_port() -> int:
    """A loopback port nobody listens on right now, in this worker's block where the
    ephemeral range leaves room for it (else any port the OS picks)."""
    global _port_offset  # noqa: PLW0603 - the next port to try, per process
    block = _worker_block()
    if block.stop <= _ephemeral_low():
        for _ in block:
            port = block[_port_offset % len(block)]
            _port_offset += 1
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chamberlain(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (``python -m chamberlain``) and capture its output."""
    env = {**os.environ, "CHAMBERLAIN_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "chamberlain", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@dataclass(frozen=True, slots=True)
class RootCredentials:
    """The root account and its first API user, as `chamberlain init --json` printed them."""

    alias: str
    api_key: str
    password: str


def run_init(database_url: str, workdir: Path) -> RootCredentials:
    """Run `chamberlain init --json` on ``database_url`` (once per database)."""
    init = chamberlain("init", "--json", database_url=database_url, cwd=workdir)
    if init.returncode != 0:
        raise RuntimeError(f"init failed: {init.stderr}")
    printed = json.loads(init.stdout)
    return RootCredentials(
        alias=printed["AccountAlias"], api_key=printed["APIKey"], password=printed["Password"]
    )


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("server did not become healthy in time")


class ServerProcess:
    """Start with ``start()`` (init, then serve) or, on a database already initialised,
    ``serve()``; ``stop()`` ends the process and closes its log."""

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.log_path = workdir / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> LiveServer:
        return self.serve(run_init(self.database_url, self.workdir))

    def serve(self, root: RootCredentials) -> LiveServer:
        """Start ``chamberlain serve`` on an initialised database (``root`` is what its one
        ``init`` printed). Several processes may serve one PostgreSQL database: the
        nodes of a scaled-out deployment."""
        port = free_port()
        env = {**os.environ, "CHAMBERLAIN_DATABASE_URL": self.database_url}
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "chamberlain",
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env=env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base_url, self._process)
        return LiveServer(
            base_url=base_url,
            host="127.0.0.1",
            port=port,
            alias=root.alias,
            api_key=root.api_key,
            password=root.password,
            database_url=self.database_url,
        )

    @property
    def returncode(self) -> int | None:
        """The exit status once the process has ended (None while it runs)."""
        return None if self._process is None else self._process.poll()

    def log(self) -> str:
        """Everything the server wrote so far."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
