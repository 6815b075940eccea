"""A SQLite database held locked by another process: a clean "try again", then recovery.

Another connection (as another process would) holds the write lock for longer than the
busy timeout. A write meanwhile gets v1 StatusCode 2 with HTTP 503 and ``Retry-After``,
reads keep working (WAL), and once the lock is released the same client writes again.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from chamberlain.db.engine import SQLITE_BUSY_TIMEOUT_MS
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.conftest import logon


def _create(client: TestClient, name: str) -> tuple[int, int, str | None]:
    body = {
        "UserName": name, "AccountAlias": "ROOT", "EmailAddress": f"{name}@example.com",
        "FirstName": "Locked", "LastName": "Out",
    }  # fmt: skip
    reply = client.post("/REST/User/CreateUser/JSON", json=body)
    return reply.status_code, reply.json()["StatusCode"], reply.headers.get("Retry-After")


WAIT_MS = 500


@pytest.fixture
def short_busy_timeout(runtime: Runtime) -> None:
    """The runtime's SQLite connections wait WAIT_MS for a lock rather than the full
    SQLITE_BUSY_TIMEOUT_MS (10 s, checked by test_storage), so the test waits it out in
    half a second: connections set it after the engine's own pragmas, and the pool is
    emptied so that every connection is a new one."""

    if runtime.db.engine.dialect.name != "sqlite":
        return

    @event.listens_for(runtime.db.engine, "connect")
    def _shorter(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={WAIT_MS}")

    runtime.db.engine.dispose()


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_write_behind_a_held_lock_is_refused_cleanly_and_works_after(
    client: TestClient, root: IssuedCredentials, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks rows, not the database: see test_database_outage")
    logon(client, root)
    holder = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        status, code, retry_after = _create(client, "blocked")
        assert (status, code) == (503, 2)
        assert time.monotonic() - started >= WAIT_MS / 1000  # it waited for the lock
        assert retry_after is not None
        listed = client.post("/REST/User/GetUsers/JSON", json={"AccountAlias": "ROOT"})
        assert listed.json()["StatusCode"] == 0  # readers are not blocked
    finally:
        holder.rollback()
        holder.close()
    assert _create(client, "afterwards")[:2] == (200, 0)
    names = [u["UserName"] for u in client.post(
        "/REST/User/GetUsers/JSON", json={"AccountAlias": "ROOT"}).json()["Users"]]  # fmt: skip
    assert "afterwards" in names
    assert "blocked" not in names
    assert SQLITE_BUSY_TIMEOUT_MS <= 10_000  # the wait a server sits through
