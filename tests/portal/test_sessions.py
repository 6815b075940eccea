"""Portal sessions: cookie attributes, fixation, sign-out, timeouts, revocation (SESS-*)."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction
from chamberlain.services import person_auth, users
from chamberlain.services.accounts import StatusChange, change_account_status
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import COOKIE, form_token, sign_in
from tests.support.clock import FakeClock

HOME = "/portal/accounts/ROOT"


def _set_cookies(response: object) -> dict[str, str]:
    """Each Set-Cookie header by cookie name."""
    headers = getattr(response, "headers")  # noqa: B009 - httpx and requests alike
    return {raw.split("=", 1)[0]: raw for raw in headers.get_list("set-cookie")}


def _signed_in(client: TestClient) -> bool:
    response = client.get(HOME, follow_redirects=False)
    return response.status_code == 200


def test_the_session_cookie_is_host_prefixed_secure_httponly_lax(
    portal: TestClient, person: PersonFactory
) -> None:
    alice = person("alice", (9,))
    page = portal.get("/")
    response = portal.post(
        "/portal/sign-in",
        data={
            "user_name": "alice",
            "password": alice.password,
            "csrf_token": form_token(page.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    raw = _set_cookies(response)[COOKIE]
    parsed = SimpleCookie()
    parsed.load(raw)
    morsel = parsed[COOKIE]
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"].lower() == "lax"
    assert morsel["path"] == "/"
    assert not morsel["domain"]
    assert response.headers["location"] == HOME


def test_a_signed_in_page_is_not_stored_and_carries_the_portal_csp(
    portal: TestClient, person: PersonFactory
) -> None:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    response = portal.get(HOME)
    assert response.headers["cache-control"] == "no-store"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.text
    assert "style=" not in response.text


def test_every_sign_in_gets_a_new_id_and_the_old_one_is_refused(
    portal: TestClient, person: PersonFactory
) -> None:
    alice = person("alice", (9,))
    portal.cookies.set(COOKIE, "made-up-by-an-attacker", domain="testserver.local")
    sign_in(portal, "alice", alice.password)
    first = portal.cookies.get(COOKIE)
    assert first
    assert first != "made-up-by-an-attacker"
    sign_in(portal, "alice", alice.password)
    second = portal.cookies.get(COOKIE)
    assert second
    assert second != first
    portal.cookies.set(COOKIE, first, domain="testserver.local")
    assert not _signed_in(portal)
    portal.cookies.set(COOKIE, second, domain="testserver.local")
    assert _signed_in(portal)


def test_sign_out_ends_the_session_on_the_server(portal: TestClient, person: PersonFactory) -> None:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    token = portal.cookies.get(COOKIE)
    assert token
    page = portal.get(HOME)
    response = portal.post("/portal/sign-out", data={"csrf_token": form_token(page.text)})
    assert "You have signed out" in response.text
    portal.cookies.set(COOKIE, token, domain="testserver.local")
    assert not _signed_in(portal)


def test_idle_timeout(portal: TestClient, person: PersonFactory, clock: FakeClock) -> None:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    clock.advance(minutes=29)
    assert _signed_in(portal)
    clock.advance(minutes=29)  # active a minute ago: still in
    assert _signed_in(portal)
    clock.advance(minutes=31)
    assert not _signed_in(portal)


def test_absolute_timeout_even_when_active(
    portal: TestClient, person: PersonFactory, clock: FakeClock
) -> None:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    for _ in range(12 * 3 - 1):
        clock.advance(minutes=20)
        assert _signed_in(portal)
    clock.advance(minutes=20)
    assert not _signed_in(portal)


@pytest.mark.parametrize(
    "revoke", ["suspend_user", "delete_user", "suspend_account", "password_changed"]
)
def test_the_session_ends_at_once_when(
    *,
    revoke: str,
    portal: TestClient,
    person: PersonFactory,
    tree: None,
    runtime: Runtime,
    operator: Actor,
) -> None:
    bob = person("bob", (9,), "AA")
    sign_in(portal, "bob", bob.password)
    assert portal.get("/portal/accounts/AA").status_code == 200
    if revoke == "suspend_user":
        users.change_status(runtime, operator, "bob", LifecycleAction.SUSPEND)
    elif revoke == "delete_user":
        users.change_status(runtime, operator, "bob", LifecycleAction.DELETE)
    elif revoke == "suspend_account":
        change_account_status(runtime, operator, "AA", StatusChange.SUSPEND)
    else:
        person_auth.set_password(runtime, operator, "bob", "another-password-of-bob")
    response = portal.get("/portal/accounts/AA", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_plain_http_from_loopback_is_the_development_exception(
    runtime: Runtime, person: PersonFactory
) -> None:
    alice = person("alice", (9,))
    app = create_app(runtime)
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 40000)) as client:
        page = client.get("/")
        response = client.post(
            "/portal/sign-in",
            data={
                "user_name": "alice",
                "password": alice.password,
                "csrf_token": form_token(page.text),
            },
            follow_redirects=False,
        )
    raw = _set_cookies(response)["chamberlain-portal"]
    assert "Secure" not in raw
    assert "HttpOnly" in raw
    assert COOKIE not in _set_cookies(response)


def test_plain_http_from_elsewhere_gets_no_cookie(runtime: Runtime, person: PersonFactory) -> None:
    person("alice", (9,))
    app = create_app(runtime)
    with TestClient(app, base_url="http://portal.example", client=("192.0.2.7", 40000)) as client:
        page = client.get("/")
    assert page.status_code == 403
    assert "must be reached over HTTPS" in page.text
    assert not page.headers.get_list("set-cookie")
