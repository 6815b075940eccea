"""Person-users on the REST face: what their roles let them do (docs/roles.md).

Roles do not inherit; a person grants only roles it holds and never changes its own;
everything outside the person's account tree is 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rest.conftest import PersonFactory
from tests.rest.rest import (
    Api,
    all_documented_permissions,
    documented_permissions,
    documented_roles,
    problem,
    user_body,
)

TARGET = "target"
# Writes on users, each with the body it needs ("{etag}" is filled in).
USER_WRITES = [
    ("POST", "/accounts/ROOT/users", user_body("newbie")),
    ("PATCH", f"/users/{TARGET}", {"title": "Changed"}),
    ("POST", f"/users/{TARGET}/suspend", None),
    ("POST", f"/users/{TARGET}/unsuspend", None),
    ("DELETE", f"/users/{TARGET}", None),
]
ROLE_SETS = [(10,), (8,), (13,), (9,), (2, 3), (12, 14, 15), (3, 8, 10), ()]


def _state(api: Api) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get("/accounts/ROOT/users?limit=1000").json()["items"]
    return items


def _assert_writes_refused(api: Api, caller: Api, subtests: pytest.Subtests) -> None:
    before = _state(api)
    for method, path, body in USER_WRITES:
        with subtests.test(msg=f"{method} {path}"):
            response = caller.call(method, path, json=body, if_match=api.user_etag(TARGET))
            problem(response, 403, "permission_denied")
            assert _state(api) == before


@pytest.fixture
def target(api: Api) -> dict[str, Any]:
    return api.made_user(TARGET, roles=[10])


def test_an_account_viewer_reads_users_but_writes_nothing(
    api: Api, person: PersonFactory, target: dict[str, Any], subtests: pytest.Subtests
) -> None:
    viewer = person("viewer", (10,))
    listed = viewer.get("/accounts/ROOT/users")
    assert listed.status_code == 200, listed.text
    assert [u["user_name"] for u in listed.json()["items"]] == [TARGET, "viewer"]
    one = viewer.get(f"/users/{TARGET}")
    assert (one.status_code, one.json()) == (200, target)
    assert viewer.get("/accounts/ROOT").status_code == 200
    _assert_writes_refused(api, viewer, subtests)


def test_a_dns_manager_cannot_even_list_users(
    api: Api, person: PersonFactory, target: dict[str, Any], subtests: pytest.Subtests
) -> None:
    dns = person("dns", (8,))
    assert dns.get("/accounts/ROOT").status_code == 200  # account:accounts:view
    problem(dns.get("/accounts/ROOT/users"), 403, "permission_denied")
    problem(dns.get(f"/users/{TARGET}"), 403, "permission_denied")
    _assert_writes_refused(api, dns, subtests)


def test_a_security_manager_grants_only_roles_it_holds(
    api: Api, person: PersonFactory, subtests: pytest.Subtests
) -> None:
    security = person("sec", (13, 10))
    for roles in ([], [13], [10], [10, 13]):
        with subtests.test(msg=f"grant {roles}"):
            name = f"ok{len(roles)}{sum(roles)}"
            created = security.create_user(name, roles=roles)
            assert created.status_code == 201, created.text
            assert created.json()["roles"] == sorted(roles)
    before = _state(api)
    for roles in ([9], [13, 9], [2], [10, 13, 15]):
        with subtests.test(msg=f"grant {roles}"):
            problem(security.create_user("nope", roles=roles), 403, "permission_denied")
            etag = api.user_etag("ok00")
            patched = security.patch("/users/ok00", json={"roles": roles}, if_match=etag)
            problem(patched, 403, "permission_denied")
            assert _state(api) == before


def test_a_security_manager_may_take_away_roles_it_holds_and_edit_others(
    api: Api, person: PersonFactory
) -> None:
    security = person("sec", (13,))
    api.made_user("other", roles=[13, 10])
    response = security.patch("/users/other", json={"roles": [10], "title": "Ops"})
    assert response.status_code == 200, response.text
    assert (response.json()["roles"], response.json()["title"]) == ([10], "Ops")


def test_no_one_changes_their_own_roles(
    api: Api, person: PersonFactory, subtests: pytest.Subtests
) -> None:
    callers = {"sec": person("sec", (13,)), "admin": person("admin", (9,))}
    for name, caller in callers.items():
        own = api.get(f"/users/{name}").json()
        for roles in ([], [*own["roles"], 10], [10]):
            with subtests.test(msg=f"{name} sets own roles {roles}"):
                problem(caller.patch(f"/users/{name}", json={"roles": roles}), 403,
                        "permission_denied")  # fmt: skip
                assert api.get(f"/users/{name}").json() == own
        with subtests.test(msg=f"{name} edits own profile"):
            same = caller.patch(f"/users/{name}", json={"roles": own["roles"], "title": "Me"})
            assert same.status_code == 200, same.text
            assert same.json()["title"] == "Me"


@pytest.mark.usefixtures("tree")
def test_an_account_administrator_runs_its_tree_and_sees_nothing_else(
    api: Api, person: PersonFactory, subtests: pytest.Subtests
) -> None:
    admin = person("admin", (9,), alias="AA")
    api.made_user("rooted")
    api.made_user("sibling", "BB")
    for alias in ("AA", "A1"):
        with subtests.test(msg=f"everything in {alias}"):
            name = f"made.in.{alias}"
            created = admin.create_user(name, alias, roles=[9])
            assert created.status_code == 201, created.text
            assert admin.get(f"/accounts/{alias}/users").json()["items"][-1]["user_name"] == name
            assert admin.patch(f"/users/{name}", json={"title": "T"}).status_code == 200
            assert admin.post(f"/users/{name}/suspend").status_code == 200
            assert admin.post(f"/users/{name}/unsuspend").status_code == 200
            assert admin.delete(f"/users/{name}", if_match='"4"').status_code == 204
    child = admin.post("/accounts/AA/accounts", json={"location": "WA1", "business_name": "x",
                       "address1": "a", "city": "c", "state_province": "s", "postal_code": "p",
                       "country": "c", "telephone": "t"})  # fmt: skip
    assert child.status_code == 201, child.text
    for alias in ("ROOT", "BB"):
        with subtests.test(msg=f"nothing in {alias}"):
            problem(admin.get(f"/accounts/{alias}"), 404, "account_not_found")
            problem(admin.get(f"/accounts/{alias}/users"), 404, "account_not_found")
            problem(admin.create_user("x", alias), 404, "account_not_found")
    for name in ("rooted", "sibling"):
        with subtests.test(msg=f"nothing of {name}"):
            problem(admin.get(f"/users/{name}"), 404, "user_not_found")
            problem(admin.patch(f"/users/{name}", json={"title": "x"}), 404, "user_not_found")
            problem(admin.post(f"/users/{name}/suspend"), 404, "user_not_found")
            problem(admin.delete(f"/users/{name}", if_match='"1"'), 404, "user_not_found")
            assert api.get(f"/users/{name}").json()["version"] == 1


def test_me_shows_a_person_with_exactly_its_documented_permissions(
    api: Api, person: PersonFactory, subtests: pytest.Subtests
) -> None:
    for number, roles in enumerate(ROLE_SETS):
        with subtests.test(msg=f"roles {roles}"):
            caller = person(f"person{number}", roles)
            response = caller.get("/me")
            assert response.status_code == 200, response.text
            assert response.json() == {
                "kind": "user",
                "name": f"person{number}",
                "account_alias": "ROOT",
                "roles": sorted(roles),
                "permissions": documented_permissions(roles),
            }


def test_me_shows_an_api_user_with_every_permission_and_roles_lists_the_catalogue(
    api: Api,
) -> None:
    assert api.get("/me").json() == {
        "kind": "api_user",
        "name": api.name,
        "account_alias": "ROOT",
        "roles": [],
        "permissions": all_documented_permissions(),
    }
    response = api.get("/roles")
    assert response.status_code == 200, response.text
    names, matrix = documented_roles()
    listed = response.json()
    assert len(listed) == 9
    assert [role["id"] for role in listed] == sorted(names)
    for role in listed:
        assert set(role) == {"id", "name", "sdk_name", "v2_name", "permissions"}
        assert role["name"] == names[role["id"]]
        assert role["permissions"] == sorted(matrix[role["id"]])


def test_grants_follow_permissions_not_role_names(api: Api, person: PersonFactory) -> None:
    """No escalation: a role may be granted or revoked by whoever holds all it carries."""
    admin = person("admin", (9,))
    granted = admin.create_user("all-roles", roles=[2, 3, 8, 10, 12, 13, 14, 15])
    assert granted.status_code == 201, granted.text
    security = person("sec-only", (13,))
    viewer = security.create_user("viewer", roles=[10])  # 10's permissions are all in 13's
    assert viewer.status_code == 201, viewer.text
    api.made_user("boss", roles=[9])
    revoked = security.patch("/users/boss", json={"roles": []})
    problem(revoked, 403, "permission_denied")
    assert api.get("/users/boss").json()["roles"] == [9]
