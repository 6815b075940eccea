"""The chamberlain_server fixture: a real server per test, reachable by every client."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
import requests
from starlette.testclient import TestClient

from chamberlain.testing import ChamberlainServer, ServerOptions, start_server
from tests.support.raw_http import exchange
from tests.testing.conftest import v1_call, v1_logon

SHARED_NAME = "same-name@example.com"


def test_the_root_api_user_logs_on_and_its_cookie_carries_the_session(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    assert chamberlain_server.base_url == f"http://127.0.0.1:{chamberlain_server.port}"
    assert chamberlain_server.v1_url == f"{chamberlain_server.base_url}/REST/"
    v1_logon(http, chamberlain_server)
    assert "Tier3.API.Cookie" in http.cookies
    accounts = v1_call(http, chamberlain_server, "Account/GetAccounts").json()
    assert accounts["StatusCode"] == 0
    assert accounts["Accounts"][0]["AccountAlias"] == chamberlain_server.root_alias


def test_clc_sdk_works_unchanged(
    clc_sdk: ModuleType, chamberlain_server: ChamberlainServer
) -> None:
    created = clc_sdk.v1.User.CreateUser(
        "sdk@example.com", "sdk@example.com", "Jane", "Doe", ["NetworkManager"]
    )
    assert created["AccountAlias"] == chamberlain_server.root_alias
    assert created["Roles"] == ["NetworkManager"]
    assert [user["UserName"] for user in clc_sdk.v1.User.GetUsers()] == ["sdk@example.com"]


def test_powershell_requests_work_byte_for_byte(chamberlain_server: ChamberlainServer) -> None:
    """Windows PowerShell 5.1: Expect: 100-continue, single-quoted JSON, its cookie jar."""
    host, port = chamberlain_server.host, chamberlain_server.port
    head = f"POST {{path}} HTTP/1.1\r\nContent-Type: application/json\r\nHost: {host}:{port}"
    logon_body = (
        f"{{'APIKey':  '{chamberlain_server.api_key}', "
        f"'Password':  '{chamberlain_server.password}'}}"
    )
    logon = exchange(
        host,
        port,
        head.format(path="/REST/Auth/Logon"),
        logon_body.encode("iso-8859-1"),
        expect_continue=True,
    )
    assert logon.interim == [100]
    assert json.loads(logon.body)["StatusCode"] == 0
    cookie = logon.header_values("set-cookie")[0].split(";", 1)[0]
    listed = exchange(
        host,
        port,
        head.format(path="/REST/User/GetUsers/JSON") + f"\r\nCookie: {cookie}",
        f"{{'AccountAlias': '{chamberlain_server.root_alias}'}}".encode(),
        expect_continue=True,
    )
    assert json.loads(listed.body) == {
        "Users": [],
        "Success": True,
        "Message": "Users successfully located.",
        "StatusCode": 0,
    }


@pytest.mark.parametrize("attempt", ["first", "second"])
def test_every_test_starts_on_an_empty_database(
    attempt: str, chamberlain_server: ChamberlainServer, clc_sdk: ModuleType
) -> None:
    """Both runs create the same user: names are never reused, so a shared database would
    refuse the second."""
    clc_sdk.v1.User.CreateUser(SHARED_NAME, SHARED_NAME, "Jane", attempt, None)
    assert [user["UserName"] for user in clc_sdk.v1.User.GetUsers()] == [SHARED_NAME]


def test_servers_side_by_side_share_nothing(
    chamberlain_server: ChamberlainServer,
    chamberlain_database_template: Path,
    tmp_path: Path,
    http: requests.Session,
) -> None:
    with start_server(tmp_path, chamberlain_database_template) as other:
        assert other.port != chamberlain_server.port
        assert other.api_key != chamberlain_server.api_key
        reply = http.post(
            f"{other.v1_url}Auth/Logon/",
            json={"APIKey": chamberlain_server.api_key, "Password": chamberlain_server.password},
        )
        assert reply.json()["StatusCode"] == 100


@pytest.mark.chamberlain(root_alias="acme")
def test_the_marker_chooses_the_root_alias(chamberlain_server: ChamberlainServer) -> None:
    assert chamberlain_server.root_alias == "ACME"


@pytest.mark.chamberlain(settings={"session_idle_timeout": timedelta(minutes=1)})
def test_the_marker_changes_settings(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    v1_logon(http, chamberlain_server)
    chamberlain_server.clock.advance(minutes=2)
    assert v1_call(http, chamberlain_server, "Account/GetAccounts").json()["StatusCode"] == 100


@pytest.mark.parametrize("name", ["database_url", "hash_concurrency", "no_such_setting"])
def test_settings_the_emulator_cannot_take_are_refused(
    name: str, chamberlain_database_template: Path, tmp_path: Path
) -> None:
    options = ServerOptions(settings={name: "x"})
    with pytest.raises(ValueError, match="unknown or reserved settings"):
        start_server(tmp_path, chamberlain_database_template, options)


def test_a_person_user_given_a_password_logs_on_with_v2_login(
    chamberlain_server: ChamberlainServer, clc_sdk: ModuleType, http: requests.Session
) -> None:
    clc_sdk.v1.User.CreateUser("jdoe", "jdoe@example.com", "Jane", "Doe", ["AccountViewer"])
    chamberlain_server.set_password("jdoe", "a long enough password")
    reply = http.post(
        f"{chamberlain_server.base_url}/v2/authentication/login",
        json={"username": "jdoe", "password": "a long enough password"},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["roles"] == ["AccountViewer"]


def test_the_wrapped_app_serves_in_process_too(chamberlain_server: ChamberlainServer) -> None:
    chamberlain_server.faults.fail_next(status=503, target="GET /healthz")
    with TestClient(chamberlain_server.app, base_url="http://127.0.0.1") as client:
        assert client.get("/healthz").status_code == 503
        assert client.get("/healthz").status_code == 200


def test_stop_frees_the_port_and_may_be_repeated(
    chamberlain_database_template: Path, tmp_path: Path
) -> None:
    server = start_server(tmp_path, chamberlain_database_template)
    assert "password" not in repr(server).lower()
    assert server.password not in repr(server)
    server.stop()
    server.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=2).close()
