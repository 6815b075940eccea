"""uvicorn in a background thread: how an emulated server serves."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 10.0
GRACE_S = 2


class ServerThread:
    """uvicorn serving ``app`` in a daemon thread on a loopback port chosen by the OS."""

    def __init__(self, app: ASGIApp) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((HOST, 0))
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            lifespan="off",  # the emulator owns the runtime; the app has no start-up work
            log_config=None,  # leave the test run's logging alone
            access_log=False,
            server_header=False,
            proxy_headers=False,
            # A request held back by a long ``slow`` rule must not hold up the test run.
            timeout_graceful_shutdown=GRACE_S,
        )
        self._server = uvicorn.Server(config)
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"chamberlain-emulator-{self.port}", daemon=True
        )

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # uvicorn exits with SystemExit on start-up failure
            self._error = exc

    def start(self) -> None:
        """Serve; returns once the port accepts connections. Raises ``RuntimeError``."""
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._halt()
                raise RuntimeError("the emulated chamberlain did not start") from self._error
            time.sleep(0.002)

    def _halt(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(STOP_TIMEOUT_S)
        self._socket.close()

    def stop(self) -> None:
        """Stop serving and wait for the thread. Requests still running after the grace
        period are cancelled. Raises ``RuntimeError`` when the server thread had failed
        or does not end."""
        self._halt()
        if self._error is not None:
            raise RuntimeError("the emulated chamberlain failed while serving") from self._error
        if self._thread.is_alive():
            raise RuntimeError("the emulated chamberlain did not stop")
