"""An unexpected failure in a REST route: a 500 problem carrying the request id, no details."""

from __future__ import annotations

import logging

import pytest

from chamberlain.services import users
from tests.rest.rest import Api


def test_a_crashing_route_answers_a_500_problem_with_its_request_id(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals: table users, line 42")

    monkeypatch.setattr(users, "get_user", crash)
    with caplog.at_level(logging.ERROR, logger="chamberlain.rest"):
        reply = api.get("/users/anyone")

    assert reply.status_code == 500
    assert reply.headers["content-type"] == "application/problem+json"
    request_id = reply.headers["X-Request-ID"]
    assert reply.json()["request_id"] == request_id
    assert reply.json()["code"] == "internal_error"
    assert "secret internals" not in reply.text
    assert reply.headers["Cache-Control"] == "no-store"
    assert any(request_id in record.getMessage() for record in caplog.records)
