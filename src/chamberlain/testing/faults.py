"""Fault switches a test flips on an emulated server; the ASGI wrapper reads them.

A *target* names the requests a switch applies to:

- ``"Area/Method"`` (no leading slash), e.g. ``"User/CreateUser"``: that v1 method in
  every spelling the server accepts (``/REST//user/createuser/json`` too);
- ``"/path"`` or ``"VERB /path"``, e.g. ``"POST /api/auth/token"``: the HTTP path (a
  shell-style pattern: ``"/api/accounts/*/users"``), with the verb when given.
"""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from dataclasses import dataclass

from chamberlain.api.clc_v1.methods.registry import METHODS
from chamberlain.api.clc_v1.paths import UnknownFormat, parse_path

FAULT_STATUSES = frozenset({429, 500, 503})
DEFAULT_RETRY_AFTER_SECONDS = 1


def v1_method_of(path: str) -> tuple[str, str] | None:
    """The lower-case ``(area, method)`` of a v1 path, or None for any other path."""
    try:
        parsed = parse_path(path)
    except UnknownFormat:
        return None
    return (parsed.area, parsed.method) if parsed else None


@dataclass(frozen=True, slots=True)
class Target:
    """Which requests a switch applies to (see the module docstring)."""

    v1_method: tuple[str, str] | None = None
    verb: str | None = None
    path_pattern: str | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read a target. Raises ``ValueError`` for an unknown v1 method or a bad shape."""
        verb, _, rest = text.strip().rpartition(" ")
        if rest.startswith("/"):
            return cls(verb=verb.upper() or None, path_pattern=rest)
        area, sep, method = rest.partition("/")
        key = (area.lower(), method.lower())
        if verb or not sep or key not in METHODS:
            raise ValueError(
                f"{text!r} is neither a v1 method ('User/CreateUser') nor a path "
                "('/api/accounts', 'POST /api/auth/token')"
            )
        return cls(v1_method=key)

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with this HTTP ``method`` and ``path`` is targeted."""
        if self.v1_method is not None:
            return v1_method_of(path) == self.v1_method
        if self.verb is not None and self.verb != method.upper():
            return False
        return fnmatch.fnmatchcase(path, self.path_pattern or "*")


# Every way to log on: v1 Logon, the REST token endpoint and v2 login.
LOGON_TARGETS = (
    Target.parse("Auth/Logon"),
    Target.parse("POST /api/auth/token"),
    Target.parse("POST /v2/authentication/login"),
    Target.parse("POST /v2/authentication/login/"),
)


@dataclass(frozen=True, slots=True)
class Failure:
    """One queued failure: the status to answer and its ``Retry-After`` (seconds)."""

    status: int
    retry_after: int | None
    target: Target | None


class Faults:
    """The switches of one server. Methods are safe to call while requests run.

    Order of effect on a request: a matching ``slow`` delay first, then a queued
    ``fail_next`` failure, then a queued ``fail_logon`` refusal; a request that none of
    them takes reaches the real app.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: deque[Failure] = deque()
        self._logon_failures = 0
        self._delays: list[tuple[Target, float]] = []

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 503,
        retry_after: int | None = None,
        target: str | None = None,
    ) -> None:
        """Answer the next ``n`` requests (matching ``target``, every request when None)
        with ``status``: 429, 500 or 503, in the body shape the targeted face uses for
        it (the v1 envelope with StatusCode 2 on v1 paths, a problem on ``/api``, a SCIM
        error on ``/scim/v2``).

        429 and 503 carry ``Retry-After: retry_after`` (1 when None); 500 carries it only
        when given. Calls queue up behind failures already pending. Raises
        ``ValueError`` for another status, a negative count or delay, or a bad target.
        """
        if status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {sorted(FAULT_STATUSES)}, got {status}")
        if n < 0 or (retry_after is not None and retry_after < 0):
            raise ValueError("n and retry_after must not be negative")
        if retry_after is None and status != 500:
            retry_after = DEFAULT_RETRY_AFTER_SECONDS
        failure = Failure(status, retry_after, Target.parse(target) if target else None)
        with self._lock:
            self._failures.extend([failure] * n)

    def fail_logon(self, n: int = 1) -> None:
        """Refuse the next ``n`` log-on attempts (v1 Logon, ``POST /api/auth/token``,
        v2 login) as a wrong password would be refused, whatever the credentials.
        Refusals emulated here do not count towards the server's lock-outs."""
        if n < 0:
            raise ValueError("n must not be negative")
        with self._lock:
            self._logon_failures += n

    def slow(self, target: str, ms: float) -> None:
        """Delay every request matching ``target`` by ``ms`` milliseconds before the app
        sees it (until ``reset``); the newest rule for a request wins, and 0 ends it."""
        if ms < 0:
            raise ValueError("ms must not be negative")
        rule = Target.parse(target)
        with self._lock:
            self._delays = [(t, delay) for t, delay in self._delays if t != rule]
            if ms:
                self._delays.append((rule, ms / 1000))

    def reset(self) -> None:
        """Turn every switch off."""
        with self._lock:
            self._failures.clear()
            self._logon_failures = 0
            self._delays.clear()

    @property
    def failures_left(self) -> int:
        """``fail_next`` failures not answered yet."""
        with self._lock:
            return len(self._failures)

    @property
    def logon_failures_left(self) -> int:
        """``fail_logon`` refusals not answered yet."""
        with self._lock:
            return self._logon_failures

    def delay_for(self, method: str, path: str) -> float:
        """Seconds to hold this request back (0 when no ``slow`` rule matches)."""
        with self._lock:
            matching = [delay for target, delay in self._delays if target.matches(method, path)]
        return matching[-1] if matching else 0.0

    def take_failure(self, method: str, path: str) -> Failure | None:
        """The first queued failure that applies to this request, now used up."""
        with self._lock:
            for failure in self._failures:
                if failure.target is None or failure.target.matches(method, path):
                    self._failures.remove(failure)
                    return failure
        return None

    def take_logon_refusal(self, method: str, path: str) -> bool:
        """Whether this request is a log-on to refuse (using up one refusal)."""
        if not any(target.matches(method, path) for target in LOGON_TARGETS):
            return False
        with self._lock:
            if self._logon_failures == 0:
                return False
            self._logon_failures -= 1
            return True
