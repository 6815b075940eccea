"""The findings of the issue 13 review, each reproduced as the reviewer tried it.

The rule (``domain.permissions``): an actor never obtains, for itself or for an identity
it creates, controls or can sign in as, a permission it does not hold.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.credentials import key_hint
from chamberlain.domain.permissions import ROLE_PERMISSIONS
from chamberlain.domain.throttle import CREDENTIAL_FREE_FAILURES
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from chamberlain.testing.outbox import Outbox
from tests.rest.conftest import PersonFactory
from tests.rest.rest import API, BASE_URL, Api, problem

SECURITY = tuple(sorted(str(p) for p in ROLE_PERMISSIONS[13]))


def _api_user_client(client: TestClient, created: dict[str, str]) -> Api:
    response = client.post(
        f"{API}/auth/token",
        json={"api_key": created["api_key"], "password": created["password"]},
    )
    assert response.status_code == 201, response.text
    return Api(client, response.json()["access_token"], name=created["api_key"])


def test_an_api_user_made_by_a_security_manager_holds_only_its_permissions(
    api: Api, client: TestClient, person: PersonFactory
) -> None:
    security = person("sec", (13,))
    created = security.post("/accounts/ROOT/api-users")
    assert created.status_code == 201, created.text
    assert created.json()["permissions"] == list(SECURITY)
    minted = _api_user_client(client, created.json())

    me = minted.get("/me").json()
    assert me["permissions"] == list(SECURITY)
    assert "account:billing:manage" not in me["permissions"]
    problem(minted.patch("/users/sec", json={"roles": [9, 13]}), 403, "permission_denied")
    problem(minted.create_user("boss", roles=[9]), 403, "permission_denied")
    assert api.get("/users/sec").json()["roles"] == [13]
    # What it may do, it does: a user with the roles the security manager may grant.
    assert minted.create_user("helper", roles=[13]).status_code == 201


def test_a_bounded_api_user_is_bounded_on_v1_too(
    api: Api, client: TestClient, person: PersonFactory
) -> None:
    security = person("sec", (13,))
    created = security.post("/accounts/ROOT/api-users").json()
    logon = client.post(
        "/REST/Auth/Logon/", json={"APIKey": created["api_key"], "Password": created["password"]}
    )
    assert logon.json()["StatusCode"] == 0
    body = {"UserName": "sec", "AccountAlias": "ROOT", "EmailAddress": "sec@example.com",
            "FirstName": "S", "LastName": "M", "Roles": [9, 13]}  # fmt: skip
    answer = client.post("/REST/User/UpdateUser/JSON", json=body).json()
    assert answer["StatusCode"] == 101
    assert api.get("/users/sec").json()["roles"] == [13]


def test_a_security_manager_cannot_rotate_or_switch_off_a_full_power_key(
    api: Api, person: PersonFactory, root: IssuedCredentials
) -> None:
    security = person("sec", (13,))
    key = root.api_user.api_key
    rotated = security.post(f"/api-users/{key}/rotate", json={"grace_hours": 720})
    problem(rotated, 403, "permission_denied")
    assert "password" not in rotated.text
    problem(security.post(f"/api-users/{key}/disable"), 403, "permission_denied")
    problem(security.delete(f"/api-users/{key}"), 403, "permission_denied")
    listed = api.get("/accounts/ROOT/api-users").json()
    assert [(row["api_key"], row["state"]) for row in listed] == [(key, "enabled")]


def test_an_account_administrator_still_rotates_a_full_power_key(
    person: PersonFactory, root: IssuedCredentials
) -> None:
    admin = person("boss", (9,))
    rotated = admin.post(f"/api-users/{root.api_user.api_key}/rotate")
    assert rotated.status_code == 201, rotated.text
    assert rotated.json()["permissions"] is None


def test_a_security_manager_cannot_take_over_an_account_administrator(
    api: Api, person: PersonFactory, runtime: Runtime
) -> None:
    security = person("sec", (13,))
    person("boss", (9,))
    before = api.get("/users/boss").json()
    attempts = {
        "email": security.patch("/users/boss", json={"email": "attacker@evil.example"}),
        "invite": security.post("/users/boss/invitations"),
        "suspend": security.post("/users/boss/suspend"),
        "delete": security.delete("/users/boss", if_match=api.user_etag("boss")),
    }
    for what, response in attempts.items():
        assert response.status_code == 403, (what, response.text)
        problem(response, 403, "permission_denied")
    assert api.get("/users/boss").json() == before
    assert isinstance(runtime.mail, Outbox)
    assert runtime.mail.to("attacker@evil.example") == []


def test_a_security_manager_still_manages_users_within_its_permissions(
    api: Api, person: PersonFactory
) -> None:
    security = person("sec", (13,))
    api.made_user("viewer", roles=[10, 13])
    assert security.patch("/users/viewer", json={"title": "Ops"}).status_code == 200
    assert security.post("/users/viewer/invitations").status_code == 202
    assert security.post("/users/viewer/suspend").status_code == 200


def _clients(runtime: Runtime) -> tuple[TestClient, TestClient]:
    app = create_app(runtime)
    attacker = TestClient(app, base_url=BASE_URL, client=("192.0.2.66", 40000))
    owner = TestClient(app, base_url=BASE_URL, client=("198.51.100.7", 40000))
    return attacker, owner


@pytest.mark.usefixtures("tree")
def test_a_child_tenant_neither_reads_nor_locks_out_its_parents_key(
    api: Api, runtime: Runtime, root: IssuedCredentials
) -> None:
    key = root.api_user.api_key
    api.made_user("kid", "AA")  # recorded in AA's trail, with the parent's key as actor
    child = api.post("/accounts/AA/api-users").json()
    attacker, owner = _clients(runtime)
    with attacker, owner:
        token = attacker.post(
            f"{API}/auth/token", json={"api_key": child["api_key"], "password": child["password"]}
        ).json()["access_token"]
        trail = attacker.get(f"{API}/audit", headers={"Authorization": f"Bearer {token}"})
        assert trail.status_code == 200, trail.text
        actors = {event["actor"] for event in trail.json()["items"]}
        assert key_hint(key) in actors
        assert key not in trail.text

        # Even knowing the key, six wrong passwords from one address lock only that address.
        for _ in range(CREDENTIAL_FREE_FAILURES + 1):
            wrong = attacker.post("/REST/Auth/Logon/", json={"APIKey": key, "Password": "x"})
            assert wrong.json()["StatusCode"] == 100
        ok = owner.post("/REST/Auth/Logon/", json={"APIKey": key, "Password": root.password})
        assert ok.json()["StatusCode"] == 0
        token_ok = owner.post(f"{API}/auth/token", json={"api_key": key, "password": root.password})
        assert token_ok.status_code == 201, token_ok.text
        locked = attacker.post(
            f"{API}/auth/token", json={"api_key": key, "password": root.password}
        )
        assert locked.status_code == 429


def test_a_least_privilege_key_holds_only_the_roles_asked_for(
    client: TestClient, person: PersonFactory
) -> None:
    admin = person("boss", (9,))
    created = admin.post("/accounts/ROOT/api-users", json={"roles": [14, 15]})
    assert created.status_code == 201, created.text
    wanted = sorted(str(p) for p in ROLE_PERMISSIONS[14] | ROLE_PERMISSIONS[15])
    assert created.json()["permissions"] == wanted
    assert _api_user_client(client, created.json()).get("/me").json()["permissions"] == wanted
    problem(admin.post("/accounts/ROOT/api-users", json={"roles": [7]}), 422, "invalid_roles")
    security = person("sec", (13,))
    problem(security.post("/accounts/ROOT/api-users", json={"roles": [9]}), 403,
            "permission_denied")  # fmt: skip
