"""Review, in Chromium: a mistake on the set-password page does not lose the link.

htmx puts the URL the form was posted to in the address bar; without the token there, a
reload after "the two passwords differ" said the link was not valid, though it still was.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from chamberlain.domain.audit import Actor
from chamberlain.services.runtime import Runtime
from tests.portal.portal import invitation_link


def test_a_reload_after_a_mistake_still_shows_the_form(
    page: Page, live_url: str, runtime: Runtime, root_actor: Actor
) -> None:
    link = invitation_link(runtime, root_actor, "ada", (10,), live_url)

    page.goto(link)
    page.get_by_label("New password *", exact=True).fill("first try, long enough")
    page.get_by_label("New password again *", exact=True).fill("second try, long enough")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("alert")).to_have_text("The two passwords differ.")

    page.reload()
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
