"""Clients of the emulated server, as the plugin's users would hold them."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import clc
import pytest
import requests

from chamberlain.testing import ChamberlainServer


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A plain requests session (cookie jar included)."""
    with requests.Session() as session:
        yield session


def v1_logon(http: requests.Session, server: ChamberlainServer) -> None:
    """Log ``http`` on with the root API user, PowerShell style (JSON body)."""
    reply = http.post(
        f"{server.v1_url}Auth/Logon/", json={"APIKey": server.api_key, "Password": server.password}
    )
    assert reply.json()["StatusCode"] == 0, reply.text


def v1_call(http: requests.Session, server: ChamberlainServer, method: str) -> requests.Response:
    """POST a v1 method (``"Account/GetAccounts"``) with a JSON body; the reply is JSON."""
    return http.post(f"{server.v1_url}{method}/JSON", json={"AccountAlias": server.root_alias})


@pytest.fixture
def bearer(http: requests.Session, chamberlain_server: ChamberlainServer) -> dict[str, str]:
    """Headers with a REST bearer token of the root API user."""
    reply = http.post(
        f"{chamberlain_server.base_url}/api/auth/token",
        json={"api_key": chamberlain_server.api_key, "password": chamberlain_server.password},
    )
    assert reply.status_code == 201, reply.text
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


@pytest.fixture
def clc_sdk(
    chamberlain_server: ChamberlainServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    """clc-sdk 2.51 pointed at the emulator; its module-wide state is put back afterwards."""
    monkeypatch.setattr(clc.defaults, "ENDPOINT_URL_V1", chamberlain_server.v1_url)
    for name in ("_LOGIN_COOKIE_V1", "ALIAS", "LOCATION"):
        monkeypatch.setattr(clc, name, False)
    with requests.Session() as session:
        monkeypatch.setattr(clc, "_REQUESTS_SESSION", session)
        # SetCredentials creates these module globals; raising=False removes them again.
        monkeypatch.setattr(clc.v1, "V1_API_KEY", chamberlain_server.api_key, raising=False)
        monkeypatch.setattr(clc.v1, "V1_API_PASSWD", chamberlain_server.password, raising=False)
        yield clc
