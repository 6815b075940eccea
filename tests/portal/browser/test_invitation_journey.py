"""The first journey of a new user, in Chromium: the invitation mail, its link, a password
of their own, signing in; the same link afterwards says it was used."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from chamberlain.domain.audit import Actor
from chamberlain.services.runtime import Runtime
from tests.portal.browser.test_journeys import sign_in
from tests.portal.portal import invitation_link

PASSWORD = "my very own passphrase"


def test_invitation_then_set_password_then_sign_in(
    page: Page, live_url: str, runtime: Runtime, root_actor: Actor
) -> None:
    link = invitation_link(runtime, root_actor, "grace", (9,), live_url)
    assert link.startswith(f"{live_url}/portal/set-password?token=")

    page.goto(link)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    # Password fields have no ARIA role; their labels end in a "required" mark.
    page.get_by_label("New password *", exact=True).fill(PASSWORD)
    page.get_by_label("New password again *", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Set password").click()
    # The answer lands on the sign-in page; leaving before it could cut the form's POST.
    expect(page.get_by_text("Your password is set. Sign in with it.")).to_be_visible()

    sign_in(page, "grace", PASSWORD)
    expect(page.get_by_text("grace").first).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("heading", name="This link was already used")).to_be_visible()
