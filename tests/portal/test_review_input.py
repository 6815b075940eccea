"""Review: odd input gets a page, never a 500 (VAL-02, VAL-03).

Numbers in queries and forms (page cursors, role filters, form versions, role ids) may be
huge or written in non-ASCII digits (``"²".isdigit()`` is true, ``int("²")`` raises), and a
urlencoded form may hold percent-escapes that are not UTF-8: the portal answers with a
page, and what it stores is what was typed or nothing.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.errors import UserNotFound
from chamberlain.services import accounts, users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import PRESESSION, post, session_csrf, sign_in

HUGE = "9" * 30
SUPERSCRIPT_TWO = "\u00b2"


@pytest.fixture
def admin(portal: TestClient, person: PersonFactory) -> TestClient:
    alice = person("alice", (9,))
    sign_in(portal, "alice", alice.password)
    return portal


@pytest.mark.parametrize("value", [HUGE, SUPERSCRIPT_TWO])
@pytest.mark.parametrize(
    "url",
    [
        "/portal/accounts/ROOT/users?after={}",
        "/portal/accounts/ROOT/users?role={}",
        "/portal/accounts/ROOT/audit?after={}",
    ],
)
def test_odd_numbers_in_a_query_are_ignored(admin: TestClient, url: str, value: str) -> None:
    response = admin.get(url.format(value))
    assert response.status_code == 200
    assert "<h1>" in response.text


@pytest.mark.parametrize("value", [HUGE, SUPERSCRIPT_TWO])
def test_an_odd_form_version_is_no_error(
    admin: TestClient, person: PersonFactory, runtime: Runtime, operator: Actor, value: str
) -> None:
    person("bob", (10,))
    response = post(
        admin,
        "/portal/users/edit?name=bob",
        {"email": "bob@example.test", "first_name": "Robert", "last_name": "T", "version": value},
    )
    assert response.status_code in (200, 400)
    assert "Internal Server Error" not in response.text


@pytest.mark.parametrize("path", ["/portal/users/edit?name=bob", "/portal/accounts/ROOT/users/new"])
def test_an_odd_role_id_is_refused_with_the_form(
    admin: TestClient, person: PersonFactory, path: str
) -> None:
    person("bob", (10,))
    fields = {"email": "c@example.test", "first_name": "C", "last_name": "T", "user_name": "carol"}
    response = post(admin, path, {**fields, "roles": [SUPERSCRIPT_TWO]})
    assert response.status_code == 400
    assert "The request was not accepted" in response.text


def _created(runtime: Runtime, operator: Actor, name: str) -> bool:
    try:
        users.get_user(runtime, operator, None, name)
    except UserNotFound:
        return False
    return True


def test_a_form_that_is_not_utf8_is_refused(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    body = (
        f"csrf_token={session_csrf(admin)}&user_name=eve%FF%FE&email=eve%40example.test"
        "&first_name=Eve&last_name=T"
    )
    response = admin.post(
        "/portal/accounts/ROOT/users/new",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.text
    assert not _created(runtime, operator, "eve\ufffd\ufffd")


def test_a_utf8_form_keeps_its_text(admin: TestClient, runtime: Runtime, operator: Actor) -> None:
    body = (
        f"csrf_token={session_csrf(admin)}&user_name=j%C3%B6rg+m&email=jm%40example.test"
        "&first_name=J%C3%B6rg&last_name=M"
    )
    response = admin.post(
        "/portal/accounts/ROOT/users/new",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    assert users.get_user(runtime, operator, None, "jörg m").profile.first_name == "Jörg"


def test_a_sign_in_that_is_not_utf8_is_refused(portal: TestClient) -> None:
    portal.get("/")
    body = f"csrf_token={session_csrf(portal, PRESESSION)}&user_name=%C3&password=x"
    response = portal.post(
        "/portal/sign-in",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.text
    assert "chamberlain-portal" not in response.headers.get("set-cookie", "")


def test_a_line_separator_in_a_business_name_is_refused_with_the_form(
    admin: TestClient, runtime: Runtime, operator: Actor
) -> None:
    """Issue 13: such a name went into every invitation's subject and broke the mail."""
    fields = {"address1": "1 Main St", "city": "Seattle", "state_province": "WA",
              "postal_code": "98101", "country": "US", "telephone": "555 0100",
              "time_zone": "UTC", "location": "WA1", "billing": "1"}  # fmt: skip
    for path in ("/portal/accounts/ROOT/new", "/portal/accounts/ROOT/edit"):
        response = post(admin, path, {**fields, "business_name": "Acme\u2028Corp"})
        assert response.status_code == 400, path
        assert "Business name: contains line breaks" in response.text, path
    assert [a.alias for a in accounts.list_accounts(runtime, operator, "ROOT")] == ["ROOT"]
    assert accounts.get_account(runtime, operator, "ROOT").business_name == "Root account"
