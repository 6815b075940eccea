"""Log-on and token refresh: once per client, again once on 401, never with a ready token;
and, against the real app, an expired session is replaced without the caller noticing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import httpx
import pytest

from chamberlain.client import (
    ApiKeyAuth,
    AuthenticationError,
    Client,
    LoginAuth,
    RateLimited,
    TokenAuth,
    ValidationError,
)
from tests.client.conftest import Connect, ConnectMock
from tests.client.support import USER_JSON, problem
from tests.support.clock import FakeClock

TOKEN_PATH = "/api/auth/token"
LOGIN_PATH = "/v2/authentication/login"


@dataclass
class FakeServer:
    """Issues tokens ``t1``, ``t2``, ... and answers a user to a valid one.

    ``refusals`` are answered to the next log-ons instead of a token."""

    valid: set[str] = field(default_factory=set)
    logons: list[dict[str, str]] = field(default_factory=list)
    calls: list[str | None] = field(default_factory=list)
    refusals: list[httpx.Response] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path in (TOKEN_PATH, LOGIN_PATH):
            self.logons.append(json.loads(request.content))
            if self.refusals:
                return self.refusals.pop(0)
            token = f"t{len(self.logons)}"
            self.valid.add(token)
            if request.url.path == LOGIN_PATH:
                return httpx.Response(200, json={"userName": "u", "bearerToken": token})
            body = {
                "access_token": token,
                "token_type": "bearer",
                "expires_at": "2030-01-01T00:00:00Z",
            }
            return httpx.Response(201, json=body)
        authorization = request.headers.get("Authorization")
        self.calls.append(authorization)
        if authorization is None or authorization.removeprefix("Bearer ") not in self.valid:
            return problem(401, "authentication_failed")
        return httpx.Response(200, json=USER_JSON)


def test_an_api_user_logs_on_once_for_many_calls(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, ApiKeyAuth("KEY", "secret"))
    for _ in range(3):
        sdk.users.get("grace")
    assert server.logons == [{"api_key": "KEY", "password": "secret"}]
    assert server.calls == ["Bearer t1"] * 3


def test_a_person_user_logs_on_through_v2(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, LoginAuth("jdoe", "pw"))
    sdk.users.get("grace")
    assert server.logons == [{"username": "jdoe", "password": "pw"}]
    assert server.calls == ["Bearer t1"]


def test_an_expired_token_is_replaced_once(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, ApiKeyAuth("KEY", "secret"))
    sdk.users.get("grace")
    server.valid.clear()  # the session ended
    sdk.users.get("grace")
    assert server.calls == ["Bearer t1", "Bearer t1", "Bearer t2"]
    assert len(server.logons) == 2


def test_a_401_after_logging_on_again_is_raised(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, ApiKeyAuth("KEY", "secret"))
    sdk.users.get("grace")
    server.valid.clear()
    server.refusals.append(httpx.Response(201, json={"access_token": "never-valid"}))
    with pytest.raises(AuthenticationError) as caught:
        sdk.users.get("grace")
    assert caught.value.status == 401
    assert server.calls == ["Bearer t1", "Bearer t1", "Bearer never-valid"]


def test_a_ready_token_is_never_replaced(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, TokenAuth("stale"))
    with pytest.raises(AuthenticationError) as caught:
        sdk.users.get("grace")
    assert caught.value.code == "authentication_failed"
    assert (server.logons, server.calls) == ([], ["Bearer stale"])
    with pytest.raises(ValueError, match="log_on needs"):
        sdk.log_on()


def test_refused_log_ons(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    bad = {"message": "We didn't recognize the username or password you entered."}
    server.refusals = [httpx.Response(400, json=bad), problem(401, "authentication_failed")]
    with pytest.raises(AuthenticationError) as v2:
        connect_mock(server, LoginAuth("jdoe", "wrong")).users.get("grace")
    assert (v2.value.status, v2.value.code, v2.value.detail) == (
        400, "authentication_failed", bad["message"],
    )  # fmt: skip
    with pytest.raises(AuthenticationError) as rest:
        connect_mock(server, ApiKeyAuth("KEY", "wrong")).users.get("grace")
    assert rest.value.status == 401
    assert server.calls == []  # no call went out without a token
    assert len(server.logons) == 2  # a refused password is never tried again


def test_a_bad_log_on_request_is_not_an_authentication_error(connect_mock: ConnectMock) -> None:
    server = FakeServer(refusals=[problem(422, "invalid_request")])
    with pytest.raises(ValidationError):
        connect_mock(server, ApiKeyAuth("", "")).users.get("grace")


def test_a_throttled_log_on_is_retried_after_retry_after(
    connect_mock: ConnectMock, sleeps: list[float]
) -> None:
    server = FakeServer(refusals=[problem(429, "throttled", **{"Retry-After": "5"})])
    connect_mock(server, ApiKeyAuth("KEY", "secret")).users.get("grace")
    assert sleeps == [5.0]
    assert server.calls == ["Bearer t2"]


def test_a_long_throttle_is_raised(connect_mock: ConnectMock, sleeps: list[float]) -> None:
    server = FakeServer(refusals=[problem(429, "throttled", **{"Retry-After": "600"})])
    with pytest.raises(RateLimited) as caught:
        connect_mock(server, ApiKeyAuth("KEY", "secret")).users.get("grace")
    assert caught.value.retry_after == 600.0
    assert sleeps == []


def test_log_on_returns_the_token_the_calls_then_use(connect_mock: ConnectMock) -> None:
    server = FakeServer()
    sdk = connect_mock(server, LoginAuth("jdoe", "pw"))
    assert sdk.log_on() == "t1"
    sdk.users.get("grace")
    assert server.calls == ["Bearer t1"]
    with pytest.raises(ValueError, match="log_on needs"):
        connect_mock(server).log_on()


def test_an_expired_session_is_replaced_against_the_app(
    sdk: Client, connect: Connect, clock: FakeClock
) -> None:
    token = sdk.log_on()
    assert sdk.me.get().kind == "api_user"
    clock.advance(hours=13)  # past the session lifetime
    with pytest.raises(AuthenticationError):
        connect(TokenAuth(token)).me.get()
    assert sdk.me.get().kind == "api_user"  # logged on again by itself
    assert connect(TokenAuth(sdk.log_on())).me.get().kind == "api_user"
