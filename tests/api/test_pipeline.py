"""The one request pipeline: every face, the portal included, answers with the request id
its access-log line and audit rows carry; a sane incoming id is kept; a crash is marked
too. (Security headers: test_probes_and_headers.py; log format: test_json_logs.py.)"""

from __future__ import annotations

import logging
import re

import pytest
from starlette.testclient import TestClient

from chamberlain.api import bearer
from chamberlain.app import create_app
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.api.test_probes_and_headers import SECURITY_HEADERS
from tests.rest.rest import account_body

NEW_ID = re.compile(r"[0-9a-f]{32}")


def _access_ids(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.__dict__["request_id"] for r in caplog.records if r.name == "chamberlain.access"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),  # the portal (its answer over plain http: a page saying to use https)
        ("GET", "/portal/sign-in"),
        ("GET", "/portal/accounts/ROOT"),  # not signed in: a redirect
        ("POST", "/REST/Auth/Logon/JSON"),
        ("GET", "/api/roles"),
        ("GET", "/scim/v2/Users"),
        ("POST", "/v2/authentication/login"),
        ("GET", "/healthz"),
    ],
)
def test_every_face_answers_with_the_id_its_access_log_line_carries(
    client: TestClient, caplog: pytest.LogCaptureFixture, method: str, path: str
) -> None:
    with caplog.at_level(logging.INFO, logger="chamberlain.access"):
        reply = client.request(method, path, follow_redirects=False)
    request_id = reply.headers["X-Request-ID"]
    assert NEW_ID.fullmatch(request_id)
    assert _access_ids(caplog) == [request_id]


def test_a_sane_incoming_id_is_kept_by_the_face_and_the_audit_trail(
    client: TestClient, root: IssuedCredentials
) -> None:
    token = client.post(
        "/api/auth/token", json={"api_key": root.api_user.api_key, "password": root.password}
    ).json()["access_token"]
    bearer_header = {"Authorization": f"Bearer {token}"}
    traced = {**bearer_header, "X-Request-ID": "lb-7f3a.2024:0001"}
    created = client.post(
        f"/api/accounts/{root.api_user.account_alias}/accounts", json=account_body(), headers=traced
    )
    assert created.status_code == 201, created.text
    assert created.headers["X-Request-ID"] == "lb-7f3a.2024:0001"
    alias = created.json()["alias"]
    audit = client.get("/api/audit", params={"target": alias}, headers=bearer_header).json()
    assert [event["request_id"] for event in audit["items"]] == ["lb-7f3a.2024:0001"]
    missing = client.get("/api/no-such-thing", headers={"X-Request-ID": "trace-1"})
    assert (missing.headers["X-Request-ID"], missing.json()["request_id"]) == ("trace-1", "trace-1")


@pytest.mark.parametrize(
    "sent", ["two words", "x" * 65, "-leading-dash", 'quo"te', "semi;colon", "", "tab\there"]
)
def test_an_incoming_id_that_is_not_sane_is_replaced(client: TestClient, sent: str) -> None:
    reply = client.get("/api/roles", headers={"X-Request-ID": sent})
    assert NEW_ID.fullmatch(reply.headers["X-Request-ID"])


def test_a_crash_in_a_face_without_its_own_crash_reply_is_marked_and_logged(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(person_auth, "login", crash)
    app = create_app(runtime)
    with (
        TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client,
        caplog.at_level(logging.INFO, logger="chamberlain.access"),
    ):
        reply = client.post("/v2/authentication/login", json={"username": "u", "password": "p"})
    assert (reply.status_code, reply.text) == (500, "Internal Server Error")
    for name, value in SECURITY_HEADERS.items():
        assert reply.headers[name] == value
    assert _access_ids(caplog) == [reply.headers["X-Request-ID"]]
    (line,) = [r for r in caplog.records if r.name == "chamberlain.access"]
    assert line.__dict__["status"] == 500


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("  BEARER   abc  ", "abc"),
        ("Bearer", None),
        ("Bearer   ", None),
        ("Basic abc", None),
        ("", None),
        (None, None),
    ],
)
def test_one_reader_of_bearer_tokens(header: str | None, token: str | None) -> None:
    assert bearer.bearer_token(header) == token
    if token is None:
        with pytest.raises(AuthenticationFailed):
            bearer.required_bearer_token(header)
    else:
        assert bearer.required_bearer_token(header) == token
