"""The session cookie and its lifetime (spec 2.2-2.4, 9.7 items 3 and 11, 12)."""

from __future__ import annotations

import secrets

import httpx2
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.api.conftest import ClientFactory
from tests.api.v1 import COOKIE_NAME, credentials, session_token, whoami
from tests.support.clock import FakeClock


def _logon(client: TestClient, root: IssuedCredentials) -> httpx2.Response:
    response = client.post("/REST/Auth/Logon/", json=credentials(root))
    assert response.json()["StatusCode"] == 0
    return response


def _attributes(set_cookie: str) -> dict[str, str]:
    """Cookie attributes by lower-case name (the first pair, the cookie itself, excluded)."""
    pairs = [part.strip() for part in set_cookie.split(";")][1:]
    return {name.lower(): value for name, _, value in (p.partition("=") for p in pairs)}


def test_set_cookie_is_host_only_path_root_http_only_not_secure_over_http(
    client: TestClient, root: IssuedCredentials
) -> None:
    response = _logon(client, root)
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 1
    assert cookies[0].startswith(f"{COOKIE_NAME}=")
    attributes = _attributes(cookies[0])
    assert attributes["path"] == "/"
    assert "httponly" in attributes
    assert "domain" not in attributes
    assert "secure" not in attributes


def test_set_cookie_is_secure_over_https(runtime: Runtime, root: IssuedCredentials) -> None:
    with TestClient(create_app(runtime), base_url="https://127.0.0.1") as client:
        response = _logon(client, root)
    attributes = _attributes(response.headers["set-cookie"])
    assert "secure" in attributes
    assert attributes["path"] == "/"


def test_each_logon_issues_a_new_opaque_token(client: TestClient, root: IssuedCredentials) -> None:
    first = session_token(_logon(client, root))
    client.cookies.clear()
    second = session_token(_logon(client, root))
    assert first != second
    assert len(first) >= 32
    assert root.password not in first


def test_session_is_accepted_under_the_centurylinkcloud_name(
    client: TestClient, root: IssuedCredentials
) -> None:
    token = session_token(_logon(client, root))
    client.cookies.clear()
    assert whoami(client, f"CenturyLinkCloud.API.Cookie={token}") == 0


def test_dasein_style_cookie_header_with_attributes_is_accepted(
    client: TestClient, root: IssuedCredentials
) -> None:
    set_cookie = _logon(client, root).headers["set-cookie"]
    client.cookies.clear()
    assert "expires=" in set_cookie.lower()
    assert whoami(client, set_cookie) == 0
    token = session_token(_logon(client, root))
    client.cookies.clear()
    dasein = f"{COOKIE_NAME}={token}; expires=Tue, 01 Jan 2999 00:00:00 GMT; path=/; HttpOnly"
    assert whoami(client, dasein) == 0


def test_no_cookie_or_a_made_up_cookie_is_100(client: TestClient, root: IssuedCredentials) -> None:
    assert whoami(client) == 100
    made_up = secrets.token_urlsafe(32)
    for header in (
        f"{COOKIE_NAME}={made_up}",
        f"CenturyLinkCloud.API.Cookie={made_up}",
        f"{COOKIE_NAME}=",
        f"Other.Cookie={made_up}",
        root.api_user.api_key,
    ):
        assert whoami(client, header) == 100, header


def test_logout_ends_the_session_and_clears_the_cookie(
    client: TestClient, root: IssuedCredentials
) -> None:
    token = session_token(_logon(client, root))
    response = client.post("/REST/Auth/Logout/JSON")
    assert response.json() == {"Success": True, "Message": "Logout Successful", "StatusCode": 0}
    cleared = response.headers["set-cookie"]
    assert cleared.startswith(f"{COOKIE_NAME}=;")
    assert _attributes(cleared).get("max-age") == "0"
    assert whoami(client) == 100
    assert whoami(client, f"{COOKIE_NAME}={token}") == 100


def test_relogon_sending_the_old_cookie_ends_the_old_session(
    client: TestClient, root: IssuedCredentials
) -> None:
    old = session_token(_logon(client, root))
    response = client.post(
        "/REST//Auth/logon",
        params=credentials(root),
        content=b"",
        headers={"Cookie": f"{COOKIE_NAME}={old}", "content-type": "application/json"},
    )
    new = session_token(response)
    client.cookies.clear()
    assert new != old
    assert whoami(client, f"{COOKIE_NAME}={old}") == 100
    assert whoami(client, f"{COOKIE_NAME}={new}") == 0


def test_a_logon_by_another_client_leaves_the_first_session_alive(
    session: TestClient, root: IssuedCredentials, client_for: ClientFactory
) -> None:
    other = client_for(root)
    assert whoami(other) == 0
    assert whoami(session) == 0


def test_idle_timeout_is_30_minutes_and_activity_extends_it(
    session: TestClient, clock: FakeClock
) -> None:
    clock.advance(minutes=29)
    assert whoami(session) == 0
    clock.advance(minutes=29)
    assert whoami(session) == 0
    clock.advance(minutes=31)
    assert whoami(session) == 100
    clock.advance(minutes=1)
    assert whoami(session) == 100


def test_session_ends_12_hours_after_logon_even_when_busy(
    session: TestClient, clock: FakeClock
) -> None:
    for step in range(35):  # 35 x 20 minutes = 11 h 40 min
        clock.advance(minutes=20)
        assert whoami(session) == 0, step
    clock.advance(minutes=19)
    assert whoami(session) == 0
    clock.advance(minutes=2)  # 12 h 01 min after logon
    assert whoami(session) == 100


def test_a_new_logon_after_expiry_works(
    session: TestClient, root: IssuedCredentials, clock: FakeClock
) -> None:
    clock.advance(hours=13)
    assert whoami(session) == 100
    _logon(session, root)
    assert whoami(session) == 0
