"""An SMTP server's handler for tests: keeps what it receives and checks one login."""

from __future__ import annotations

import email
import time
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

WAIT_SECONDS = 15.0


class Inbox:
    """An SMTP server's handler that keeps what it receives, and checks one login."""

    def __init__(self, user: str, password: str) -> None:
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []
        self._user, self._password = user, password

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        parsed = email.message_from_bytes(content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def authenticate(
        self, _server: Any, _session: Session, _envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (data.login.decode(), data.password.decode()) == (self._user, self._password)
        if ok:
            self.logins.append(f"{mechanism}:{data.login.decode()}")
        return AuthResult(success=ok)

    def wait_for(self, address: str) -> EmailMessage:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == address:
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no mail to {address} within {WAIT_SECONDS} s")
