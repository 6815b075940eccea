"""Deterministic ids on request; random ones otherwise."""

from __future__ import annotations

import importlib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from chamberlain.testing import ChamberlainServer, ServerOptions, start_server
from chamberlain.testing import ids as emulator_ids
from tests.rest.rest import account_body
from tests.testing.conftest import v1_call, v1_logon

MOMENT = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


def _hex(number: int) -> str:
    return f"{number:032x}"


@pytest.mark.chamberlain(deterministic_ids=True)
def test_root_credentials_are_numbered(chamberlain_server: ChamberlainServer) -> None:
    assert chamberlain_server.root_alias == "AAAA"
    assert chamberlain_server.api_key == "a" + "0" * 30 + "1"
    assert chamberlain_server.password == "emulator-password-000001"


@pytest.mark.chamberlain(deterministic_ids=True, frozen_at=MOMENT)
def test_request_ids_keys_passwords_and_aliases_count_up(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    base = chamberlain_server.base_url
    v1_logon(http, chamberlain_server)
    listed = v1_call(http, chamberlain_server, "User/GetUsers")
    token = http.post(
        f"{base}/api/auth/token",
        json={"api_key": chamberlain_server.api_key, "password": chamberlain_server.password},
    )
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    api_user = http.post(f"{base}/api/accounts/AAAA/api-users", headers=bearer)
    account = http.post(f"{base}/api/accounts/AAAA/accounts", headers=bearer, json=account_body())
    scim = http.get(f"{base}/scim/v2/Users")

    assert [
        reply.headers["x-request-id"] for reply in (listed, token, api_user, account, scim)
    ] == [_hex(n) for n in range(2, 7)]
    created: dict[str, Any] = api_user.json()
    assert created["api_key"] == "a" + "0" * 30 + "2"
    assert created["password"] == "emulator-password-000002"
    assert account.json()["alias"] == "AAAB"
    audit = http.get(f"{base}/api/audit", headers=bearer, params={"target": "AAAB"})
    (event,) = audit.json()["items"]
    assert event["request_id"] == _hex(5)
    assert event["occurred_at"] == "2030-06-01T12:00:00Z"


def test_ids_stay_random_without_the_marker(
    chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    assert chamberlain_server.api_key != "a" + "0" * 30 + "1"
    assert not chamberlain_server.password.startswith("emulator-password")
    v1_logon(http, chamberlain_server)
    first = v1_call(http, chamberlain_server, "User/GetUsers").headers["x-request-id"]
    assert int(first, 16) > 1_000_000


def test_every_stand_in_replaces_a_real_name_and_is_put_back(
    chamberlain_database_template: Path, tmp_path: Path
) -> None:
    originals = {
        key: getattr(importlib.import_module(key[0]), key[1]) for key in emulator_ids.STAND_INS
    }
    with start_server(
        tmp_path, chamberlain_database_template, ServerOptions(deterministic_ids=True)
    ):
        for (module, name), stand_in in emulator_ids.STAND_INS.items():
            assert getattr(importlib.import_module(module), name) is stand_in
    for (module, name), original in originals.items():
        assert getattr(importlib.import_module(module), name) is original
    assert importlib.import_module("chamberlain.api.pipeline").uuid is uuid


def test_stand_ins_fall_back_to_random_values_outside_a_server() -> None:
    api_users = importlib.import_module("chamberlain.services.api_users")
    emulator_ids.stand_ins.install()
    try:
        assert api_users.new_api_key() != api_users.new_api_key()
        with emulator_ids.using(emulator_ids.IdSource()):
            assert api_users.new_api_key() == "a" + "0" * 30 + "1"
    finally:
        emulator_ids.stand_ins.uninstall()
