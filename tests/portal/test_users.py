"""Users pages: keyset pages, filters, create with roles, edit, suspend, delete."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction, validate_new_user
from chamberlain.portal.views.users import PAGE_SIZE
from chamberlain.services import users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import post, sign_in

LIST = "/portal/accounts/AA/users"


@pytest.fixture
def admin(portal: TestClient, person: PersonFactory, tree: None) -> TestClient:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    return portal


def _add(runtime: Runtime, operator: Actor, count: int) -> None:
    for number in range(count):
        new = validate_new_user(
            user_name=f"user{number:03}",
            account_alias="AA",
            email=f"u{number}@example.test",
            first_name="Pat" if number % 2 else "Kim",
            last_name=f"N{number:03}",
            optional={},
            allow_sms=False,
            roles=(10,) if number % 3 == 0 else (),
        )
        users.create_user(runtime, operator, new)


def _names(html: str) -> list[str]:
    return re.findall(r'href="/portal/users/view\?name=(user\d+)"', html)


@pytest.fixture
def statements(runtime: Runtime) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement the engine runs meanwhile, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        seen.append((sql, params))

    event.listen(runtime.db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(runtime.db.engine, "before_cursor_execute", record)


def test_keyset_pages_use_the_cursor(
    admin: TestClient, runtime: Runtime, operator: Actor, statements: list[tuple[str, Any]]
) -> None:
    _add(runtime, operator, PAGE_SIZE + 5)
    first = admin.get(LIST)
    assert _names(first.text) == [f"user{n:03}" for n in range(PAGE_SIZE)]
    next_link = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert next_link
    statements.clear()
    second = admin.get(next_link.group(1).replace("&amp;", "&"))
    assert _names(second.text) == [f"user{n:03}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert 'rel="next"' not in second.text
    listing = [(sql, params) for sql, params in statements if "ORDER BY users.id" in sql]
    assert len(listing) == 1
    sql, params = listing[0]
    # The page starts after the cursor in SQL (nothing skipped row by row) and asks for one
    # row more than it shows, to know whether there is a next page.
    after = int(next_link.group(1).rsplit("after=", 1)[1])
    assert "users.id >" in sql
    assert "LIMIT" in sql
    values = list(params.values()) if isinstance(params, dict) else list(params)
    assert after in values
    assert PAGE_SIZE + 1 in values
    assert not any("count(" in sql.lower() for sql, _ in statements)


def test_filters(admin: TestClient, runtime: Runtime, operator: Actor) -> None:
    _add(runtime, operator, 6)
    assert _names(admin.get(LIST + "?q=pat").text) == ["user001", "user003", "user005"]
    assert _names(admin.get(LIST + "?role=10").text) == ["user000", "user003"]
    assert _names(admin.get(LIST + "?q=u4@example.test").text) == ["user004"]
    users.change_status(runtime, operator, "user002", LifecycleAction.SUSPEND)
    assert _names(admin.get(LIST + "?status=Disabled").text) == ["user002"]


def test_create_with_every_field_and_roles_by_name(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    form = admin.get(LIST + "/new").text
    assert "Account Viewer" in form
    assert "Security Manager" in form
    response = post(
        admin,
        LIST + "/new",
        {
            "user_name": "carol",
            "email": "carol@example.test",
            "first_name": "Carol",
            "last_name": "Jones",
            "alternate_email": "cj@example.test",
            "title": "Lead",
            "office_number": "+1 555 0100",
            "mobile_number": "+1 555 0101",
            "fax_number": "+1 555 0102",
            "saml_user_name": "carol@idp",
            "time_zone_id": "UTC",
            "allow_sms": "on",
            "roles": ["10", "13"],
        },
    )
    assert "User created" in response.text
    carol = users.get_user(runtime, operator, None, "carol")
    assert carol.account_alias == "AA"
    assert carol.roles == (10, 13)
    assert carol.profile.title == "Lead"
    assert carol.profile.allow_sms
    assert carol.profile.saml_user_name == "carol@idp"
    assert carol.profile.time_zone_id == "UTC"


def test_a_refused_create_shows_the_form_again_with_the_reason(admin: TestClient) -> None:
    response = post(
        admin,
        LIST + "/new",
        {"user_name": "dan", "email": "not-an-address", "first_name": "Dan", "last_name": "B"},
    )
    assert response.status_code == 400
    assert "E-mail: not a valid e-mail address." in response.text
    assert 'value="dan"' in response.text


def test_edit_suspend_unsuspend_delete(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    _add(runtime, operator, 1)
    response = post(
        admin,
        "/portal/users/edit?name=user000",
        {
            "email": "new@example.test",
            "first_name": "Kim",
            "last_name": "Changed",
            "roles": ["9"],
            "version": "1",
        },
    )
    assert "User saved" in response.text
    changed = users.get_user(runtime, operator, None, "user000")
    assert changed.profile.last_name == "Changed"
    assert changed.roles == (9,)
    for action, shown in (("suspend", "User suspended"), ("unsuspend", "User unsuspended")):
        response = post(admin, "/portal/users/status", {"name": "user000", "action": action})
        assert shown in response.text
    confirm = admin.get("/portal/users/delete?name=user000")
    assert "cannot be undone" in confirm.text
    response = post(admin, "/portal/users/status", {"name": "user000", "action": "delete"})
    assert "User deleted" in response.text
    assert admin.get("/portal/users/view?name=user000").status_code == 404


def test_a_stale_edit_does_not_overwrite(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    _add(runtime, operator, 1)
    users.change_status(runtime, operator, "user000", LifecycleAction.SUSPEND)
    response = post(
        admin,
        "/portal/users/edit?name=user000",
        {
            "email": "x@example.test",
            "first_name": "K",
            "last_name": "L",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "Someone else changed this meanwhile" in response.text


def test_a_bulk_csv_reads_cells_escaped_against_formulas_back(
    admin: TestClient, runtime: Runtime, root_actor: Actor
) -> None:
    """The portal's CSV import drops the quote ``users export`` puts before a formula
    start (issue 13), like the CLI and REST imports."""
    data = (
        b"user_name,email,first_name,last_name,mobile_number\n"
        b"'-kim,kim@example.test,'=Kim,'quoted','+1 555 0100\n"
    )
    reply = post(admin, "/portal/accounts/AA/bulk", files={"file": ("users.csv", data, "text/csv")})
    assert reply.status_code == 200, reply.text
    profile = users.get_user(runtime, root_actor, None, "-kim").profile
    assert (profile.first_name, profile.last_name) == ("=Kim", "'quoted'")
    assert profile.mobile_number == "+1 555 0100"
