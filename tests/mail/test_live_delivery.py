"""Mail from a real `chamberlain serve`: through a real SMTP server on loopback (aiosmtpd,
with a login), and by default into the outbox folder under ./var/.

A person reads the invitation, follows its link and sets a password; then they can log on.
"""

from __future__ import annotations

import email
import re
import secrets
import time
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.support.live_server import LiveServer, ServerProcess, free_port
from tests.support.smtp import WAIT_SECONDS, Inbox

PASSWORD = "my own password, chosen by me"


def _link(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    content: str = body.get_content()
    [url] = [word for word in content.split() if "/portal/set-password?" in word]
    assert parse_qs(urlsplit(url).query)["token"]
    return url


def _invite_and_set_password(server: LiveServer, read_mail: Any) -> str:
    """Create a user over REST, read their invitation, set the password with it, log on.
    Returns the link the mail carried."""
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        token = http.post(
            "/api/auth/token", json={"api_key": server.api_key, "password": server.password}
        ).json()["access_token"]
        created = http.post(
            f"/api/accounts/{server.alias}/users",
            headers={"Authorization": f"Bearer {token}"},
            json={"user_name": "hopper", "email": "hopper@example.com",
                  "first_name": "Grace", "last_name": "Hopper", "roles": [10]},
        )  # fmt: skip
        assert created.status_code == 201, created.text
        message = read_mail("hopper@example.com")
        assert message["Subject"].startswith("You are invited")
        url = _link(message)
        # Follow the link as a browser would (on this server: the mail names the public
        # address) and fill the form in.
        link = urlsplit(url)
        page = http.get(f"{link.path}?{link.query}")
        assert page.status_code == 200, page.text
        assert "Set your password" in page.text
        form = dict(re.findall(r'name="(csrf_token|token)" value="([^"]+)"', page.text))
        done = http.post(
            "/portal/set-password",
            data={**form, "password": PASSWORD, "repeat_password": PASSWORD},
        )
        assert done.status_code in (302, 303), done.text
        login = http.post(
            "/v2/authentication/login", json={"username": "hopper", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        return url


@pytest.fixture
def process(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(f"sqlite:///{tmp_path / 'live.sqlite'}", tmp_path)
    yield server
    server.stop()


def test_an_invitation_goes_through_smtp_with_a_login(
    process: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    user, password = "chamberlain", secrets.token_urlsafe(16)
    inbox = Inbox(user, password)
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        for name, value in {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "SMTP_SECURITY": "none",
            "SMTP_USER": user,
            "SMTP_PASSWORD": password,
            "MAIL_FROM": "accounts@example.net",
            "PUBLIC_URL": "https://portal.example.net/",
        }.items():
            monkeypatch.setenv(f"CHAMBERLAIN_{name}", value)
        server = process.start()
        url = _invite_and_set_password(server, inbox.wait_for)
    finally:
        controller.stop()
    assert url.startswith("https://portal.example.net/portal/set-password?token=")
    assert inbox.logins in ([f"PLAIN:{user}"], [f"LOGIN:{user}"])
    assert inbox.messages[0]["From"] == "accounts@example.net"
    assert password not in process.log()


def test_without_an_smtp_host_mail_is_written_to_the_outbox_folder(
    process: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHAMBERLAIN_SMTP_HOST", raising=False)
    server = process.start()
    outbox = tmp_path / "var" / "outbox"

    def read_outbox(address: str) -> EmailMessage:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for path in outbox.glob("*.eml"):
                parsed = email.message_from_bytes(path.read_bytes(), policy=default)
                assert isinstance(parsed, EmailMessage)
                if parsed["To"] == address:
                    return parsed
            time.sleep(0.05)
        raise AssertionError(f"no mail to {address} in {outbox}")

    _invite_and_set_password(server, read_outbox)
    assert f"mail is written to {outbox}" in process.log()
