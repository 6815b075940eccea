"""Crash test: kill -9 the server during a write load, restart, check nothing was lost.

Prints its figures (issue 8, "Crash"). Each cycle starts ``chamberlain serve``, runs
``--clients`` threads of v1 CreateUser (a user with one role, plus its audit record, in one
transaction), kills the server with SIGKILL after a random moment, and then checks the
database directly:

- **lost**: users whose CreateUser was acknowledged (StatusCode 0 reached the client) but
  that are not stored. Target 0.
- **partial**: stored users missing their role row or their ``user.create`` audit record
  (a transaction cut in half). Target 0.
- **integrity**: SQLite's ``PRAGMA integrity_check`` and foreign-key check, or for
  PostgreSQL the orphan queries; the durability settings in force are printed once.

Usage: ``python benchmarks/crash.py [--cycles 50] [--clients 8] [--database-url URL]``
(default: a new SQLite file in a temporary directory).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, bindparam, text

from chamberlain.db.engine import create_db_engine, durability_settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import Servers, chamberlain_command, chamberlain_init

ROLE = 9


def _post(
    connection: http.client.HTTPConnection, path: str, body: object, cookie: str
) -> dict[str, object]:
    headers = {"Content-Type": "application/json", "Cookie": cookie}
    connection.request("POST", path, body=json.dumps(body), headers=headers)
    reply = connection.getresponse()
    return json.loads(reply.read())


def _logon(port: int, credentials: dict[str, str]) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = {"APIKey": credentials["APIKey"], "Password": credentials["Password"]}
    connection.request("POST", "/REST/Auth/Logon/JSON", body=json.dumps(body),
                       headers={"Content-Type": "application/json"})  # fmt: skip
    reply = connection.getresponse()
    reply.read()
    cookie = reply.getheader("Set-Cookie") or ""
    connection.close()
    return cookie.split(";", 1)[0]


def _writer(
    port: int,
    cookie: str,
    *,
    alias: str,
    numbers: Iterator[int],
    acked: list[str],
    stop: threading.Event,
) -> None:
    """Create users until the server dies; record each acknowledged name."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        while not stop.is_set():
            name = f"crash{next(numbers)}"  # itertools.count: safe to share between threads
            body = {
                "UserName": name, "AccountAlias": alias, "EmailAddress": f"{name}@example.com",
                "FirstName": "Crash", "LastName": "Test", "Roles": [ROLE],
            }  # fmt: skip
            if _post(connection, "/REST/User/CreateUser/JSON", body, cookie)["StatusCode"] == 0:
                acked.append(name)
    except (OSError, http.client.HTTPException, ValueError):
        return  # the server was killed mid-request: this write is unacknowledged
    finally:
        connection.close()


def _check(engine: Engine, acked: list[str]) -> tuple[int, int]:
    """(lost, partial) among the users created so far."""
    with engine.connect() as connection:
        stored = set(
            connection.execute(
                text("SELECT user_name FROM users WHERE user_name LIKE 'crash%'")
            ).scalars()
        )
        lost = len(set(acked) - stored)
        partial = connection.execute(
            text(
                "SELECT count(*) FROM users u WHERE u.user_name LIKE 'crash%' AND ("
                " NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id"
                "             AND r.role_id = :role)"
                " OR NOT EXISTS (SELECT 1 FROM audit_events e"
                "                WHERE e.action = 'user.create' AND e.target_label = u.user_name))"
            ).bindparams(bindparam("role", ROLE))
        ).scalar_one()
    return lost, int(partial)


def _integrity(engine: Engine) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            verdict = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            broken_keys = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            return f"{verdict}, foreign keys {broken_keys or 'ok'}"
        orphans = connection.exec_driver_sql(
            "SELECT (SELECT count(*) FROM user_roles r LEFT JOIN users u ON u.id = r.user_id"
            " WHERE u.id IS NULL) + (SELECT count(*) FROM users u LEFT JOIN accounts a"
            " ON a.id = u.account_id WHERE a.id IS NULL)"
        ).scalar()
        return "ok" if orphans == 0 else f"{orphans} orphan rows"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    numbers = itertools.count()
    acked: list[str] = []
    totals = {"acknowledged": 0, "lost": 0, "partial": 0, "integrity failures": 0}
    with tempfile.TemporaryDirectory(prefix="chamberlain-crash-") as folder:
        workdir = Path(folder)
        database_url = args.database_url or f"sqlite:///{workdir / 'crash.db'}"
        credentials = chamberlain_init(database_url, workdir)
        engine = create_db_engine(database_url)
        print(f"durability settings: {durability_settings(engine)}")
        started = time.perf_counter()
        for cycle in range(1, args.cycles + 1):
            with Servers(workdir) as servers:
                server = servers.start("chamberlain", chamberlain_command(database_url))
                cookie = _logon(server.port, credentials)
                stop = threading.Event()
                writers = [
                    threading.Thread(
                        target=_writer,
                        args=(server.port, cookie),
                        kwargs={
                            "alias": credentials["AccountAlias"],
                            "numbers": numbers,
                            "acked": acked,
                            "stop": stop,
                        },
                    )
                    for _ in range(args.clients)
                ]
                for writer in writers:
                    writer.start()
                time.sleep(random.uniform(0.2, 1.5))  # noqa: S311 - a test's timing, not a secret
                os.kill(server.process.pid, signal.SIGKILL)
                server.process.wait()
                stop.set()
                for writer in writers:
                    writer.join()
            lost, partial = _check(engine, acked)
            integrity = _integrity(engine)
            bad_integrity = not integrity.startswith("ok")
            totals["lost"] = lost
            totals["partial"] = partial
            totals["integrity failures"] += bad_integrity
            print(
                f"cycle {cycle:3d}: acknowledged so far {len(acked):6d}, lost {lost}, "
                f"partial {partial}, integrity {integrity}"
            )
        totals["acknowledged"] = len(acked)
        engine.dispose()
        print(f"\nkill -9 cycles: {args.cycles} on {engine.dialect.name}, {args.clients} writers")
        for name, value in totals.items():
            print(f"  {name:<20} {value}")
        print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
