"""Retries with httpx.MockTransport: what is retried, how long the client waits, when it
gives up, and that a create keeps its Idempotency-Key across tries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from chamberlain.client import (
    NO_RETRY,
    ApiError,
    Client,
    Conflict,
    NotFound,
    RateLimited,
    RetryPolicy,
    ServiceUnavailable,
    Timeout,
    TokenAuth,
    TransportError,
    User,
)
from tests.client.conftest import ConnectMock
from tests.client.support import USER_JSON, Scripted, problem

OK = httpx.Response(200, json=USER_JSON)
AUTH = TokenAuth("token-1")
NEW = {"user_name": "grace", "email": "g@example.com", "first_name": "G", "last_name": "H"}


def test_503_and_429_are_retried_after_retry_after(
    connect_mock: ConnectMock, sleeps: list[float]
) -> None:
    script = Scripted(
        problem(503, "service_unavailable", **{"Retry-After": "2"}),
        problem(429, "throttled", **{"Retry-After": "1"}),
        OK,
    )
    sdk = connect_mock(script, AUTH)
    assert sdk.users.get("grace").version == 3
    assert sleeps == [2.0, 1.0]
    assert len(script.requests) == 3


def test_without_retry_after_the_waits_double_and_the_tries_are_bounded(
    connect_mock: ConnectMock, sleeps: list[float]
) -> None:
    script = Scripted(*[problem(503, "service_unavailable")] * 4)
    sdk = connect_mock(script, AUTH)
    with pytest.raises(ServiceUnavailable) as caught:
        sdk.users.get("grace")
    assert sleeps == [0.5, 1.0, 2.0]
    assert len(script.requests) == 4  # RetryPolicy().max_attempts
    assert (caught.value.status, caught.value.code, caught.value.retry_after) == (
        503, "service_unavailable", None,
    )  # fmt: skip
    assert caught.value.request_id == "rid-1"


def test_backoff_is_capped(connect_mock: ConnectMock, sleeps: list[float]) -> None:
    policy = RetryPolicy(max_attempts=5, backoff=1.0, max_backoff=3.0, max_wait=100.0)
    script = Scripted(*[problem(503, "service_unavailable")] * 4, OK)
    connect_mock(script, AUTH, retry=policy).users.get("grace")
    assert sleeps == [1.0, 2.0, 3.0, 3.0]


def test_the_total_wait_is_bounded(connect_mock: ConnectMock, sleeps: list[float]) -> None:
    policy = RetryPolicy(max_attempts=10, max_wait=3.0)
    script = Scripted(*[problem(503, "service_unavailable", **{"Retry-After": "2"})] * 3)
    with pytest.raises(ServiceUnavailable):
        connect_mock(script, AUTH, retry=policy).users.get("grace")
    assert sleeps == [2.0]  # a second wait of 2 s would pass 3 s
    assert len(script.requests) == 2


def test_a_retry_after_beyond_the_budget_is_raised_at_once(
    connect_mock: ConnectMock, sleeps: list[float]
) -> None:
    script = Scripted(problem(429, "throttled", **{"Retry-After": "900"}))
    with pytest.raises(RateLimited) as caught:
        connect_mock(script, AUTH).users.get("grace")
    assert caught.value.retry_after == 900.0
    assert sleeps == []


def test_retry_after_as_an_http_date(connect_mock: ConnectMock, sleeps: list[float]) -> None:
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    script = Scripted(problem(503, "service_unavailable", **{"Retry-After": past}), OK)
    connect_mock(script, AUTH).users.get("grace")
    assert sleeps == [0.0]


@pytest.mark.parametrize(
    "answer",
    [problem(404, "user_not_found"), problem(409, "user_exists"), problem(500, "internal")],
)
def test_other_refusals_are_not_retried(
    connect_mock: ConnectMock, sleeps: list[float], answer: httpx.Response
) -> None:
    script = Scripted(answer, OK)
    with pytest.raises(ApiError) as caught:
        connect_mock(script, AUTH).users.get("grace")
    assert caught.value.status == answer.status_code
    assert len(script.requests) == 1
    assert sleeps == []


def test_no_retry_policy(connect_mock: ConnectMock, sleeps: list[float]) -> None:
    script = Scripted(problem(503, "service_unavailable", **{"Retry-After": "1"}), OK)
    with pytest.raises(ServiceUnavailable) as caught:
        connect_mock(script, AUTH, retry=NO_RETRY).users.get("grace")
    assert caught.value.retry_after == 1.0
    assert (len(script.requests), sleeps) == (1, [])


def test_a_create_keeps_its_idempotency_key_across_tries(connect_mock: ConnectMock) -> None:
    script = Scripted(
        problem(503, "service_unavailable"),
        problem(409, "idempotency_in_progress"),  # the first try is still running
        httpx.Response(201, json=USER_JSON),
        httpx.Response(201, json=USER_JSON),
    )
    sdk = connect_mock(script, AUTH)
    sdk.users.create("ROOT", **NEW)  # type: ignore[arg-type]
    sdk.users.create("ROOT", **NEW)  # type: ignore[arg-type]
    keys = [request.headers["Idempotency-Key"] for request in script.requests]
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] != keys[0]
    assert len(keys[0]) == 32


def test_a_conflict_that_is_not_in_progress_is_not_retried(connect_mock: ConnectMock) -> None:
    script = Scripted(problem(409, "user_exists"))
    with pytest.raises(Conflict):
        connect_mock(script, AUTH).users.create("ROOT", **NEW)  # type: ignore[arg-type]
    assert len(script.requests) == 1


def test_reads_and_writes_without_a_key_carry_none(connect_mock: ConnectMock) -> None:
    script = Scripted(OK, OK)
    sdk = connect_mock(script, AUTH)
    sdk.users.update("grace", title="x")
    sdk.users.get("grace")
    assert all("Idempotency-Key" not in request.headers for request in script.requests)


Send = Callable[[Client], Any]


def get(sdk: Client) -> Any:
    return sdk.users.get("grace")


def post(sdk: Client) -> Any:
    return sdk.users.suspend("grace")


def patch(sdk: Client) -> Any:
    return sdk.users.update("grace", title="x")


def delete(sdk: Client) -> Any:
    return sdk.users.delete(User.from_json(USER_JSON))


@pytest.mark.parametrize(
    ("send", "answer"),
    [(get, OK), (post, OK), (patch, OK), (delete, httpx.Response(204))],
)
def test_a_connection_never_made_is_retried_for_every_method(
    connect_mock: ConnectMock, sleeps: list[float], send: Send, answer: httpx.Response
) -> None:
    script = Scripted(httpx.ConnectError, httpx.ConnectTimeout, answer)
    send(connect_mock(script, AUTH))
    assert sleeps == [0.5, 1.0]
    assert len(script.requests) == 3


@pytest.mark.parametrize(
    ("send", "retried"), [(get, True), (post, True), (patch, False), (delete, False)]
)
def test_a_failure_after_sending_is_retried_only_when_replay_is_safe(
    connect_mock: ConnectMock, sleeps: list[float], send: Send, retried: bool
) -> None:
    script = Scripted(httpx.ReadTimeout, OK)
    sdk = connect_mock(script, AUTH)
    if retried:
        send(sdk)
        assert sleeps == [0.5]
        return
    with pytest.raises(Timeout) as caught:
        send(sdk)
    assert (caught.value.sent, caught.value.status, caught.value.code) == (True, None, "timeout")
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert len(script.requests) == 1


def test_transport_errors_that_persist_are_raised(
    connect_mock: ConnectMock, sleeps: list[float]
) -> None:
    script = Scripted(*[httpx.ConnectError] * 4)
    with pytest.raises(TransportError) as caught:
        connect_mock(script, AUTH).users.get("grace")
    assert not isinstance(caught.value, Timeout)
    assert (caught.value.sent, caught.value.code) == (False, "transport_error")
    assert len(sleeps) == 3


def test_the_timeout_reaches_the_transport(connect_mock: ConnectMock) -> None:
    script = Scripted(OK)
    connect_mock(script, AUTH, timeout=1.5).users.get("grace")
    assert script.requests[0].extensions["timeout"] == {
        "connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5,
    }  # fmt: skip


def test_not_found_carries_the_problem(connect_mock: ConnectMock) -> None:
    script = Scripted(problem(404, "user_not_found"))
    with pytest.raises(NotFound) as caught:
        connect_mock(script, AUTH).users.get("grace")
    assert caught.value.problem["type"] == "urn:chamberlain:problem:user_not_found"
    assert caught.value.detail == "user_not_found detail"
