"""Secrets never land in logs or in the database (security checklist, secrets).

A real server takes a workload that makes every kind of secret chamberlain handles: API
passwords (sent in a query string, as clc-sdk does, and in bodies), wrong passwords, v1
session cookies, REST bearer tokens of API users, a new API user's password, a
person-user's password and its v2 bearer token. Afterwards the server's whole log and a
dump of every table are searched for each of them. Target: 0 found.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from urllib.parse import quote

import requests
from sqlalchemy import select

from chamberlain.db.base import Base
from chamberlain.db.engine import create_db_engine
from tests.support.live_server import LiveServer, ServerProcess


def _table_dump(database_url: str) -> str:
    """Every row of every table, as text."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection:
            return "\n".join(
                repr(tuple(row))
                for table in Base.metadata.sorted_tables
                for row in connection.execute(select(table))
            )
    finally:
        engine.dispose()


def _generate_secrets(live_server: LiveServer, http: requests.Session) -> dict[str, str]:
    found: dict[str, str] = {"root API password": live_server.password}
    base = live_server.base_url
    key = live_server.api_key

    wrong = f"wrong-{secrets.token_hex(8)}"
    found["a wrong password"] = wrong
    refused = http.post(f"{base}/REST/Auth/Logon/JSON?APIKey={key}&Password={quote(wrong)}")
    assert refused.json()["StatusCode"] == 100

    logon = http.post(
        f"{base}/REST/Auth/Logon/JSON?APIKey={key}&Password={quote(live_server.password)}"
    )
    assert logon.json()["StatusCode"] == 0
    found["v1 session cookie"] = logon.cookies["Tier3.API.Cookie"]

    token = http.post(
        f"{base}/api/auth/token", json={"api_key": key, "password": live_server.password}
    ).json()["access_token"]
    found["API user's bearer token"] = token
    bearer = {"Authorization": f"Bearer {token}"}

    issued = http.post(f"{base}/api/accounts/{live_server.alias}/api-users", headers=bearer)
    assert issued.status_code == 201, issued.text
    found["new API user's password"] = issued.json()["password"]

    user_name = f"scan{secrets.token_hex(3)}"
    user = {
        "user_name": user_name, "email": "scan@example.com",
        "first_name": "Secret", "last_name": "Scan", "roles": [9],
    }  # fmt: skip
    created = http.post(f"{base}/api/accounts/{live_server.alias}/users", json=user, headers=bearer)
    assert created.status_code == 201, created.text
    person_password = f"person {secrets.token_urlsafe(12)}"
    found["person-user's password"] = person_password
    subprocess.run(
        [sys.executable, "-m", "chamberlain", "users", "set-password", user_name,
         "--password-stdin", "--database-url", live_server.database_url],
        input=person_password + "\n", text=True, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    login = http.post(
        f"{base}/v2/authentication/login",
        json={"username": user_name, "password": person_password},
    )
    assert login.status_code == 200, login.text
    found["person-user's v2 bearer token"] = login.json()["bearerToken"]
    return found


def test_no_secret_reaches_the_log_or_the_database(
    live_server: LiveServer, server_process: ServerProcess
) -> None:
    with requests.Session() as http:
        generated = _generate_secrets(live_server, http)
    server_process.stop()  # the log is complete once the process has ended
    log = server_process.log()
    dump = _table_dump(live_server.database_url)
    assert "v1 logon" in log  # the security events were written: the scan reads real lines
    leaks = [
        f"{name} in the {where}"
        for name, secret in generated.items()
        for where, text in (("log", log), ("database", dump))
        if secret in text
    ]
    assert leaks == []
