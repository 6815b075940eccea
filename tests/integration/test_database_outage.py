"""The database goes away and comes back: clean errors meanwhile, recovery afterwards.

chamberlain reaches PostgreSQL through a TCP relay this test controls. Cutting the relay
drops every pooled connection and refuses new ones, as a failed-over or restarted
database does. While it is cut, v1 answers StatusCode 2 with HTTP 503 and ``Retry-After``
and REST answers a 503 problem, never a stack trace; once it is back, the same client
carries on without a restart. Nothing written before the cut is lost.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import operator_actor
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.services.bootstrap import initialise
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from tests.support.databases import empty_postgres_tables

pytestmark = pytest.mark.postgres_only


class Relay:
    """A TCP relay from a loopback port to the database; ``cut()`` and ``restore()``."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = self._free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])

    def restore(self) -> None:
        """Listen (again) and relay every new connection."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Stop listening and reset every relayed connection."""
        if self._listener is not None:
            # shutdown wakes the thread blocked in accept(); close alone would not, and
            # the socket would go on accepting.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(postgres_url: str) -> Iterator[Relay]:
    url = make_url(postgres_url)
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    relay.restore()
    yield relay
    relay.cut()


def _v1_users(client: TestClient, alias: str) -> tuple[int, int, str | None]:
    reply = client.post("/REST/User/GetUsers/JSON", json={"AccountAlias": alias})
    return reply.status_code, reply.json()["StatusCode"], reply.headers.get("Retry-After")


def test_clean_errors_while_the_database_is_gone_and_recovery_after(
    postgres_url: str, relay: Relay
) -> None:
    empty_postgres_tables(postgres_url)  # the session's schema: other tests wrote to it
    relayed = make_url(postgres_url).set(host="127.0.0.1", port=relay.port)
    runtime = Runtime.from_settings(
        Settings(database_url=relayed.render_as_string(hide_password=False))
    )
    runtime.hasher = PasswordHasher(max_concurrent=2)
    operator = operator_actor("tester")
    try:
        root = initialise(runtime, operator, "ROOT")
        with TestClient(create_app(runtime), base_url="http://127.0.0.1") as client:
            logon = {"APIKey": root.api_user.api_key, "Password": root.password}
            assert client.post("/REST/Auth/Logon/JSON", json=logon).json()["StatusCode"] == 0
            token = client.post(
                "/api/auth/token", json={"api_key": logon["APIKey"], "password": root.password}
            ).json()["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            assert _v1_users(client, "ROOT")[:2] == (200, 0)

            relay.cut()
            for _ in range(3):  # the first call finds dead pooled connections, later ones none
                status, code, retry_after = _v1_users(client, "ROOT")
                assert (status, code) == (503, 2)
                assert retry_after is not None
                rest = client.get("/api/accounts/ROOT/users", headers=bearer)
                assert rest.status_code == 503
                assert rest.headers["content-type"] == "application/problem+json"
                assert rest.json()["code"] == "service_unavailable"
                assert "Traceback" not in rest.text
                assert client.get("/readyz").status_code == 503
                assert client.get("/healthz").status_code == 200

            relay.restore()
            assert _v1_users(client, "ROOT")[:2] == (200, 0)  # same session, no restart
            assert client.get("/api/accounts/ROOT/users", headers=bearer).status_code == 200
            assert client.get("/readyz").status_code == 200
    finally:
        runtime.close()
