"""CSRF: a token on every form plus the Origin / Sec-Fetch-Site check (SESS-07)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.errors import UserNotFound
from chamberlain.services import users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import BASE_URL, PRESESSION, form_token, session_csrf, sign_in

NEW_USER = {
    "user_name": "mallory",
    "email": "m@example.test",
    "first_name": "M",
    "last_name": "Allory",
    "roles": "10",
}


def _created(runtime: Runtime, operator: Actor) -> bool:
    try:
        users.get_user(runtime, operator, None, "mallory")
    except UserNotFound:
        return False
    return True


@pytest.fixture
def admin(portal: TestClient, person: PersonFactory) -> TestClient:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    return portal


def test_forms_carry_the_token(admin: TestClient) -> None:
    page = admin.get("/portal/accounts/ROOT/users/new")
    assert form_token(page.text) == session_csrf(admin)


def test_the_right_token_from_the_same_origin_works(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    response = admin.post(
        "/portal/accounts/ROOT/users/new",
        data={**NEW_USER, "csrf_token": session_csrf(admin)},
        headers={"Origin": BASE_URL, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200, response.text
    assert _created(runtime, operator)


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, {}),
        ("0" * 64, {}),
        ("right", {"Origin": "https://evil.example"}),
        ("right", {"Origin": "null"}),
        ("right", {"Sec-Fetch-Site": "cross-site"}),
        ("right", {"Sec-Fetch-Site": "same-site"}),
    ],
    ids=["no-token", "foreign-token", "foreign-origin", "null-origin", "cross-site", "same-site"],
)
def test_refused_and_nothing_written(
    admin: TestClient,
    runtime: Runtime,
    operator: Actor,
    token: str | None,
    headers: dict[str, str],
) -> None:
    data = dict(NEW_USER)
    if token is not None:
        data["csrf_token"] = session_csrf(admin) if token == "right" else token
    response = admin.post("/portal/accounts/ROOT/users/new", data=data, headers=headers)
    assert response.status_code == 403
    assert "This form was refused" in response.text
    assert not _created(runtime, operator)


def test_another_sessions_token_is_refused(
    admin: TestClient,
    runtime: Runtime,
    operator: Actor,
    person: PersonFactory,
    portal: TestClient,
) -> None:
    bob = person("bob", (9,))
    with TestClient(create_app(runtime), base_url=BASE_URL) as other:
        sign_in(other, "bob", bob.password)
        foreign = session_csrf(other)
    response = admin.post(
        "/portal/accounts/ROOT/users/new", data={**NEW_USER, "csrf_token": foreign}
    )
    assert response.status_code == 403
    assert not _created(runtime, operator)


def test_login_csrf_is_refused(portal: TestClient, person: PersonFactory) -> None:
    alice = person("alice", (9,))
    # No pre-session cookie (a form posted from another site): refused.
    response = portal.post(
        "/portal/sign-in",
        data={"user_name": "alice", "password": alice.password, "csrf_token": "0" * 64},
    )
    assert response.status_code == 403
    assert not portal.cookies.get("__Host-chamberlain-portal")
    portal.get("/")
    response = portal.post(
        "/portal/sign-in",
        data={
            "user_name": "alice",
            "password": alice.password,
            "csrf_token": session_csrf(portal, PRESESSION),
        },
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


def test_get_changes_nothing(admin: TestClient, runtime: Runtime, operator: Actor) -> None:
    query = "&".join(f"{key}={value}" for key, value in NEW_USER.items())
    admin.get(f"/portal/accounts/ROOT/users/new?{query}")
    assert not _created(runtime, operator)
