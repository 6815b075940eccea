"""Bearer tokens on the REST face: who gets in, and when a token stops working.

API-user tokens are v1 sessions (30 minutes idle, 12 hours at most, ended when the
account tree is suspended); person tokens last 14 days and stop at once when the user
is suspended.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services.accounts import StatusChange, change_account_status
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.rest.conftest import ApiUserFactory, PersonFactory
from tests.rest.rest import API, Api, problem, user_body
from tests.support.clock import FakeClock

# Every operation that needs a caller, with a body where it takes one.
PROTECTED = [
    ("GET", "/me", None),
    ("GET", "/accounts/ROOT", None),
    ("GET", "/accounts/ROOT/accounts", None),
    ("GET", "/accounts/ROOT/users", None),
    ("POST", "/accounts/ROOT/users", user_body("intruder")),
    ("GET", "/users/intruder", None),
    ("PATCH", "/users/intruder", {"title": "Boss"}),
    ("POST", "/users/intruder/suspend", None),
    ("DELETE", "/users/intruder", None),
]
BAD_AUTHORIZATION: list[str | bytes | None] = [
    None,
    "",
    "Bearer",
    "Bearer    ",
    "Basic dXNlcjpwYXNz",
    "Token abc",
    "Bearer not-a-token-we-issued",
    "Bearer " + "A" * 43,
    "Bearer ü".encode("latin-1"),
    "Bearer ü".encode(),
]


BAD_CREDENTIALS: list[tuple[dict[str, object], int, str]] = [
    ({"password": "wrong password"}, 401, "authentication_failed"),
    ({"api_key": "NOSUCHKEY"}, 401, "authentication_failed"),
    ({"password": ""}, 422, "invalid_request"),
    ({"is_admin": True}, 422, "invalid_request"),
]


def _headers(authorization: str | bytes | None) -> dict[bytes, bytes]:
    if authorization is None:
        return {}
    raw = authorization.encode() if isinstance(authorization, str) else authorization
    return {b"Authorization": raw}


def assert_unauthorised(response_of: Api, path: str = "/me") -> None:
    problem(response_of.get(path), 401, "authentication_failed")


def test_missing_or_garbled_token_is_a_401_problem(
    client: TestClient, api: Api, subtests: pytest.Subtests
) -> None:
    for authorization in BAD_AUTHORIZATION:
        with subtests.test(msg=repr(authorization)):
            response = client.get(f"{API}/me", headers=_headers(authorization))
            body = problem(response, 401, "authentication_failed")
            assert response.headers["www-authenticate"].split()[0] == "Bearer"
            assert body["title"] == "Unauthorized"
            assert response.headers["cache-control"] == "no-store"


def test_every_operation_needs_a_token_and_changes_nothing_without(
    client: TestClient, api: Api, subtests: pytest.Subtests
) -> None:
    api.made_user("intruder")
    etag = api.user_etag("intruder")
    for method, path, body in PROTECTED:
        with subtests.test(msg=f"{method} {path}"):
            headers = {"If-Match": etag, "Authorization": "Bearer forged"}
            response = client.request(method, API + path, json=body, headers=headers)
            problem(response, 401, "authentication_failed")
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert api.user_etag("intruder") == etag
    assert [u["user_name"] for u in api.get("/accounts/ROOT/users").json()["items"]] == ["intruder"]


def test_token_endpoint_answers_a_bearer_token_for_good_credentials_only(
    client: TestClient, root: IssuedCredentials, clock: FakeClock, subtests: pytest.Subtests
) -> None:
    key, password = root.api_user.api_key, root.password
    for fields, status, code in BAD_CREDENTIALS:
        with subtests.test(msg=str(fields)):
            sent = {"api_key": key, "password": password} | fields
            response = client.post(f"{API}/auth/token", json=sent)
            problem(response, status, code)
            assert "access_token" not in response.text
    response = client.post(f"{API}/auth/token", json={"api_key": key, "password": password})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at"}
    assert body["token_type"] == "bearer"
    assert datetime.fromisoformat(body["expires_at"]) == clock() + timedelta(hours=12)
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200, me.text
    assert (me.json()["kind"], me.json()["name"]) == ("api_user", key)


def test_api_user_token_ends_after_30_idle_minutes(api: Api, clock: FakeClock) -> None:
    for _ in range(3):  # each use keeps it alive
        clock.advance(minutes=29)
        assert api.get("/me").status_code == 200
    clock.advance(minutes=30)
    assert_unauthorised(api)
    clock.advance(seconds=-1)  # an ended session does not come back
    assert_unauthorised(api)


def test_api_user_token_ends_after_12_hours_however_busy(api: Api, clock: FakeClock) -> None:
    for _ in range(24):  # 11 h 36 min, never idle for 30 minutes
        clock.advance(minutes=29)
        assert api.get("/me").status_code == 200
    clock.advance(minutes=23, seconds=59)
    assert api.get("/me").status_code == 200
    clock.advance(seconds=1)  # 12 hours after the token was issued
    assert_unauthorised(api)


@pytest.mark.usefixtures("tree")
def test_api_user_tokens_stop_when_their_account_tree_is_suspended(
    api: Api, api_user: ApiUserFactory, runtime: Runtime, root_actor: Actor
) -> None:
    callers = {alias: api_user(alias) for alias in ("AA", "A1", "BB")}
    for alias, caller in callers.items():
        assert caller.get(f"/accounts/{alias}").status_code == 200
    change_account_status(runtime, root_actor, "AA", StatusChange.SUSPEND)
    assert_unauthorised(callers["AA"], "/accounts/AA")
    assert_unauthorised(callers["A1"], "/accounts/A1")  # below the suspended account
    assert callers["BB"].get("/accounts/BB").status_code == 200
    assert api.get("/me").status_code == 200
    change_account_status(runtime, root_actor, "AA", StatusChange.ENABLE)
    assert_unauthorised(callers["AA"])  # ended, not paused: the session is gone
    assert_unauthorised(callers["A1"])


def test_person_token_works_and_lasts_14_days(person: PersonFactory, clock: FakeClock) -> None:
    viewer = person("vera", (10,))
    me = viewer.get("/me")
    assert me.status_code == 200, me.text
    assert (me.json()["kind"], me.json()["name"]) == ("user", "vera")
    clock.advance(days=14, seconds=-1)
    assert viewer.get("/me").status_code == 200
    clock.advance(seconds=1)
    assert_unauthorised(viewer)


def test_person_token_stops_at_once_when_the_user_is_suspended_or_deleted(
    api: Api, person: PersonFactory
) -> None:
    viewer = person("vera", (10,))
    assert viewer.get("/users/vera").status_code == 200
    suspended = api.post("/users/vera/suspend")
    assert suspended.status_code == 200, suspended.text
    assert_unauthorised(viewer, "/users/vera")
    assert_unauthorised(viewer)
    # Suspending ended the token: unsuspending does not bring a stolen token back.
    assert api.post("/users/vera/unsuspend").status_code == 200
    assert_unauthorised(viewer)
    walter = person("walter", (10,))
    assert walter.get("/me").status_code == 200
    deleted = api.delete("/users/walter", if_match=api.user_etag("walter"))
    assert deleted.status_code == 204, deleted.text
    assert_unauthorised(walter)
