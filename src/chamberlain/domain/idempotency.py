"""Idempotency keys: a retried POST gets the first answer instead of a second create."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(hours=24)
KEY_MAX_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredKey:
    """A key as stored: the request it was first used with and, once done, the answer."""

    id: int
    request_digest: str
    status_code: int | None
    body: str | None
    headers: dict[str, str]
    created_at: datetime

    def expired(self, now: datetime) -> bool:
        """Keys are honoured for 24 hours."""
        return now - self.created_at >= WINDOW


def request_digest(method: str, path: str, query: str, body: bytes) -> str:
    """What makes two requests "the same" for an idempotency key."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
