"""End-to-end journeys in Chromium: what a person does with the portal."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from chamberlain.domain.audit import Actor
from chamberlain.services import users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import make_person


def sign_in(page: Page, user_name: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("User name").fill(user_name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_create_and_edit_a_user_with_roles(
    page: Page, person: PersonFactory, tree: None, runtime: Runtime, operator: Actor
) -> None:
    admin = person("alice", (9,))
    sign_in(page, "alice", admin.password)
    page.get_by_role("link", name="AA Biz AA").click()
    expect(page.get_by_role("heading", name="Biz AA AA")).to_be_visible()
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="New user").click()
    page.get_by_role("textbox", name="User name", exact=True).fill("carol")
    page.get_by_role("textbox", name="E-mail", exact=True).fill("carol@example.test")
    page.get_by_role("textbox", name="First name", exact=True).fill("Carol")
    page.get_by_role("textbox", name="Last name", exact=True).fill("Jones")
    page.get_by_label("Account Viewer").check()
    page.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status")).to_have_text("User created.")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit carol")).to_be_visible()
    page.get_by_role("textbox", name="Title", exact=True).fill("Lead")
    page.get_by_label("Security Manager").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("User saved.")
    carol = users.get_user(runtime, operator, None, "carol")
    assert carol.roles == (10, 13)
    assert carol.profile.title == "Lead"


def test_suspend_and_delete(
    page: Page, person: PersonFactory, tree: None, runtime: Runtime, operator: Actor
) -> None:
    admin = person("alice", (9,))
    make_person(runtime, operator, "dave", (10,), "AA")
    sign_in(page, "alice", admin.password)
    page.goto("/portal/users/view?name=dave")
    page.get_by_role("button", name="Suspend").click()
    expect(page.get_by_role("status")).to_have_text("User suspended.")
    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", name="Delete dave?")).to_be_visible()
    page.get_by_role("button", name="Delete dave").click()
    expect(page.get_by_role("status")).to_have_text("User deleted.")
    expect(page.get_by_role("link", name="dave")).to_have_count(0)


def test_create_an_api_user(page: Page, person: PersonFactory) -> None:
    admin = person("alice", (9,))
    sign_in(page, "alice", admin.password)
    page.get_by_role("link", name="API users", exact=True).click()
    page.get_by_role("button", name="Create API user").click()
    expect(page.get_by_text("shown this once")).to_be_visible()
    key = page.locator("#api-key").inner_text()
    assert len(key) == 32
    page.get_by_role("link", name="Back to the API users").click()
    expect(page.get_by_role("cell", name=key)).to_be_visible()


def test_a_sub_account_admin_cannot_reach_the_parent(
    page: Page, person: PersonFactory, tree: None
) -> None:
    sub = person("subadmin", (9,), "AA")
    sign_in(page, "subadmin", sub.password)
    expect(page.get_by_role("link", name="ROOT Root account")).to_have_count(0)
    page.goto("/portal/accounts/ROOT")
    expect(page.get_by_role("alert")).to_have_text("No such account in your account tree.")


def test_a_viewer_cannot_change_anything(
    page: Page, person: PersonFactory, tree: None, runtime: Runtime, operator: Actor
) -> None:
    viewer = person("victor", (10,))
    make_person(runtime, operator, "dave", (10,), "AA")
    sign_in(page, "victor", viewer.password)
    page.goto("/portal/users/view?name=dave")
    expect(page.get_by_role("heading", name="Dave Tester dave")).to_be_visible()
    for action in ("Edit", "Suspend", "Delete…"):
        expect(page.get_by_role("button", name=action)).to_have_count(0)
        expect(page.get_by_role("link", name=action)).to_have_count(0)
    page.goto("/portal/accounts/AA")
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)


def _forged_form(live_url: str) -> str:
    return (
        f'<form method="post" action="{live_url}/portal/users/status">'
        '<input name="name" value="dave"><input name="action" value="suspend">'
        "<button>Win a prize</button></form>"
    )


def test_csrf_refusal(
    page: Page, person: PersonFactory, live_url: str, runtime: Runtime, operator: Actor
) -> None:
    admin = person("alice", (9,))
    make_person(runtime, operator, "dave", (10,))
    sign_in(page, "alice", admin.password)
    # Another site posting into the portal: the SameSite=Lax cookie stays home, so the
    # portal sees nobody signed in, changes nothing and sends the browser to "/".
    page.route(
        "http://evil.test/",
        lambda route: route.fulfill(content_type="text/html", body=_forged_form(live_url)),
    )
    page.goto("http://evil.test/")
    page.get_by_role("button", name="Win a prize").click()
    expect(page.get_by_role("heading", name="Root account ROOT")).to_be_visible()
    assert users.get_user(runtime, operator, None, "dave").status.value == "Active"
    # A form without the token, even on the portal's own origin (an injected page, say):
    # the cookie goes along, and the token check refuses it.
    page.route(
        f"{live_url}/forged",
        lambda route: route.fulfill(content_type="text/html", body=_forged_form(live_url)),
    )
    page.goto("/forged")
    page.get_by_role("button", name="Win a prize").click()
    expect(page.get_by_role("alert")).to_contain_text("This form was refused")
    assert users.get_user(runtime, operator, None, "dave").status.value == "Active"
