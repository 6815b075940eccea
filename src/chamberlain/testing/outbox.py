"""A mail transport that keeps messages in memory, for tests to read invitations from."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from email.message import EmailMessage

_LINK = re.compile(r"https?://\S+/portal/set-password\?token=[A-Za-z0-9_\-%]+")


class Outbox:
    """Messages sent through this transport, oldest first.

    With ``flush`` (the emulator's: mail every link that is due), reading ``messages``
    first sends what is waiting, so a test sees an invitation as soon as the call that
    asked for it has answered, without waiting for a background sender.
    """

    def __init__(self, flush: Callable[[], object] | None = None) -> None:
        self._messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._flush = flush

    def send(self, message: EmailMessage) -> None:
        with self._lock:
            self._messages.append(message)

    @property
    def messages(self) -> list[EmailMessage]:
        if self._flush is not None:
            self._flush()
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address`` (compared without case)."""
        return [m for m in self.messages if str(m["To"]).lower() == address.lower()]

    def links(self, address: str) -> list[str]:
        """The set-password links mailed to ``address``, oldest first."""
        found: list[str] = []
        for message in self.to(address):
            body = message.get_body(("plain",))
            found.extend(_LINK.findall(body.get_content() if body else ""))
        return found

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
