"""Health and readiness probes, and the security headers every face sends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.services.api_users import IssuedCredentials
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


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one series in a Prometheus text exposition (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == f"{name}{{{wanted}}}":
            return float(value)
    return 0.0


def test_metrics_count_requests_by_face_and_logons_by_outcome(
    client: TestClient, root: IssuedCredentials
) -> None:
    before = client.get("/metrics").text
    key = root.api_user.api_key
    client.post("/REST/Auth/Logon/JSON", json={"APIKey": key, "Password": "wrong"})
    client.post("/REST/Auth/Logon/JSON", json={"APIKey": key, "Password": root.password})
    client.request("BREW", "/api/roles")  # a made-up method is labelled "other"
    after = client.get("/metrics")

    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    v1_ok = {"face": "v1", "method": "POST", "status": "200"}
    counted = _sample(text, "chamberlain_http_requests_total", **v1_ok)
    assert counted - _sample(before, "chamberlain_http_requests_total", **v1_ok) == 2
    assert _sample(text, "chamberlain_http_requests_total", face="rest", method="other",
                   status="405") >= 1  # fmt: skip
    assert "BREW" not in text
    for outcome in ("refused", "accepted"):
        labels = {"kind": "key", "outcome": outcome}
        grown = _sample(text, "chamberlain_logons_total", **labels)
        assert grown - _sample(before, "chamberlain_logons_total", **labels) == 1
    assert _sample(text, "chamberlain_http_request_duration_seconds_count", face="v1") >= 2
    assert root.password not in text
    assert key not in text
