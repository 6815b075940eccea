"""Two clients create one user name at the same instant over HTTP: one wins, one gets 1701."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import requests

from tests.support.live_server import LiveServer

TRIALS = 20


def _session(server: LiveServer) -> requests.Session:
    http = requests.Session()
    reply = http.post(
        f"{server.base_url}/REST/Auth/Logon/",
        json={"APIKey": server.api_key, "Password": server.password},
        timeout=10,
    )
    assert reply.json()["StatusCode"] == 0
    return http


def test_simultaneous_duplicate_creates(live_server: LiveServer) -> None:
    clients = [_session(live_server), _session(live_server)]
    for _ in range(TRIALS):
        name = f"race-{uuid.uuid4().hex[:10]}"
        create = partial(_create, live_server, threading.Barrier(len(clients)), name)
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            codes = sorted(pool.map(create, clients))
        assert codes == [0, 1701]
    for http in clients:
        http.close()


def _create(
    server: LiveServer, barrier: threading.Barrier, user_name: str, http: requests.Session
) -> int:
    barrier.wait()
    reply = http.post(
        f"{server.base_url}/REST/User/CreateUser/JSON",
        json={
            "UserName": user_name,
            "AccountAlias": server.alias,
            "EmailAddress": "race@example.com",
            "FirstName": "Race",
            "LastName": "Condition",
        },
        timeout=30,
    )
    assert reply.status_code == 200
    return int(reply.json()["StatusCode"])
