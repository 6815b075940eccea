"""When the SDK tries a request again, and how long it waits first.

Retried: 429 and 503 (the server did nothing and says when to come back), a 409
``idempotency_in_progress`` (the first try of this very request is still running), a
connection that was never made, and, for requests that are safe to repeat (GET, and POST
with an ``Idempotency-Key``), a failure after the request was sent. A PATCH or DELETE
that may have reached the server is not repeated: its second try would meet the first
one's new version and fail with a misleading 412.
"""

from __future__ import annotations

from dataclasses import dataclass

from chamberlain.client._errors import (
    ChamberlainError,
    Conflict,
    RateLimited,
    ServiceUnavailable,
    TransportError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds on retrying one call.

    At most ``max_attempts`` tries (1: never retry) and at most ``max_wait`` seconds of
    waiting between them in all, so one call takes at most ``max_attempts`` times the
    timeout plus ``max_wait``. Without ``Retry-After`` the waits grow from
    ``backoff`` seconds, doubling up to ``max_backoff``. A ``Retry-After`` longer than the
    wait left is not waited for: the error is raised at once, with ``retry_after`` set.
    """

    max_attempts: int = 4
    max_wait: float = 30.0
    backoff: float = 0.5
    max_backoff: float = 8.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.max_wait, self.backoff, self.max_backoff) < 0:
            raise ValueError("waits cannot be negative")

    def start(self, *, replay_safe: bool) -> Retrying:
        """The retry state of one call."""
        return Retrying(self, replay_safe=replay_safe)


NO_RETRY = RetryPolicy(max_attempts=1)


class Retrying:
    """Counts the tries and waits of one call."""

    def __init__(self, policy: RetryPolicy, *, replay_safe: bool) -> None:
        self._policy = policy
        self._replay_safe = replay_safe
        self._failures = 0
        self._waited = 0.0

    def _retryable(self, error: ChamberlainError) -> bool:
        if isinstance(error, RateLimited | ServiceUnavailable):
            return True
        if isinstance(error, Conflict):
            return error.code == "idempotency_in_progress"
        if isinstance(error, TransportError):
            return not error.sent or self._replay_safe
        return False

    def delay_after(self, error: ChamberlainError) -> float | None:
        """Seconds to wait before the next try after ``error``; None: raise it."""
        self._failures += 1
        policy = self._policy
        if self._failures >= policy.max_attempts or not self._retryable(error):
            return None
        asked = error.retry_after if isinstance(error, RateLimited | ServiceUnavailable) else None
        if asked is None:
            delay = min(policy.backoff * 2.0 ** (self._failures - 1), policy.max_backoff)
        else:
            delay = asked
        if self._waited + delay > policy.max_wait:
            return None
        self._waited += delay
        return delay
