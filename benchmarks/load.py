"""Mixed v1 + REST load at several concurrency levels, with memory before and after.

Prints its figures (issue 8, "Load"): for each ``--concurrency`` level (50 and 200 by
default) requests/s, p50/p95/p99 latency, the replies by class, 5xx replies and socket
errors (both targets 0), and the server's resident memory before and after the level.

The mix, drawn at random per request (weights in ``MIX``): v1 Logon, v1 CreateUser, v1
GetUserDetails, v1 GetUsers, v1 SuspendUser/UnsuspendUser, REST createUser, getUser,
listUsers and PATCH updateUser. 4xx answers are expected in a mix (suspending a user
already suspended is not an error, but a PATCH racing another is 412-free here because it
sends no If-Match); only 5xx replies and dropped connections count against the target.

Usage: ``python benchmarks/load.py [--seconds 30] [--concurrency 50 200] [--database-url URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import Reply, drive, http_request, percentile
from run import Session, prepare, rest_user, v1_user
from servers import Server, Servers, chamberlain_command, chamberlain_init

TARGETS = 200  # users the get/update/suspend requests pick from
MIX: dict[str, int] = {
    "v1 Logon": 2,
    "v1 CreateUser": 10,
    "v1 GetUserDetails": 20,
    "v1 GetUsers": 8,
    "v1 Suspend/Unsuspend": 6,
    "REST createUser": 10,
    "REST getUser": 20,
    "REST listUsers": 8,
    "REST updateUser": 16,
}


def rss_mib(server: Server) -> float:
    """The server process's resident memory in MiB (Linux)."""
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def request_maker(
    port: int, session: Session, credentials: dict[str, str], targets: list[str]
) -> Callable[[], bytes]:
    """A function returning the bytes of the next request of the mix."""
    numbers = itertools.count()
    cookie = {"Cookie": session.cookie, "Content-Type": "application/json"}
    bearer = {"Authorization": f"Bearer {session.token}"}
    json_bearer = {**bearer, "Content-Type": "application/json"}
    logon = json.dumps({"APIKey": credentials["APIKey"], "Password": credentials["Password"]})
    kinds, weights = list(MIX), list(MIX.values())

    def v1(method: str, body: object) -> bytes:
        path = f"/REST/{method}/JSON"
        return http_request("POST", path, port, json.dumps(body).encode(), cookie)

    def make() -> bytes:  # noqa: PLR0911 - one branch per kind of request
        kind = random.choices(kinds, weights)[0]  # noqa: S311 - load shape, not a secret
        target = random.choice(targets)  # noqa: S311
        if kind == "v1 Logon":
            headers = {"Content-Type": "application/json"}
            return http_request("POST", "/REST/Auth/Logon/JSON", port, logon.encode(), headers)
        if kind == "v1 CreateUser":
            return v1("User/CreateUser", v1_user(f"load{next(numbers)}", session.alias))
        if kind == "v1 GetUserDetails":
            return v1("User/GetUserDetails", {"AccountAlias": session.alias, "UserName": target})
        if kind == "v1 GetUsers":
            return v1("User/GetUsers", {"AccountAlias": session.list_alias})
        if kind == "v1 Suspend/Unsuspend":
            method = random.choice(["User/SuspendUser", "User/UnsuspendUser"])  # noqa: S311
            return v1(method, {"UserName": target})
        if kind == "REST createUser":
            body = json.dumps(rest_user(f"load{next(numbers)}")).encode()
            path = f"/api/accounts/{session.alias}/users"
            return http_request("POST", path, port, body, json_bearer)
        if kind == "REST getUser":
            return http_request("GET", f"/api/users/{target}", port, headers=bearer)
        if kind == "REST listUsers":
            path = f"/api/accounts/{session.list_alias}/users?limit=50"
            return http_request("GET", path, port, headers=bearer)
        title = json.dumps({"title": f"Title {next(numbers)}"}).encode()
        return http_request("PATCH", f"/api/users/{target}", port, title, json_bearer)

    return make


async def seed_targets(port: int, session: Session) -> list[str]:
    """Users for the get/update/suspend requests."""
    names = [f"target{number}" for number in range(TARGETS)]
    connections_needed = 8
    bearer = {"Authorization": f"Bearer {session.token}", "Content-Type": "application/json"}
    path = f"/api/accounts/{session.alias}/users"
    queue = iter(names)

    async def create_some() -> None:
        from loadgen import Connection  # noqa: PLC0415 - only set-up needs raw connections

        connection = await Connection.open(port)
        try:
            for name in queue:
                body = json.dumps(rest_user(name)).encode()
                reply = await connection.request(http_request("POST", path, port, body, bearer))
                if reply.status != 201:
                    raise RuntimeError(f"seeding {name}: HTTP {reply.status}")
        finally:
            connection.close()

    await asyncio.gather(*(create_some() for _ in range(connections_needed)))
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chamberlain-load-") as folder:
        workdir = Path(folder)
        database_url = args.database_url or f"sqlite:///{workdir / 'load.db'}"
        credentials = chamberlain_init(database_url, workdir)
        with Servers(workdir) as servers:
            server = servers.start("chamberlain", chamberlain_command(database_url))
            names = (f"seed{number}" for number in itertools.count())
            session = asyncio.run(prepare(server.port, credentials, names))
            targets = asyncio.run(seed_targets(server.port, session))
            make = request_maker(server.port, session, credentials, targets)
            print(f"database: {database_url.split('?')[0].rsplit('/', 1)[-1]} "
                  f"({'PostgreSQL' if 'postgresql' in database_url else 'SQLite'}); "
                  f"{args.seconds:.0f} s per level; mix {MIX}")  # fmt: skip
            header = (
                f"{'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                f"{'2xx':>7} {'4xx':>6} {'5xx':>4} {'socket':>6} {'RSS MiB before/after':>21}"
            )
            print(header)
            for level in args.concurrency:
                statuses: Counter[int] = Counter()

                def ok(reply: Reply, seen: Counter[int] = statuses) -> bool:
                    seen[reply.status // 100] += 1
                    return True  # replies are judged by class below; errors = sockets

                before = rss_mib(server)
                sample = asyncio.run(
                    drive(server.port, make, ok, seconds=args.seconds, warmup=1.0,
                          concurrency=level)
                )  # fmt: skip
                after = rss_mib(server)
                replies_5xx = statuses[5]  # over the whole level, warm-up included
                socket_errors = sample.errors  # dropped or unanswered connections
                ordered = sorted(sample.latencies)
                p50, p95, p99 = (percentile(ordered, q) * 1000 for q in (0.5, 0.95, 0.99))
                print(
                    f"{level:>7} {sample.rate:>7.0f} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} "
                    f"{statuses[2]:>7} {statuses[4]:>6} {replies_5xx:>4} {socket_errors:>6} "
                    f"{before:>10.0f} / {after:<8.0f}"
                )
            errors = server.log_path.read_text(errors="replace").count(" ERROR ")
            print(f"server log: {errors} ERROR lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
