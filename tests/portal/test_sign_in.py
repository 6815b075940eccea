"""Sign-in: one reply for every failure, the shared throttle, re-authentication."""

from __future__ import annotations

from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction
from chamberlain.services import users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import PRESESSION, session_csrf
from tests.support.clock import FakeClock


def _attempt(client: TestClient, user_name: str, password: str) -> tuple[int, str]:
    client.get("/")
    response = client.post(
        "/portal/sign-in",
        data={
            "user_name": user_name,
            "password": password,
            "csrf_token": session_csrf(client, PRESESSION),
        },
    )
    return response.status_code, response.text.replace(user_name, "NAME")


def test_every_failure_reads_the_same(
    portal: TestClient, person: PersonFactory, runtime: Runtime, operator: Actor
) -> None:
    alice = person("alice", (9,))
    person("sam", (9,))
    users.change_status(runtime, operator, "sam", LifecycleAction.SUSPEND)
    replies = {
        _attempt(portal, "nobody-here", "whatever-password"),
        _attempt(portal, "alice", alice.password + "x"),
        _attempt(portal, "sam", "whatever-password"),
        _attempt(portal, "alice", ""),
    }
    assert len(replies) == 1
    status, text = replies.pop()
    assert status == 400
    assert "Sign-in failed" in text


def test_throttled_like_every_log_on_and_shared_with_v2(
    portal: TestClient, person: PersonFactory, clock: FakeClock
) -> None:
    alice = person("alice", (9,))
    for _ in range(3):  # failures on the v2 login count for the portal too
        portal.post("/v2/authentication/login", json={"username": "alice", "password": "no"})
    for _ in range(3):
        _attempt(portal, "alice", "wrong-password")
    locked = _attempt(portal, "alice", alice.password)  # even the right password waits
    assert locked == _attempt(portal, "alice", "wrong-password")
    assert locked[0] == 400
    assert "Sign-in failed" in locked[1]
    clock.advance(minutes=16)
    status, _text = _attempt(portal, "alice", alice.password)
    assert status == 200


def test_creating_an_api_user_asks_for_the_password_after_five_minutes(
    portal: TestClient, person: PersonFactory, clock: FakeClock
) -> None:
    alice = person("alice", (9,))
    _attempt(portal, "alice", alice.password)
    page = portal.get("/portal/accounts/ROOT/api-users")
    assert 'name="current_password"' not in page.text
    clock.advance(minutes=6)
    page = portal.get("/portal/accounts/ROOT/api-users")
    assert 'name="current_password"' in page.text
    url = "/portal/accounts/ROOT/api-users"
    refused = portal.post(url, data={"csrf_token": session_csrf(portal)})
    assert refused.status_code == 400
    assert "Copy the password" not in refused.text
    wrong = portal.post(
        url, data={"csrf_token": session_csrf(portal), "current_password": "not-it"}
    )
    assert wrong.status_code == 400
    assert "Copy the password" not in wrong.text
    created = portal.post(
        url, data={"csrf_token": session_csrf(portal), "current_password": alice.password}
    )
    assert created.status_code == 200
    assert "Copy the password" in created.text
    again = portal.post(url, data={"csrf_token": session_csrf(portal)})
    assert "Copy the password" in again.text  # within the window now


def test_changing_ones_own_password(
    portal: TestClient, person: PersonFactory, clock: FakeClock
) -> None:
    alice = person("alice", (9,))
    _attempt(portal, "alice", alice.password)
    old_cookie = portal.cookies.get("__Host-chamberlain-portal")
    clock.advance(minutes=6)
    new = "a-brand-new-password-for-alice"
    form = {"new_password": new, "repeat_password": new}
    refused = portal.post("/portal/password", data={**form, "csrf_token": session_csrf(portal)})
    assert refused.status_code == 400
    done = portal.post(
        "/portal/password",
        data={**form, "csrf_token": session_csrf(portal), "current_password": alice.password},
    )
    assert "Your password was changed" in done.text
    assert portal.cookies.get("__Host-chamberlain-portal") != old_cookie
    status, _ = _attempt(portal, "alice", new)
    assert status == 200
