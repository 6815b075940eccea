"""Prometheus metrics, served at ``/metrics``.

One registry per process (with several uvicorn workers, each keeps its own counts; scrape
each node, or run one worker per node as the deployment guide does). Label values come
from closed sets only, so no client can grow the number of series.
"""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_FACES = (
    ("/REST/", "v1"), ("/rest/", "v1"), ("/api/", "rest"), ("/v2/", "v2"), ("/scim/", "scim"),
    ("/portal/", "portal"),
)  # fmt: skip

REQUESTS = Counter(
    "chamberlain_http_requests",
    "HTTP requests answered, by face, method and status.",
    ("face", "method", "status"),
    registry=REGISTRY,
)
LATENCY = Histogram(
    "chamberlain_http_request_duration_seconds",
    "Time from request to the end of the reply, by face.",
    ("face",),
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
LOGONS = Counter(
    "chamberlain_logons",
    "Log-on attempts by credential kind (key: API key, user: user name) and outcome.",
    ("kind", "outcome"),
    registry=REGISTRY,
)

MAIL = Counter(
    "chamberlain_mail",
    "Links handed to the mail transport, by purpose (invitation, reset) and outcome (sent; "
    "retry: failed, tried again later; failed: given up).",
    ("purpose", "outcome"),
    registry=REGISTRY,
)


class LogonOutcome(StrEnum):
    """How a log-on attempt ended."""

    ACCEPTED = "accepted"
    REFUSED = "refused"
    THROTTLED = "throttled"


def face_of(path: str) -> str:
    """The face a request path belongs to (a closed set of labels)."""
    for prefix, face in _FACES:
        if path.startswith(prefix):
            return face
    return "other"


def observe_request(path: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request."""
    face = face_of(path)
    REQUESTS.labels(face, method if method in _METHODS else "other", str(status)).inc()
    LATENCY.labels(face).observe(seconds)


def count_logon(kind: str, outcome: LogonOutcome) -> None:
    """Count one log-on attempt."""
    LOGONS.labels(kind, outcome).inc()
