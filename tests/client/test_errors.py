"""Errors against the real app: each refusal raises its class with the server's code,
status, detail and request id; bad answers and bad arguments fail clearly."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from chamberlain.client import (
    ApiError,
    AuthenticationError,
    BadRequest,
    ChamberlainError,
    Client,
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionRequired,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    Timeout,
    TokenAuth,
    UnexpectedResponse,
    User,
    ValidationError,
)
from tests.client.conftest import Connect, ConnectMock
from tests.client.support import USER_JSON, Scripted, make_user, problem

REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def _refused(kind: type[ChamberlainError], call: Any) -> Any:
    with pytest.raises(kind) as caught:
        call()
    return caught.value


def test_refusals_of_the_app(sdk: Client, connect: Connect) -> None:
    make_user(sdk, "ada")
    cases: list[tuple[type[ApiError], int, str, Any]] = [
        (NotFound, 404, "account_not_found", lambda: sdk.accounts.get("ZZZZ")),
        (NotFound, 404, "user_not_found", lambda: sdk.users.get("nobody")),
        (NotFound, 404, "api_user_not_found", lambda: sdk.api_users.delete("nokey")),
        (Conflict, 409, "user_exists", lambda: make_user(sdk, "ADA")),
        (ValidationError, 422, "invalid_email",
         lambda: sdk.users.update("ada", email="not an address")),
        (ValidationError, 422, "invalid_roles", lambda: sdk.users.update("ada", roles=[1])),
        (PermissionDenied, 403, "access_denied", lambda: sdk.accounts.suspend("ROOT")),
        (AuthenticationError, 401, "authentication_failed", connect(TokenAuth("forged")).me.get),
    ]  # fmt: skip
    for kind, status, code, call in cases:
        error = _refused(kind, call)
        assert (error.status, error.code) == (status, code), call
        assert error.detail
        assert REQUEST_ID.fullmatch(error.request_id or ""), error.request_id
        assert error.problem["code"] == code


def test_schema_errors_carry_the_servers_list(sdk: Client) -> None:
    error = _refused(ValidationError, lambda: list(sdk.users.list("ROOT", page_size=5000)))
    assert error.code == "invalid_request"
    assert error.problem["errors"][0]["location"] == ["query", "limit"]


def test_unknown_fields_are_refused_before_sending(connect_mock: ConnectMock) -> None:
    script = Scripted()
    sdk = connect_mock(script, TokenAuth("t"))
    with pytest.raises(TypeError, match="updateUser takes no nickname"):
        sdk.users.update("ada", nickname="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="listUsers takes no colour"):
        list(sdk.users.list("ROOT", colour="red"))  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="billing_responsibility"):
        sdk.accounts.create("ROOT", billing_responsibility="nobody")  # type: ignore[arg-type, call-arg]
    assert script.requests == []


@pytest.mark.parametrize(
    ("answer", "kind", "code"),
    [
        (problem(400, "unknown_parameter"), BadRequest, "unknown_parameter"),
        (problem(428, "precondition_required"), PreconditionRequired, "precondition_required"),
        (problem(429, "throttled"), RateLimited, "throttled"),
        (problem(404, "a_code_of_a_newer_server"), NotFound, "a_code_of_a_newer_server"),
        (problem(405, "method_not_allowed"), ApiError, "method_not_allowed"),
        (problem(502, "bad_gateway"), ServerError, "bad_gateway"),
        (httpx.Response(503, text="<html>down</html>"), ServiceUnavailable, "service_unavailable"),
        (httpx.Response(418, text=""), ApiError, "error"),
    ],
)
def test_codes_and_statuses_choose_the_class(
    connect_mock: ConnectMock, answer: httpx.Response, kind: type[ApiError], code: str
) -> None:
    script = Scripted(*[answer] * 4)
    error = _refused(kind, lambda: connect_mock(script, TokenAuth("t")).users.get("x"))
    assert type(error) is kind
    assert (error.status, error.code) == (answer.status_code, code)
    assert error.detail


def test_a_bare_answer_keeps_its_text_and_request_id(connect_mock: ConnectMock) -> None:
    answer = httpx.Response(502, text="upstream down", headers={"X-Request-ID": "abc"})
    error = _refused(ServerError, lambda: connect_mock(Scripted(answer)).users.get("x"))
    assert (error.detail, error.request_id, error.problem) == ("upstream down", "abc", {})


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>a proxy's page</html>"),
        httpx.Response(200, json={**USER_JSON, "version": "3"}),
        httpx.Response(200, json={**USER_JSON, "allow_sms": 1}),
        httpx.Response(200, json={**USER_JSON, "roles": [True]}),
        httpx.Response(200, json=[USER_JSON]),
        httpx.Response(200, json={k: v for k, v in USER_JSON.items() if k != "email"}),
    ],
)
def test_an_answer_that_does_not_fit_is_unexpected(
    connect_mock: ConnectMock, answer: httpx.Response
) -> None:
    with pytest.raises(UnexpectedResponse):
        connect_mock(Scripted(answer)).users.get("grace")


def test_members_a_newer_server_adds_are_ignored(connect_mock: ConnectMock) -> None:
    answer = httpx.Response(200, json={**USER_JSON, "nickname": "Amazing Grace"})
    assert connect_mock(Scripted(answer)).users.get("grace") == User.from_json(USER_JSON)


def test_the_message_names_status_code_and_request() -> None:
    error = NotFound("no such user", code="user_not_found", status=404, request_id="r1")
    assert str(error) == "no such user (404 user_not_found, request r1)"
    assert str(Timeout("ReadTimeout", sent=True)) == "ReadTimeout (timeout)"
