"""Health and readiness probes, and the security headers every face sends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
HSTS = "strict-transport-security"


def _client_on(database_url: str) -> Iterator[TestClient]:
    runtime = Runtime.from_settings(Settings(database_url=database_url))
    try:
        with TestClient(create_app(runtime), base_url="http://127.0.0.1") as client:
            yield client
    finally:
        runtime.close()


def test_both_probes_answer_200_on_a_migrated_database(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


def test_readyz_refuses_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    for client in _client_on(f"sqlite:///{tmp_path / 'empty.db'}"):
        assert client.get("/healthz").status_code == 200  # the process itself is fine
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert "db upgrade" in ready.json()["reason"]
        assert ready.headers["Retry-After"] == "5"


def test_readyz_refuses_an_unreachable_database() -> None:
    for client in _client_on("postgresql://postgres@127.0.0.1:1/test"):
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable", "reason": "database unreachable"}
        assert "127.0.0.1:1" not in ready.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/REST/Auth/Logon/JSON", {"APIKey": "x", "Password": "y"}),
        ("GET", "/REST/Auth/Logon/JSON", None),  # the v1 face's 405
        ("POST", "/REST/No/Such/JSON", None),
        ("GET", "/api/roles", None),
        ("GET", "/api/no-such-thing", None),
        ("GET", "/api/docs", None),
        ("POST", "/v2/authentication/login", {"username": "x", "password": "y"}),
        ("GET", "/healthz", None),
    ],
)
def test_every_face_sends_the_security_headers(
    client: TestClient, method: str, path: str, body: object
) -> None:
    response = client.request(method, path, json=body)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    assert HSTS not in response.headers  # plain http on loopback: no HSTS


def test_hsts_is_sent_over_https(runtime: Runtime) -> None:
    with TestClient(create_app(runtime), base_url="https://127.0.0.1") as client:
        response = client.get("/api/roles")
    assert response.headers[HSTS] == "max-age=31536000; includeSubDomains"
