"""What ``Client`` and ``AsyncClient`` share: defaults and how a call becomes a request."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any, Protocol, TypeVar

import httpx

from chamberlain.client._auth import RequestBuilder
from chamberlain.client._calls import Call
from chamberlain.client._operations import Operation
from chamberlain.client._retry import RetryPolicy
from chamberlain.client._version import __version__

T = TypeVar("T")

# Connecting should be quick; a bulk import of 1 000 users may take a while to answer.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_RETRY = RetryPolicy()
USER_AGENT = f"chamberlain-client/{__version__}"


class Runner(Protocol):
    """Sends a call and returns its parsed answer (``Client``'s side)."""

    def __call__(self, call: Call[T], /) -> T: ...


class AsyncRunner(Protocol):
    """Sends a call and returns its parsed answer (``AsyncClient``'s side)."""

    def __call__(self, call: Call[T], /) -> Awaitable[T]: ...


def default_headers(extra: Mapping[str, str] | None) -> dict[str, str]:
    """The headers of every request: the SDK's own, then the caller's."""
    return {"User-Agent": USER_AGENT, "Accept": "application/json", **(extra or {})}


def build_request(http: httpx.Client | httpx.AsyncClient, call: Call[Any]) -> httpx.Request:
    """The HTTP request of ``call`` on ``http`` (its base URL and default headers)."""
    return http.build_request(
        call.operation.method,
        call.url(),
        params=call.params(),
        json=call.json,
        content=call.csv,
        headers=call.headers(),
    )


def login_builder(http: httpx.Client | httpx.AsyncClient) -> RequestBuilder:
    """How the auth flow builds its log-on request on ``http``."""

    def build(operation: Operation, body: dict[str, str]) -> httpx.Request:
        return http.build_request(operation.method, operation.url_path, json=body)

    return build
