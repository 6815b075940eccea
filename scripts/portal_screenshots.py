"""Save screenshots of the portal's main pages in docs/screenshots/ (run by hand).

    .venv/bin/python scripts/portal_screenshots.py

Builds a throw-away SQLite database with a small account tree and a few users, serves
the app on a loopback port and drives Debian's Chromium (/usr/bin/chromium) through it.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.users import validate_new_user
from chamberlain.services import api_users, person_auth, users
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.bootstrap import initialise
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from chamberlain.testing.server import create_template
from chamberlain.testing.serving import HOST, ServerThread

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PEOPLE = (
    ("ada", "Ada", "Lovelace", (9,), "ACME"),
    ("grace", "Grace", "Hopper", (13,), "ACME"),
    ("alan", "Alan", "Turing", (10,), "ACME"),
    ("edsger", "Edsger", "Dijkstra", (2, 14), "ACME"),
    ("barbara", "Barbara", "Liskov", (3,), "ACME"),
    ("ken", "Ken", "Thompson", (8,), "LAB"),
)


def _seed(rt: Runtime) -> str:
    operator = Actor(
        kind="operator", label="operator", account_alias=None, tree_path="/", face=Face.CLI
    )
    initialise(rt, operator, "ACME")
    for parent, alias, name in (
        ("ACME", "LAB", "Research Lab"),
        ("ACME", "OPS", "Operations"),
        ("LAB", "EDGE", "Edge Sites"),
    ):
        create_sub_account(rt, operator, parent_alias=parent, alias=alias, business_name=name)
    for user_name, first, last, roles, alias in PEOPLE:
        new = validate_new_user(
            user_name=user_name,
            account_alias=alias,
            email=f"{user_name}@example.com",
            first_name=first,
            last_name=last,
            optional={"title": "Engineer"},
            allow_sms=False,
            roles=roles,
        )
        users.create_user(rt, operator, new)
    api_users.create_api_user(rt, operator, "ACME")
    password = secrets.token_urlsafe(16)
    person_auth.set_password(rt, operator, "ada", password)
    return password


def _shoot(page: Page, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print("saved", OUT / f"{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        template = create_template(Path(folder))
        rt = Runtime.from_settings(Settings(database_url=f"sqlite:///{template}"))
        password = _seed(rt)
        server = ServerThread(create_app(rt))
        server.start()
        base = f"http://{HOST}:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                for width, suffix in ((1280, ""), (390, "-phone")):
                    page = browser.new_page(base_url=base, viewport={"width": width, "height": 800})
                    _shoot(page, "/", f"sign-in{suffix}")
                    page.get_by_role("textbox", name="User name").fill("ada")
                    page.get_by_role("textbox", name="Password").fill(password)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_url("**/portal/accounts/ACME")
                    _shoot(page, "/portal/accounts/ACME", f"account{suffix}")
                    _shoot(page, "/portal/accounts/ACME/users", f"users{suffix}")
                    if not suffix:
                        _shoot(page, "/portal/users/view?name=grace", "user")
                        _shoot(page, "/portal/users/edit?name=grace", "user-edit")
                        _shoot(page, "/portal/accounts/ACME/api-users", "api-users")
                        _shoot(page, "/portal/accounts/ACME/audit", "audit")
                        _shoot(page, "/portal/accounts/ACME/bulk", "bulk")
                    page.close()
                browser.close()
        finally:
            server.stop()
            rt.close()


if __name__ == "__main__":
    main()
