"""Benchmark chamberlain against a bare Starlette hello world and a raw SQLite insert app.

    .venv/bin/python benchmarks/run.py [--seconds 5] [--rounds 2] [--concurrency 16]

Starts the three servers on free loopback ports, drives every workload for ``--seconds``
per round, interleaving rounds, and prints requests/s, latency percentiles and the ratios
the project targets. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from types import FrameType
from typing import Any

from loadgen import Connection, Reply, Sample, drive, http_request, percentile
from servers import (
    Server,
    Servers,
    chamberlain_command,
    chamberlain_init,
    get_json,
    uvicorn_command,
)

LIST_SIZE = 50  # users in the account that GetUsers / listUsers read
COOKIE = "Tier3.API.Cookie"
HELLO, RAW = "hello (bare Starlette)", "raw insert (sqlite3)"
V1_CREATE, REST_CREATE = "v1 CreateUser", "REST createUser"
V1_GET, REST_GET = "v1 GetUserDetails", "REST getUser"
V1_LIST, REST_LIST = f"v1 GetUsers ({LIST_SIZE})", f"REST listUsers (limit={LIST_SIZE})"
TARGETS = (  # numerator, denominator, at least
    (V1_CREATE, RAW, 0.60),
    (REST_CREATE, RAW, 0.60),
    (V1_GET, HELLO, 0.30),
    (REST_GET, HELLO, 0.30),
)
LIST_ACCOUNT = {
    "location": "WA1",
    "business_name": "Benchmark list account",
    "address1": "1 Main St",
    "city": "Seattle",
    "state_province": "WA",
    "postal_code": "98101",
    "country": "USA",
    "telephone": "555-0100",
}
_V1_STATUS = re.compile(rb'"StatusCode"\s*:\s*(-?\d+)')


def rest_ok(reply: Reply) -> bool:
    """REST and the baselines: any 2xx."""
    return 200 <= reply.status < 300


def v1_ok(reply: Reply) -> bool:
    """v1: HTTP 200 and envelope ``StatusCode`` 0."""
    at = reply.body.rfind(b'"StatusCode"')
    match = _V1_STATUS.match(reply.body, at) if reply.status == 200 and at >= 0 else None
    return match is not None and int(match.group(1)) == 0


@dataclass(frozen=True)
class Workload:
    """One kind of request against one server."""

    name: str
    server: Server
    make: Callable[[], bytes]
    ok: Callable[[Reply], bool]


@dataclass
class Result:
    """Every round's sample of one workload."""

    workload: Workload
    samples: list[Sample] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)

    def rate(self) -> float:
        """Median requests/s over the rounds."""
        return statistics.median(sample.rate for sample in self.samples)


@dataclass(frozen=True)
class Session:
    """What the chamberlain workloads need, prepared once."""

    alias: str  # root account: creates go here, and the GetUser target lives here
    list_alias: str  # a child account with exactly LIST_SIZE users
    get_user: str
    cookie: str  # "Tier3.API.Cookie=..."
    token: str


def v1_user(name: str, alias: str) -> dict[str, Any]:
    """A v1 CreateUser body."""
    email = f"{name}@example.com"
    return {
        "UserName": name,
        "AccountAlias": alias,
        "EmailAddress": email,
        "FirstName": "Bench",
        "LastName": "Mark",
        "Roles": [12],
    }


def rest_user(name: str) -> dict[str, Any]:
    """A REST createUser body (the raw insert app reads the same shape)."""
    email = f"{name}@example.com"
    return {
        "user_name": name,
        "email": email,
        "first_name": "Bench",
        "last_name": "Mark",
        "roles": [12],
    }


async def call(port: int, method: str, path: str, body: object, headers: dict[str, str]) -> Reply:
    """One set-up request on its own connection."""
    conn = await Connection.open(port)
    try:
        data = b"" if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **headers} if data else headers
        return await conn.request(http_request(method, path, port, data, sent))
    finally:
        conn.close()


def expect(reply: Reply, ok: Callable[[Reply], bool], what: str) -> dict[str, Any]:
    """The reply's JSON body, or an error naming the step that failed."""
    if not ok(reply):
        raise RuntimeError(f"set-up step {what} failed: HTTP {reply.status} {reply.body[:300]!r}")
    parsed: dict[str, Any] = json.loads(reply.body)
    return parsed


async def prepare(port: int, credentials: dict[str, str], names: Iterator[str]) -> Session:
    """Log on over v1, get a REST token, seed the list account and the GetUser target."""
    alias = credentials["AccountAlias"]
    secret = {"APIKey": credentials["APIKey"], "Password": credentials["Password"]}
    logon = await call(port, "POST", "/REST/Auth/Logon/", secret, {})
    expect(logon, v1_ok, "v1 Logon")
    cookie = next(c.split(";")[0] for c in logon.header("set-cookie") if c.startswith(COOKIE))
    token_body = {"api_key": secret["APIKey"], "password": secret["Password"]}
    token = expect(await call(port, "POST", "/api/auth/token", token_body, {}), rest_ok, "token")
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    child = await call(port, "POST", f"/api/accounts/{alias}/accounts", LIST_ACCOUNT, auth)
    list_alias = expect(child, rest_ok, "create list account")["alias"]
    for _ in range(LIST_SIZE):
        made = await call(
            port, "POST", f"/api/accounts/{list_alias}/users", rest_user(next(names)), auth
        )
        expect(made, rest_ok, "seed list user")
    get_user = next(names)
    made = await call(port, "POST", f"/api/accounts/{alias}/users", rest_user(get_user), auth)
    expect(made, rest_ok, "seed GetUser target")
    return Session(alias, list_alias, get_user, cookie, token["access_token"])


def workloads(
    s: Session, cham: Server, hello: Server, raw: Server, names: Iterator[str]
) -> list[Workload]:
    """Every workload, in the order each round runs them."""
    cookie = {"Cookie": s.cookie}
    bearer = {"Authorization": f"Bearer {s.token}"}

    def post_json(
        server: Server, path: str, body: Callable[[], object], headers: dict[str, str]
    ) -> Callable[[], bytes]:
        sent = {"Content-Type": "application/json", **headers}
        return lambda: http_request("POST", path, server.port, json.dumps(body()).encode(), sent)

    def get(server: Server, path: str, headers: dict[str, str]) -> Callable[[], bytes]:
        data = http_request("GET", path, server.port, headers=headers)
        return lambda: data

    def v1(method: str, body: Callable[[], object]) -> Callable[[], bytes]:
        return post_json(cham, f"/REST/User/{method}/JSON", body, cookie)

    def new_user() -> dict[str, Any]:
        return rest_user(next(names))

    users = f"/api/accounts/{s.alias}/users"
    listed = f"/api/accounts/{s.list_alias}/users?limit={LIST_SIZE}"
    get_body = {"AccountAlias": s.alias, "UserName": s.get_user}
    return [
        Workload(HELLO, hello, get(hello, "/", {}), rest_ok),
        Workload(RAW, raw, post_json(raw, "/users", new_user, {}), rest_ok),
        Workload(V1_CREATE, cham, v1("CreateUser", lambda: v1_user(next(names), s.alias)), v1_ok),
        Workload(REST_CREATE, cham, post_json(cham, users, new_user, bearer), rest_ok),
        Workload(V1_GET, cham, v1("GetUserDetails", lambda: get_body), v1_ok),
        Workload(REST_GET, cham, get(cham, f"/api/users/{s.get_user}", bearer), rest_ok),
        Workload(V1_LIST, cham, v1("GetUsers", lambda: {"AccountAlias": s.list_alias}), v1_ok),
        Workload(REST_LIST, cham, get(cham, listed, bearer), rest_ok),
    ]


async def measure(work: list[Workload], args: argparse.Namespace) -> list[Result]:
    """Run every workload once per round, rounds interleaved."""
    results = [Result(w) for w in work]
    for number in range(1, args.rounds + 1):
        for result in results:
            w = result.workload
            cpu, wall = w.server.cpu_seconds(), time.perf_counter()
            sample = await drive(
                w.server.port,
                w.make,
                w.ok,
                seconds=args.seconds,
                warmup=args.warmup,
                concurrency=args.concurrency,
            )
            cpu_after = w.server.cpu_seconds()
            if cpu is not None and cpu_after is not None:
                result.server_cpu.append((cpu_after - cpu) / (time.perf_counter() - wall))
            result.samples.append(sample)
            print(
                f"  round {number}/{args.rounds}  {w.name:<26} {sample.rate:8.0f} req/s"
                f"  errors {sample.errors}",
                file=sys.stderr,
                flush=True,
            )
    return results


def machine_facts(args: argparse.Namespace, cham: Server, raw: Server) -> list[tuple[str, str]]:
    """What the numbers depend on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("chamberlain", "uvicorn", "starlette", "fastapi", "sqlalchemy")
    )
    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    http = "httptools" if find_spec("httptools") else "h11"
    durability = re.search(r"durability settings: (.*)", cham.log_path.read_text(errors="replace"))
    env = sorted(name for name in os.environ if name.startswith("CHAMBERLAIN_"))
    return [
        ("cores", f"os.cpu_count()={os.cpu_count()}, usable={usable}"),
        ("python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("sqlite", sqlite3.sqlite_version),
        ("platform", platform.platform()),
        ("packages", versions),
        ("uvicorn", f"1 worker per server, loop={loop}, http={http}, uvicorn access log off"),
        ("chamberlain db", durability.group(1) if durability else "(not logged)"),
        ("raw insert db", f"{get_json(raw.port, '/healthz')[1]} (synchronous 2 = FULL)"),
        (
            "load",
            f"{args.concurrency} keep-alive connections per workload, pure-Python "
            f"asyncio client on the same cores; {args.rounds} rounds x {args.seconds:g} s "
            f"(+{args.warmup:g} s warm-up)",
        ),
        ("CHAMBERLAIN_* set", ", ".join(env) or "none (defaults)"),
        ("load average", f"{args.load_before} before, {_load_average()} after (1/5/15 min)"),
    ]


def _load_average() -> str:
    """Other work on the machine skews every number: show it."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"


def report(results: list[Result], facts: list[tuple[str, str]], cham: Server) -> None:
    """Print the facts, the per-workload table and the ratios."""
    print("\nchamberlain benchmark")
    for name, value in facts:
        print(f"  {name:<18} {value}")
    print(
        f"\n{'workload':<26} {'req/s':>7} {'per round':>18} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'errors':>6} {'srv CPU':>7} {'gen CPU':>7}"
    )
    for r in results:
        lat = sorted(x for s in r.samples for x in s.latencies)
        rounds = "/".join(f"{s.rate:.0f}" for s in r.samples)
        srv = f"{statistics.median(r.server_cpu):.0%}" if r.server_cpu else "-"
        gen = statistics.median(s.client_cpu for s in r.samples)
        print(
            f"{r.workload.name:<26} {r.rate():>7.0f} {rounds:>18} "
            f"{percentile(lat, 0.5) * 1000:>7.1f} {percentile(lat, 0.99) * 1000:>7.1f} "
            f"{(lat[-1] if lat else 0) * 1000:>7.1f} {sum(s.errors for s in r.samples):>6} "
            f"{srv:>7} {gen:>7.0%}"
        )
    by_name = {r.workload.name: r for r in results}
    print(
        f"\n{'ratio (req/s, paired per round)':<44} {'per round':>12} {'median':>7} "
        f"{'target':>8}  result"
    )
    for top, bottom, target in TARGETS:
        pairs = zip(by_name[top].samples, by_name[bottom].samples, strict=True)
        ratios = [a.rate / b.rate if b.rate else 0.0 for a, b in pairs]
        median = statistics.median(ratios)
        verdict = "met" if median >= target else "NOT MET"
        per_round = " ".join(f"{x:.2f}" for x in ratios)
        print(
            f"{top + ' / ' + bottom:<44} {per_round:>12} {median:>7.2f} "
            f"{'>= ' + format(target, '.2f'):>8}  {verdict}"
        )
    log = cham.log_path.read_text(errors="replace").splitlines()
    problems = [line for line in log if " ERROR " in line or " WARNING " in line]
    print(f"\nchamberlain log: {len(log)} lines, {len(problems)} ERROR/WARNING")
    for line in problems[:5]:
        print(f"  {line[:200]}")


def run(args: argparse.Namespace, servers: Servers, workdir: Path) -> None:
    """Start the servers, prepare, measure, report."""
    database_url = f"sqlite:///{workdir / 'bench.db'}"
    credentials = chamberlain_init(database_url, workdir)
    hello = servers.start("hello", uvicorn_command("hello_app"))
    raw_env = {"BENCH_RAW_DB": str(workdir / "raw.db")}
    raw = servers.start("raw-insert", uvicorn_command("raw_insert_app"), raw_env)
    cham = servers.start("chamberlain", chamberlain_command(database_url))
    names = (f"bench{n:07d}" for n in itertools.count())

    async def main() -> list[Result]:
        session = await prepare(cham.port, credentials, names)
        return await measure(workloads(session, cham, hello, raw, names), args)

    results = asyncio.run(main())
    report(results, machine_facts(args, cham, raw), cham)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="timed seconds per workload")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    parser.add_argument("--concurrency", type=int, default=16, help="connections per workload")
    parser.add_argument("--warmup", type=float, default=1.0, help="untimed seconds first")
    parser.add_argument("--keep", action="store_true", help="keep the databases and server logs")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.rounds < 1 or args.concurrency < 1 or args.warmup < 0:
        parser.error("--seconds, --rounds and --concurrency must be positive")
    return args


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; every server started is stopped on the way out."""
    args = parse_args(argv)
    args.load_before = _load_average()
    signal.signal(signal.SIGTERM, _stop)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="chamberlain-bench-"))
    servers = Servers(workdir)
    try:
        with servers:
            run(args, servers, workdir)
    except KeyboardInterrupt:
        print("\ninterrupted; the servers were stopped", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        for server in servers.started:
            print(f"--- {server.name} log ---\n{server.log_tail()}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\ndatabases and server logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
