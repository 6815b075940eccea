"""Credential formats, generation, digests and password hashing.

- v1 API keys: 128 random bits as 32 lower-case hex characters; an identifier, not a
  secret, stored in clear under a unique index.
- Passwords: argon2id with pinned parameters (m=19 MiB, t=2, p=1), NFKC-normalised
  before hashing and verifying, 15 to 256 code points.
- Session tokens: ``secrets.token_urlsafe(32)`` to the client, SHA-256 hex stored.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

from chamberlain.errors import HasherBusy, InvalidField

API_KEY_HEX_LENGTH = 32
PASSWORD_MIN_LENGTH = 15
PASSWORD_MAX_LENGTH = 256
PASSWORD_MAX_BYTES = 1024
ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19456
ARGON2_PARALLELISM = 1


def new_api_key() -> str:
    """Return a fresh v1 API key."""
    return secrets.token_hex(API_KEY_HEX_LENGTH // 2)


_HEX = frozenset("0123456789abcdef")


def key_hint(key: str | None) -> str:
    """Enough of a key to tell keys apart in a log line or someone else's audit trail,
    never the whole key."""
    return f"{key[:8]}…" if key else "-"


def normalise_api_key(value: str) -> str | None:
    """Return the stored form of a key as a client sent it (keys match case-blind), or
    None when it cannot be a key at all (so it is never looked up)."""
    key = value.strip().lower()
    if len(key) != API_KEY_HEX_LENGTH or not set(key) <= _HEX:
        return None
    return key


def new_password() -> str:
    """Return a generated password: 192 random bits, 32 URL-safe characters."""
    return secrets.token_urlsafe(24)


def new_session_token() -> str:
    """Return a fresh opaque session token (256 random bits)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_new_password(password: str) -> str:
    """Return the normalised password or raise ``InvalidField`` explaining the rule broken."""
    normalised = unicodedata.normalize("NFKC", password)
    if len(normalised) < PASSWORD_MIN_LENGTH:
        raise InvalidField("password", f"must be at least {PASSWORD_MIN_LENGTH} characters")
    if (
        len(normalised) > PASSWORD_MAX_LENGTH
        or len(normalised.encode("utf-8", "surrogatepass")) > PASSWORD_MAX_BYTES
    ):
        raise InvalidField("password", f"must be at most {PASSWORD_MAX_LENGTH} characters")
    return normalised


def _password_bytes(password: str) -> bytes:
    """NFKC, then UTF-8; lone surrogates (which no real password holds) pass through
    so that hashing never fails on odd input."""
    return unicodedata.normalize("NFKC", password).encode("utf-8", "surrogatepass")


class PasswordHasher:
    """argon2id with the project's pinned parameters and a cap on concurrent hashing.

    Hashing is CPU- and memory-bound; ``max_concurrent`` (the core count by default)
    keeps a logon flood from starving every other request. Callers beyond the cap wait in
    a bounded queue: at most ``max_waiting`` of them, each for at most ``max_wait_seconds``.
    A caller that finds the queue full, or waits too long, gets ``HasherBusy`` (a clean
    "try again"), so a flood never ties up every worker thread of the server.

    The hashing itself runs on ``max_concurrent`` dedicated threads. argon2 allocates its
    19 MiB in the thread that runs it, and the C allocator keeps that memory in the
    thread's arena afterwards: run on any of the server's many request threads, a logon
    burst would leave every one of them holding 19 MiB.
    """

    def __init__(
        self,
        max_concurrent: int,
        *,
        max_waiting: int | None = None,
        max_wait_seconds: float = 2.0,
    ) -> None:
        self._argon2 = _Argon2(
            time_cost=ARGON2_TIME_COST,
            memory_cost=ARGON2_MEMORY_KIB,
            parallelism=ARGON2_PARALLELISM,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._max_concurrent = max_concurrent
        self._slots = threading.BoundedSemaphore(max_concurrent)
        # As many threads as slots: whoever holds a slot finds a thread free.
        self._threads = ThreadPoolExecutor(max_concurrent, thread_name_prefix="argon2")
        self._max_waiting = 4 * max_concurrent if max_waiting is None else max_waiting
        self._max_wait_seconds = max_wait_seconds
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._dummy_hash = self._argon2.hash(secrets.token_urlsafe(16))

    @contextmanager
    def _slot(self) -> Iterator[None]:
        """Hold one hashing slot; raises ``HasherBusy`` instead of queueing without end."""
        if not self._slots.acquire(blocking=False):
            self._wait_for_slot()
        try:
            yield
        finally:
            self._slots.release()

    def _wait_for_slot(self) -> None:
        """Queue for a slot (the caller then holds it), or raise ``HasherBusy``."""
        with self._waiting_lock:
            if self._waiting >= self._max_waiting:
                raise HasherBusy("password checks are saturated; try again shortly")
            self._waiting += 1
        try:
            acquired = self._slots.acquire(timeout=self._max_wait_seconds)
        finally:
            with self._waiting_lock:
                self._waiting -= 1
        if not acquired:
            raise HasherBusy("password checks are saturated; try again shortly")

    @property
    def capacity(self) -> int:
        """How many callers may be in here at once: hashing, or queued for a slot."""
        return self._max_concurrent + self._max_waiting

    def hash(self, password: str) -> str:
        """Return the PHC string of ``password`` (already checked by ``check_new_password``)."""
        with self._slot():
            return self._threads.submit(self._argon2.hash, _password_bytes(password)).result()

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Return whether ``password`` matches ``stored_hash``.

        With ``stored_hash`` None (unknown key) a dummy hash is verified instead, so an
        unknown key costs the same time as a wrong password.
        """
        candidate = _password_bytes(password)
        with self._slot():
            checked = self._threads.submit(
                self._argon2.verify, stored_hash or self._dummy_hash, candidate
            )
            try:
                ok = checked.result()
            except (VerificationError, InvalidHashError):
                return False
        return ok and stored_hash is not None


def rotation_end(current_end: datetime | None, now: datetime, grace: timedelta) -> datetime:
    """When a rotated credential stops working: ``grace`` from ``now``, but never later
    than an end a rotation already set (rotating again cannot prolong an old secret)."""
    return min(current_end or now + grace, now + grace)
