"""Structured logs: every request is one JSON object with its request id, and no secrets."""

from __future__ import annotations

import json
import logging
import pydoc

import pytest
from starlette.testclient import TestClient

from chamberlain.cli.logging_config import log_config
from chamberlain.log_format import JsonFormatter
from chamberlain.services.api_users import IssuedCredentials


def test_access_log_records_format_as_json_with_request_fields(
    client: TestClient, root: IssuedCredentials, caplog: pytest.LogCaptureFixture
) -> None:
    key, password = root.api_user.api_key, root.password
    with caplog.at_level(logging.INFO, logger="chamberlain"):
        reply = client.post(f"/REST/Auth/Logon/JSON?APIKey={key}&Password={password}")
    assert reply.json()["StatusCode"] == 0

    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    access = [json.loads(line) for line in lines if '"logger": "chamberlain.access"' in line]
    assert len(access) == 1
    entry = access[0]
    assert entry["request_id"] == reply.headers["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        "/REST/Auth/Logon/JSON",
        200,
    )
    assert isinstance(entry["duration_ms"], float)
    assert entry["time"].endswith("+00:00")
    for line in lines:
        json.loads(line)  # every record is one valid JSON object on one line
        assert "\n" not in line
        assert password not in line
        assert key not in line  # security events name a key by its first characters only


def test_the_json_format_names_the_json_formatter() -> None:
    config = log_config("json")
    assert config["handlers"]["stderr"]["formatter"] == "json"
    assert pydoc.locate(config["formatters"]["json"]["()"]) is JsonFormatter
    assert log_config("line")["handlers"]["stderr"]["formatter"] == "line"
