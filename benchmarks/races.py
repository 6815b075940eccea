"""Races against a real server: duplicate creates and concurrent writes to one user.

Prints its figures (issue 8, "Races"):

1. ``--pairs`` barrier-synchronised pairs of v1 CreateUser with the same UserName, one per
   connection. Target: every pair has exactly one StatusCode 0 and one 1701; afterwards
   each name is stored once.
2. ``--rounds`` rounds on one fresh user each: a REST PATCH of ``first_name`` and one of
   ``last_name`` (both with ``If-Match`` of the version read before), and a v1
   SuspendUser, released together. Target: no 5xx; every write that answered success is in
   the final state (0 lost updates); a PATCH that lost answers 412.
3. The same rounds with a REST DELETE (``If-Match``) racing a PATCH without ``If-Match``
   and a v1 UpdateUser. Target: a deleted user stays deleted (no write revives it), losers
   answer 404/412/1705.
4. Orphans: rows of ``user_roles`` and ``sessions`` whose parent row is gone. Target: 0.

Usage: ``python benchmarks/races.py [--pairs 1000] [--rounds 200] [--database-url URL]``
(default: a new SQLite file in a temporary directory; a PostgreSQL URL must name an empty,
migrated-or-empty database or schema: ``chamberlain init`` runs on it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import text

from chamberlain.db.engine import create_db_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import Servers, chamberlain_command, chamberlain_init


class Http:
    """One keep-alive connection with a cookie and an optional bearer token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie: str | None = None
        self.token: str | None = None

    def call(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], Any]:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if self.cookie:
            sent["Cookie"] = self.cookie
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        payload = None if body is None else json.dumps(body)
        try:
            self.connection.request(method, path, body=payload, headers=sent)
            reply = self.connection.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closed this idle keep-alive connection before reading the
            # request: nothing was done, so sending it again on a new connection is safe.
            self.connection.close()
            self.connection.request(method, path, body=payload, headers=sent)
            reply = self.connection.getresponse()
        raw = reply.read()
        cookie = reply.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        found = {name.lower(): value for name, value in reply.getheaders()}
        return reply.status, found, json.loads(raw) if raw else None

    def status(
        self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
    ) -> int:
        return self.call(method, path, body, headers)[0]

    def v1(self, method: str, body: dict[str, Any]) -> tuple[int, int]:
        status, _, reply = self.call("POST", f"/REST/{method}/JSON", body)
        return status, int(reply["StatusCode"]) if isinstance(reply, dict) else -1


def logged_on(port: int, credentials: dict[str, str]) -> Http:
    """A connection with a v1 session and a REST token of the root API user."""
    client = Http(port)
    status, code = client.v1(
        "Auth/Logon", {"APIKey": credentials["APIKey"], "Password": credentials["Password"]}
    )
    if (status, code) != (200, 0):
        raise RuntimeError(f"logon failed: {status} {code}")
    _, _, token = client.call(
        "POST",
        "/api/auth/token",
        {"api_key": credentials["APIKey"], "password": credentials["Password"]},
    )
    client.token = token["access_token"]
    return client


def v1_user(name: str, alias: str) -> dict[str, Any]:
    return {
        "UserName": name, "AccountAlias": alias, "EmailAddress": f"{name}@example.com",
        "FirstName": "Race", "LastName": "Condition", "Roles": [9],
    }  # fmt: skip


def released_together(calls: list[Callable[[], Any]], pool: ThreadPoolExecutor) -> list[Any]:
    """Run ``calls`` on separate threads, released at one barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    return [future.result() for future in [pool.submit(run, call) for call in calls]]


def duplicate_creates(clients: list[Http], alias: str, pairs: int) -> dict[str, int]:
    outcomes: Counter[str] = Counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        for number in range(pairs):
            body = v1_user(f"dup{number}", alias)
            replies = released_together(
                [partial(client.v1, "User/CreateUser", body) for client in clients], pool
            )
            codes = sorted(code for _, code in replies)
            outcomes["ok" if codes == [0, 1701] else f"BAD {replies}"] += 1
    _, _, reply = clients[0].call("POST", "/REST/User/GetUsers/JSON", {"AccountAlias": alias})
    names = Counter(
        user["UserName"] for user in reply["Users"] if user["UserName"].startswith("dup")
    )
    return {
        "pairs": pairs,
        "pairs with exactly one winner": outcomes["ok"],
        "pairs otherwise": pairs - outcomes["ok"],
        "names stored": len(names),
        "names stored more than once": sum(1 for count in names.values() if count > 1),
    }


def _get(client: Http, name: str) -> tuple[int, dict[str, str], Any]:
    return client.call("GET", f"/api/users/{name}")


def concurrent_writes(clients: list[Http], alias: str, rounds: int) -> dict[str, int]:
    figures: Counter[str] = Counter()
    with ThreadPoolExecutor(3) as pool:
        for number in range(rounds):
            name = f"race{number}"
            clients[0].v1("User/CreateUser", v1_user(name, alias))
            _, headers, _ = _get(clients[0], name)
            etag = {"If-Match": headers["etag"]}
            path = f"/api/users/{name}"
            first, last, suspend = released_together(
                [
                    partial(clients[0].status, "PATCH", path, {"first_name": "Alpha"}, etag),
                    partial(clients[1].status, "PATCH", path, {"last_name": "Omega"}, etag),
                    partial(clients[2].v1, "User/SuspendUser", {"UserName": name}),
                ],
                pool,
            )
            _, _, final = _get(clients[0], name)
            lost = (first == 200 and final["first_name"] != "Alpha") + (
                last == 200 and final["last_name"] != "Omega"
            )
            lost += suspend == (200, 0) and final["status"] != "Disabled"
            figures["lost updates"] += lost
            figures["5xx"] += sum(status >= 500 for status in (first, last, suspend[0]))
            figures["PATCH 200"] += (first == 200) + (last == 200)
            figures["PATCH 412"] += (first == 412) + (last == 412)
            figures["PATCH other"] += sum(status not in (200, 412) for status in (first, last))
            figures["suspend ok"] += suspend == (200, 0)

            _, headers, _ = _get(clients[0], name)
            delete, patch, update = released_together(
                [
                    partial(clients[0].status, "DELETE", path, None, {"If-Match": headers["etag"]}),
                    partial(clients[1].status, "PATCH", path, {"title": "Survivor"}),
                    partial(
                        clients[2].v1,
                        "User/UpdateUser",
                        {**v1_user(name, alias), "Title": "Revenant"},
                    ),
                ],
                pool,
            )
            after = _get(clients[0], name)[0]
            figures["deletes"] += delete == 204
            figures["revived after delete"] += delete == 204 and after != 404
            figures["5xx"] += sum(s >= 500 for s in (delete, patch, update[0]))
            figures["loser codes outside 404/412/1705"] += sum(
                (status not in (200, 204, 404, 412)) for status in (delete, patch)
            ) + (update[1] not in (0, 1705))
    return {"rounds": rounds, **dict(sorted(figures.items()))}


def orphans(database_url: str) -> dict[str, int]:
    engine = create_db_engine(database_url)
    checks = {
        "user_roles without a user": "SELECT count(*) FROM user_roles r "
        "LEFT JOIN users u ON u.id = r.user_id WHERE u.id IS NULL",
        "sessions without an API user": "SELECT count(*) FROM sessions s "
        "LEFT JOIN api_users a ON a.id = s.api_user_id WHERE a.id IS NULL",
        "users without an account": "SELECT count(*) FROM users u "
        "LEFT JOIN accounts a ON a.id = u.account_id WHERE a.id IS NULL",
    }
    try:
        with engine.connect() as connection:
            return {
                name: int(connection.execute(text(sql)).scalar_one())
                for name, sql in checks.items()
            }
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chamberlain-races-") as folder:
        workdir = Path(folder)
        database_url = args.database_url or f"sqlite:///{workdir / 'races.db'}"
        credentials = chamberlain_init(database_url, workdir)
        with Servers(workdir) as servers:
            server = servers.start("chamberlain", chamberlain_command(database_url))
            clients = [logged_on(server.port, credentials) for _ in range(3)]
            alias = credentials["AccountAlias"]
            started = time.perf_counter()
            print(f"database: {database_url.split('?')[0].split('@')[-1]}")
            for title, figures in (
                ("duplicate CreateUser pairs", duplicate_creates(clients[:2], alias, args.pairs)),
                ("concurrent writes to one user", concurrent_writes(clients, alias, args.rounds)),
                ("orphans", orphans(database_url)),
            ):
                print(f"\n{title}")
                for name, value in figures.items():
                    print(f"  {name:<40} {value}")
            print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
