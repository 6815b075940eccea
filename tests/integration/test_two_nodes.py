"""Issue 8, scale-out: two server processes on one PostgreSQL database act as one service.

Two real ``python -m chamberlain serve`` processes (nodes A and B) share one PostgreSQL
schema, initialised once. Everything is checked over real HTTP: sessions and bearer tokens
made on one node work on the other and end on both at once, failed log-ons are counted
across nodes, and simultaneous duplicate creates on the two nodes leave one user.

Every failed log-on also counts against the source address (127.0.0.1 for all of this
module, ADDRESS_FREE_FAILURES free); the module stays below that, so only per-key counters
ever lock.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx2
import pytest

from chamberlain.domain.throttle import ADDRESS_FREE_FAILURES, CREDENTIAL_FREE_FAILURES
from tests.support.databases import postgres_base_url, postgres_schema
from tests.support.live_server import LiveServer, ServerProcess, run_init

pytestmark = pytest.mark.postgres_only

COOKIE = "Tier3.API.Cookie"
TIMEOUT_S = 30.0
RACE_PAIRS = 20
# Failed log-ons this module makes from 127.0.0.1: the throttling test's, plus one by a
# deleted API user. The address must never lock, or it would hide what is checked here.
PLANNED_FAILURES = CREDENTIAL_FREE_FAILURES + 1 + 1
assert PLANNED_FAILURES <= ADDRESS_FREE_FAILURES


@dataclass(frozen=True, slots=True)
class Nodes:
    """Two servers on one database; ``a.alias`` etc. name the root account and API user."""

    a: LiveServer
    b: LiveServer


@dataclass(frozen=True, slots=True)
class ApiKey:
    api_key: str
    password: str


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    if postgres_base_url() is None:
        pytest.skip("CHAMBERLAIN_TEST_DATABASE_URL is not set")
    workdir = tmp_path_factory.mktemp("two_nodes")
    with ExitStack() as stack:
        url = stack.enter_context(postgres_schema("chamberlain_nodes"))
        root = run_init(url, workdir)  # once: both nodes serve what it made
        processes = []
        for name in ("a", "b"):
            folder = workdir / name
            folder.mkdir()
            process = ServerProcess(url, folder)
            stack.callback(process.stop)
            processes.append(process)
        with ThreadPoolExecutor(max_workers=2) as pool:
            a, b = pool.map(lambda process: process.serve(root), processes)
        yield Nodes(a=a, b=b)


@pytest.fixture(scope="module")
def root_token(nodes: Nodes) -> str:
    """A bearer token of the root API user, made on node A."""
    return token(nodes.a, ApiKey(nodes.a.api_key, nodes.a.password))


# --- HTTP helpers -----------------------------------------------------------------------


def v1(node: LiveServer, method: str, body: dict[str, Any], session: str | None = None) -> int:
    """POST a v1 JSON method (``Auth/Logon``, ``User/GetUsers``...); its StatusCode."""
    return int(v1_reply(node, method, body, session)["StatusCode"])


def v1_reply(
    node: LiveServer, method: str, body: dict[str, Any], session: str | None = None
) -> dict[str, Any]:
    headers = {"Cookie": f"{COOKIE}={session}"} if session else {}
    reply = httpx2.post(
        f"{node.base_url}/REST/{method}/JSON", json=body, headers=headers, timeout=TIMEOUT_S
    )
    assert reply.status_code == 200, f"{method} on {node.base_url}: {reply.text}"
    answer: dict[str, Any] = reply.json()
    return answer


def logon(node: LiveServer, key: ApiKey) -> str:
    """Log on to ``node`` through v1; the session cookie's value."""
    reply = httpx2.post(
        f"{node.base_url}/REST/Auth/Logon/JSON",
        json={"APIKey": key.api_key, "Password": key.password},
        timeout=TIMEOUT_S,
    )
    assert reply.json()["StatusCode"] == 0, reply.text
    session = reply.cookies.get(COOKIE)
    assert session, reply.headers
    return session


def logon_code(node: LiveServer, api_key: str, password: str) -> int:
    return v1(node, "Auth/Logon", {"APIKey": api_key, "Password": password})


def get_users(node: LiveServer, session: str) -> int:
    return v1(node, "User/GetUsers", {"AccountAlias": node.alias}, session)


def token_reply(node: LiveServer, key: ApiKey) -> httpx2.Response:
    return httpx2.post(
        f"{node.base_url}/api/auth/token",
        json={"api_key": key.api_key, "password": key.password},
        timeout=TIMEOUT_S,
    )


def token(node: LiveServer, key: ApiKey) -> str:
    """A REST bearer token from ``node``."""
    reply = token_reply(node, key)
    assert reply.status_code == 201, reply.text
    access_token: str = reply.json()["access_token"]
    return access_token


def rest(node: LiveServer, verb: str, path: str, bearer: str) -> httpx2.Response:
    return httpx2.request(
        verb,
        f"{node.base_url}/api{path}",
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=TIMEOUT_S,
    )


def new_api_user(node: LiveServer, bearer: str) -> ApiKey:
    """A new API user of the root account, made through ``node``'s REST face."""
    reply = rest(node, "POST", f"/accounts/{node.alias}/api-users", bearer)
    assert reply.status_code == 201, reply.text
    body = reply.json()
    return ApiKey(body["api_key"], body["password"])


def concurrently(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at once, one thread each; their results in order."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


# --- 1, 2: v1 sessions -----------------------------------------------------------------


def test_v1_session_made_on_one_node_works_on_the_other(nodes: Nodes) -> None:
    root = ApiKey(nodes.a.api_key, nodes.a.password)
    for made_on, used_on in ((nodes.a, nodes.b), (nodes.b, nodes.a)):
        session = logon(made_on, root)
        assert get_users(used_on, session) == 0
        assert get_users(made_on, session) == 0


def test_v1_logout_on_one_node_ends_the_session_on_the_other_at_once(nodes: Nodes) -> None:
    session = logon(nodes.a, ApiKey(nodes.a.api_key, nodes.a.password))
    assert get_users(nodes.b, session) == 0  # live on B (and B has looked it up)

    assert v1(nodes.a, "Auth/Logout", {}, session) == 0

    assert get_users(nodes.b, session) == 100
    assert get_users(nodes.a, session) == 100


# --- 3: REST bearer tokens -------------------------------------------------------------


def test_bearer_token_made_on_one_node_ends_on_the_other_when_its_api_user_is_deleted(
    nodes: Nodes, root_token: str
) -> None:
    doomed = new_api_user(nodes.a, root_token)
    doomed_token = token(nodes.a, doomed)
    doomed_session = logon(nodes.b, doomed)  # a v1 session too, made on the other node

    me = rest(nodes.b, "GET", "/me", doomed_token)
    assert me.status_code == 200, me.text
    assert me.json()["kind"] == "api_user"
    assert me.json()["account_alias"] == nodes.a.alias
    assert get_users(nodes.a, doomed_session) == 0

    deleted = rest(nodes.a, "DELETE", f"/api-users/{doomed.api_key}", root_token)
    assert deleted.status_code == 204, deleted.text

    after = rest(nodes.b, "GET", "/me", doomed_token)
    assert after.status_code == 401, after.text
    assert rest(nodes.a, "GET", "/me", doomed_token).status_code == 401
    assert get_users(nodes.a, doomed_session) == 100
    assert get_users(nodes.b, doomed_session) == 100
    # Its key and password no longer log on anywhere (one failed log-on, budgeted above).
    assert token_reply(nodes.b, doomed).status_code == 401
    listed = rest(nodes.b, "GET", f"/accounts/{nodes.a.alias}/api-users", root_token)
    assert listed.status_code == 200, listed.text
    assert doomed.api_key not in {item["api_key"] for item in listed.json()}

    # The root API user is untouched, on both nodes.
    assert rest(nodes.b, "GET", "/me", root_token).status_code == 200
    assert rest(nodes.a, "GET", "/me", root_token).status_code == 200


# --- 4: log-on throttling --------------------------------------------------------------


def test_failed_logons_are_counted_across_nodes(nodes: Nodes, root_token: str) -> None:
    key = new_api_user(nodes.a, root_token)
    assert logon_code(nodes.b, key.api_key, key.password) == 0  # the password is right

    for attempt in range(CREDENTIAL_FREE_FAILURES + 1):
        node = (nodes.a, nodes.b)[attempt % 2]
        assert logon_code(node, key.api_key, "not the password") == 100

    # The first lock lasts FIRST_DELAY (5 s): ask all four at once, straight away.
    started = time.monotonic()
    v1_a, v1_b, rest_a, rest_b = concurrently(
        lambda: logon_code(nodes.a, key.api_key, key.password),
        lambda: logon_code(nodes.b, key.api_key, key.password),
        lambda: token_reply(nodes.a, key),
        lambda: token_reply(nodes.b, key),
    )
    took = time.monotonic() - started
    assert (v1_a, v1_b) == (100, 100), f"right password let in while locked ({took:.2f} s)"
    retry_after = []
    for reply in (rest_a, rest_b):
        assert reply.status_code == 429, f"{reply.status_code} {reply.text} ({took:.2f} s)"
        assert reply.headers["Retry-After"].isdigit(), reply.headers
        retry_after.append(int(reply.headers["Retry-After"]))
    assert all(seconds >= 1 for seconds in retry_after), retry_after

    # The lock ends by itself: the refusals above were the lock, not the password.
    time.sleep(max(retry_after) + 0.2)
    assert logon_code(nodes.b, key.api_key, key.password) == 0


# --- 5: simultaneous duplicate creates -------------------------------------------------


def _create(
    client: httpx2.Client, alias: str, barrier: threading.Barrier, user_name: str
) -> tuple[int, int]:
    """CreateUser once the other thread is ready too; (HTTP status, StatusCode)."""
    body = {
        "UserName": user_name,
        "AccountAlias": alias,
        "EmailAddress": "race@example.com",
        "FirstName": "Race",
        "LastName": "Condition",
        "Roles": [10],
    }
    barrier.wait(timeout=TIMEOUT_S)
    reply = client.post("/REST/User/CreateUser/JSON", json=body)
    code = int(reply.json()["StatusCode"]) if reply.status_code == 200 else -1
    return reply.status_code, code


def test_duplicate_creates_on_both_nodes_at_once_make_one_user(nodes: Nodes) -> None:
    session = logon(nodes.a, ApiKey(nodes.a.api_key, nodes.a.password))
    headers = {"Cookie": f"{COOKIE}={session}"}
    names = [f"pair{pair}-{uuid.uuid4().hex[:8]}" for pair in range(RACE_PAIRS)]
    outcomes: dict[str, list[tuple[int, int]]] = {}
    with (
        httpx2.Client(base_url=nodes.a.base_url, headers=headers, timeout=TIMEOUT_S) as on_a,
        httpx2.Client(base_url=nodes.b.base_url, headers=headers, timeout=TIMEOUT_S) as on_b,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        for name in names:
            barrier = threading.Barrier(2)
            pair = [
                pool.submit(_create, client, nodes.a.alias, barrier, name)
                for client in (on_a, on_b)
            ]
            outcomes[name] = sorted(future.result() for future in pair)

    wrong = {name: pair for name, pair in outcomes.items() if pair != [(200, 0), (200, 1701)]}
    assert not wrong, f"{len(wrong)} of {RACE_PAIRS} pairs not one 0 and one 1701: {wrong}"

    for node in (nodes.a, nodes.b):
        listed = v1_reply(node, "User/GetUsers", {"AccountAlias": node.alias}, session)
        assert listed["StatusCode"] == 0
        counts = Counter(user["UserName"] for user in listed["Users"])
        assert {name: counts[name] for name in names} == dict.fromkeys(names, 1)
