"""Running both SDK clients in one synchronous test.

``BlockingASGITransport`` lets the synchronous ``Client`` call the app in-process (httpx's
``ASGITransport`` is async only). ``Blocking`` drives an ``AsyncClient`` through the same
anyio portal, so one test body exercises both twins.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Iterator
from typing import Any, TypedDict, Unpack

import httpx
from anyio.from_thread import BlockingPortal
from starlette.types import ASGIApp

from chamberlain.client import AsyncPager, Client, User, UserFields

PASSWORD = "a person's password, long enough"


class AccountBasics(TypedDict):
    """The required fields of a new account (its optional ones are each test's own)."""

    location: str
    business_name: str
    address1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    telephone: str


NEW_ACCOUNT: AccountBasics = {
    "location": "WA1",
    "business_name": "Acme Widgets",
    "address1": "1 Main Street",
    "city": "Seattle",
    "state_province": "WA",
    "postal_code": "98101",
    "country": "US",
    "telephone": "+1 206 555 0100",
}


def make_user(sdk: Client, name: str, alias: str = "ROOT", **extra: Unpack[UserFields]) -> User:
    """Create user ``name`` (e-mail ``name@example.com``) with the ``extra`` fields."""
    return sdk.users.create(
        alias,
        user_name=name,
        email=f"{name}@example.com",
        first_name="Grace",
        last_name="Hopper",
        **extra,
    )


class BlockingASGITransport(httpx.BaseTransport):
    """Runs an ASGI app for a synchronous httpx client, on the portal's event loop."""

    def __init__(self, app: ASGIApp, portal: BlockingPortal) -> None:
        self._transport = httpx.ASGITransport(app=app)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, body = self._portal.call(self._send, request)
        return httpx.Response(status, headers=headers, content=body)

    async def _send(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._transport.handle_async_request(request)
        body = b"".join([chunk async for chunk in response.aiter_raw()])
        await response.aclose()
        return response.status_code, response.headers.raw, body


async def _settle(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


async def _next(iterator: Any) -> tuple[bool, Any]:
    try:
        return True, await iterator.__anext__()
    except StopAsyncIteration:
        return False, None


class Blocking:
    """An object of the async SDK used as if it were the sync one: coroutines are
    awaited on the portal, async iterables iterated, resources and pagers wrapped."""

    def __init__(self, target: object, portal: BlockingPortal) -> None:
        self._target = target
        self._portal = portal

    def _wrap(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            return self._wrap(self._portal.call(_settle, value))
        async_sdk = type(value).__module__ == "chamberlain.client._async_client"
        if async_sdk or isinstance(value, AsyncPager) or inspect.isasyncgen(value):
            return Blocking(value, self._portal)
        return value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if inspect.ismethod(value):
            return lambda *args, **kwargs: self._wrap(value(*args, **kwargs))
        return self._wrap(value)

    def __iter__(self) -> Iterator[Any]:
        target: Any = self._target
        iterator = target.__aiter__()
        while True:
            more, item = self._portal.call(_next, iterator)
            if not more:
                return
            yield self._wrap(item)


class LoseAnswers(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Passes every request on, but throws away the server's answer to the first
    ``count`` POSTs to a path ending in ``suffix`` and raises ``ReadTimeout`` instead: a
    network that fails after the server has acted. Wraps a sync or an async transport."""

    def __init__(self, inner: Any, suffix: str, count: int = 1) -> None:
        self._inner = inner
        self._suffix = suffix
        self._count = count
        self.seen: list[httpx.Request] = []  # POSTs to the path
        self.lost: list[httpx.Request] = []

    def _lose(self, request: httpx.Request) -> bool:
        if request.method != "POST" or not request.url.path.endswith(self._suffix):
            return False
        self.seen.append(request)
        if len(self.lost) >= self._count:
            return False
        self.lost.append(request)
        return True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response = self._inner.handle_request(request)
        if self._lose(request):
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response = await self._inner.handle_async_request(request)
        if self._lose(request):
            await response.aclose()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


USER_JSON: dict[str, Any] = {
    "user_name": "grace", "account_alias": "ROOT", "email": "grace@example.com",
    "first_name": "Grace", "last_name": "Hopper", "alternate_email": None, "title": None,
    "office_number": None, "mobile_number": None, "fax_number": None, "saml_user_name": None,
    "time_zone_id": "UTC", "allow_sms": False, "status": "Active", "roles": [9], "version": 3,
}  # fmt: skip
Answer = httpx.Response | type[httpx.TransportError]


def problem(status: int, code: str, **headers: str) -> httpx.Response:
    """An RFC 9457 problem as the server writes it."""
    body = {
        "type": f"urn:chamberlain:problem:{code}", "title": "t", "status": status, "code": code,
        "detail": f"{code} detail", "request_id": "rid-1",
    }  # fmt: skip
    return httpx.Response(
        status, json=body, headers={"Content-Type": "application/problem+json", **headers}
    )


class Scripted:
    """A MockTransport handler that answers from a script, in order, and records every
    request. A transport error class in the script is raised instead of answering.

    Each answer is a copy: a client takes over the stream of the response it is given,
    and the scripts share their responses between the sync and the async run."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, httpx.Response):
            return httpx.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )
        raise answer("scripted failure", request=request)
