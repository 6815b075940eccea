"""The emulator's captured outbox: the invitation a CreateUser mails, readable at once,
with a link back to the same emulated server."""

from __future__ import annotations

from types import ModuleType
from urllib.parse import parse_qs, urlsplit

import requests

from chamberlain.testing import ChamberlainServer

PASSWORD = "the password I chose myself"


def test_a_user_created_with_clc_sdk_finds_an_invitation_in_the_outbox(
    clc_sdk: ModuleType, chamberlain_server: ChamberlainServer, http: requests.Session
) -> None:
    assert chamberlain_server.outbox.messages == []
    clc_sdk.v1.User.CreateUser(
        "ops@example.com", "ops@example.com", "Ops", "Person", ["DNSManager"]
    )

    [message] = chamberlain_server.outbox.to("OPS@example.com")
    assert "invited" in str(message["Subject"])
    [link] = chamberlain_server.outbox.links("ops@example.com")
    assert link.startswith(f"{chamberlain_server.base_url}/portal/set-password?token=")

    token = parse_qs(urlsplit(link).query)["token"][0]
    reply = http.post(
        f"{chamberlain_server.base_url}/api/auth/set-password",
        json={"token": token, "password": PASSWORD},
    )
    assert reply.status_code == 204, reply.text
    login = http.post(
        f"{chamberlain_server.base_url}/v2/authentication/login",
        json={"username": "ops@example.com", "password": PASSWORD},
    )
    assert login.status_code == 200, login.text

    chamberlain_server.outbox.clear()
    assert chamberlain_server.outbox.messages == []
