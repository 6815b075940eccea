"""Fixtures of the SDK tests.

Every test that takes ``connect`` or ``connect_mock`` runs twice: with ``Client`` and
with ``AsyncClient`` (driven through an anyio portal, see ``support.Blocking``). Tests
against the app also run once per database, as the root conftest's ``runtime`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, cast

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.applications import Starlette

from chamberlain.app import create_app
from chamberlain.client import ApiKeyAuth, AsyncClient, Client, Credentials
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.client.support import Blocking, BlockingASGITransport

BASE_URL = "http://chamberlain.test"
Handler = Callable[[httpx.Request], httpx.Response]
# Wraps a transport (sync or async) in another of the same kind.
Wrap = Callable[[Any], Any]


class Connect(Protocol):
    def __call__(
        self, auth: Credentials | None = ..., wrap: Wrap | None = ..., **options: Any
    ) -> Client: ...


class ConnectMock(Protocol):
    def __call__(
        self, handler: Handler, auth: Credentials | None = ..., **options: Any
    ) -> Client: ...


@pytest.fixture
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as running:
        yield running


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def sleeps() -> list[float]:
    """What the clients of ``connect_mock`` waited between tries (they never really wait)."""
    return []


class _Clients:
    """Makes clients of one flavour and closes them all at the end."""

    def __init__(self, flavour: str, portal: BlockingPortal, sleeps: list[float]) -> None:
        self.flavour, self.portal, self.sleeps = flavour, portal, sleeps
        self.closers: list[Callable[[], None]] = []

    def make(
        self,
        sync_transport: httpx.BaseTransport,
        async_transport: httpx.AsyncBaseTransport,
        auth: Credentials | None,
        options: dict[str, Any],
    ) -> Client:
        if self.flavour == "sync":
            options.setdefault("sleep", self.sleeps.append)
            client = Client(BASE_URL, auth=auth, transport=sync_transport, **options)
            self.closers.append(client.close)
            return client

        async def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        options.setdefault("sleep", sleep)
        twin = AsyncClient(BASE_URL, auth=auth, transport=async_transport, **options)
        self.closers.append(lambda: self.portal.call(twin.aclose))
        return cast(Client, Blocking(twin, self.portal))

    def close(self) -> None:
        for close in self.closers:
            close()


@pytest.fixture
def clients(flavour: str, portal: BlockingPortal, sleeps: list[float]) -> Iterator[_Clients]:
    made = _Clients(flavour, portal, sleeps)
    yield made
    made.close()


@pytest.fixture
def app(runtime: Runtime) -> Starlette:
    return create_app(runtime)


@pytest.fixture
def root_auth(root: IssuedCredentials) -> ApiKeyAuth:
    """The root API user's credentials."""
    return ApiKeyAuth(root.api_user.api_key, root.password)


@pytest.fixture
def connect(
    clients: _Clients, app: Starlette, portal: BlockingPortal, root_auth: ApiKeyAuth
) -> Connect:
    """A client of the app in-process; the root API user's unless ``auth`` is given.
    ``wrap`` puts a transport of the test's between the client and the app."""

    def make(
        auth: Credentials | None = root_auth, wrap: Wrap | None = None, **options: Any
    ) -> Client:
        sync_transport: Any = BlockingASGITransport(app, portal)
        async_transport: Any = httpx.ASGITransport(app=app)
        if wrap is not None:
            sync_transport, async_transport = wrap(sync_transport), wrap(async_transport)
        return clients.make(sync_transport, async_transport, auth, options)

    return make


@pytest.fixture
def sdk(connect: Connect) -> Client:
    """The root API user's client of the app."""
    return connect()


@pytest.fixture
def connect_mock(clients: _Clients) -> ConnectMock:
    """A client whose requests go to ``handler`` (``httpx.MockTransport``)."""

    def make(handler: Handler, auth: Credentials | None = None, **options: Any) -> Client:
        transport = httpx.MockTransport(handler)
        return clients.make(transport, transport, auth, options)

    return make
