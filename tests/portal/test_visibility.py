"""The role-visibility matrix: which actions each role sees (AC-03), and that the
services refuse what is hidden."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.roles import CATALOGUE
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import make_person, post, sign_in

ACCOUNT = "/portal/accounts/AA"
USER = "/portal/users/view?name=target"
# What each action looks like on the account page (ACCOUNT) or a user's page (USER).
ACTIONS = {
    "users": (ACCOUNT, 'href="/portal/accounts/AA/users"'),
    "api_users": (ACCOUNT, 'href="/portal/accounts/AA/api-users"'),
    "audit": (ACCOUNT, 'href="/portal/accounts/AA/audit"'),
    "bulk": (ACCOUNT, 'href="/portal/accounts/AA/bulk"'),
    "edit_account": (ACCOUNT, 'href="/portal/accounts/AA/edit"'),
    "new_sub_account": (ACCOUNT, 'href="/portal/accounts/AA/new"'),
    "suspend_account": (ACCOUNT, "status?action=suspend"),
    "edit_user": (USER, "/portal/users/edit?name=target"),
    "suspend_user": (USER, 'value="suspend"'),
    "delete_user": (USER, "/portal/users/delete?name=target"),
}
VIEW_PEOPLE = {"users", "api_users"}
MANAGE = {
    "bulk",
    "edit_account",
    "new_sub_account",
    "suspend_account",
    "edit_user",
    "suspend_user",
    "delete_user",
}
# The matrix of docs/roles.md, written out by hand.
EXPECTED: dict[int, set[str]] = {
    2: VIEW_PEOPLE,  # Server Administrator
    3: VIEW_PEOPLE,  # Billing Manager
    8: set(),  # DNS Manager: no users at all
    9: VIEW_PEOPLE | {"audit"} | MANAGE,  # Account Administrator
    10: VIEW_PEOPLE | {"audit"},  # Account Viewer: sees, changes nothing
    12: set(),  # Network Manager
    13: VIEW_PEOPLE | {"audit"} | MANAGE,  # Security Manager
    14: VIEW_PEOPLE,  # Server Operator
    15: VIEW_PEOPLE,  # Server Scheduler
}


def test_the_table_covers_every_role() -> None:
    assert EXPECTED.keys() == {role.id for role in CATALOGUE}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_actions_shown(
    *,
    role: int,
    portal: TestClient,
    person: PersonFactory,
    tree: None,
    runtime: Runtime,
    operator: Actor,
) -> None:
    me = person("me", (role,))
    make_person(runtime, operator, "target", (10,), "AA")
    sign_in(portal, "me", me.password)
    pages = {url: portal.get(url) for url in (ACCOUNT, USER)}
    shown = {name for name, (url, marker) in ACTIONS.items() if marker in pages[url].text}
    assert shown == EXPECTED[role]
    assert pages[ACCOUNT].status_code == 200
    assert pages[USER].status_code == (200 if "users" in EXPECTED[role] else 403)


def test_a_viewer_cannot_change_by_posting_anyway(
    portal: TestClient, person: PersonFactory, tree: None, runtime: Runtime, operator: Actor
) -> None:
    viewer = person("viewer", (10,))
    make_person(runtime, operator, "target", (10,), "AA")
    sign_in(portal, "viewer", viewer.password)
    response = post(portal, "/portal/users/status", {"name": "target", "action": "suspend"})
    assert response.status_code == 403
    assert "Your roles do not allow this" in response.text
    assert 'class="badge ok">active' in portal.get(USER).text


def test_a_sub_account_admin_cannot_reach_the_parent(
    portal: TestClient, person: PersonFactory, tree: None
) -> None:
    sub = person("subadmin", (9,), "AA")
    sign_in(portal, "subadmin", sub.password)
    assert portal.get("/portal/accounts/AA").status_code == 200
    assert portal.get("/portal/accounts/A1").status_code == 200
    for alias in ("ROOT", "BB"):
        response = portal.get(f"/portal/accounts/{alias}")
        assert response.status_code == 404
        assert "No such account" in response.text
    assert "/portal/accounts/ROOT" not in portal.get("/portal/accounts/AA").text
