"""Browser tests: Debian's Chromium, driven by Playwright, against the real app served by
uvicorn on a loopback port (plain http on loopback: the portal's development exception).

Nothing is downloaded: Playwright is given the system browser's path. Without that
browser the tests fail in CI (``CI`` set) and are skipped, saying why, elsewhere. They run
on SQLite only: the pages are the same on PostgreSQL, which the view tests cover.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from chamberlain.app import create_app
from chamberlain.services.runtime import Runtime
from chamberlain.testing.serving import HOST, ServerThread
from tests.support.databases import sqlite_copy

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def database_url(sqlite_template_path: Path, tmp_path: Path) -> str:
    return sqlite_copy(sqlite_template_path, tmp_path)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the browser tests. Package scope, not session: Playwright's
    synchronous API keeps an event loop running in the main thread while it is open, and
    later tests that start their own loop (``asyncio.run``) must not meet it."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); in CI this fails")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def live_url(runtime: Runtime) -> Iterator[str]:
    """The app on a loopback port, over the test's runtime (and its fake clock)."""
    server = ServerThread(create_app(runtime))
    server.start()
    yield f"http://{HOST}:{server.port}"
    server.stop()


@pytest.fixture
def page(browser: Browser, live_url: str) -> Iterator[Page]:
    """A fresh browser context (its own cookies) and tab; fails on any script or CSP
    error in the console (a 4xx page the test asked for is not one)."""
    context = browser.new_context(base_url=live_url)
    tab = context.new_page()
    errors: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    tab.on("console", note)
    yield tab
    context.close()
    assert not errors, errors
