"""The pages a mailed link opens, and "forgot password": states said plainly, the token
kept out of Referer, CSRF on the guest forms, one answer whether or not a user exists."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx2
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services import user_links
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.testing.outbox import Outbox
from tests.portal.conftest import PersonFactory
from tests.portal.portal import PRESESSION, session_csrf, sign_in
from tests.support.clock import FakeClock

NEW_PASSWORD = "a new password of mine"


def _link(runtime: Runtime, address: str) -> str:
    """The newest set-password link mailed to ``address``, as a path with its query."""
    deliver_due(runtime)
    assert isinstance(runtime.mail, Outbox)
    url = urlsplit(runtime.mail.links(address)[-1])
    return f"{url.path}?{url.query}"


def _token(path: str) -> str:
    return parse_qs(urlsplit(path).query)["token"][0]


def _submit(client: TestClient, path: str, password: str) -> httpx2.Response:
    client.get(path)
    return client.post(
        "/portal/set-password",
        data={
            "token": _token(path),
            "password": password,
            "repeat_password": password,
            "csrf_token": session_csrf(client, PRESESSION),
        },
        follow_redirects=False,
    )


def test_an_invitation_link_sets_the_password_once(
    portal: TestClient, person: PersonFactory, runtime: Runtime, root_actor: Actor
) -> None:
    person("ada", (10,))
    user_links.request_invitation(runtime, root_actor, "ada")
    path = _link(runtime, "ada@example.test")

    page = portal.get(path)
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Set your password" in page.text
    assert "ada" in page.text

    differ = portal.post(
        "/portal/set-password",
        data={"token": _token(path), "password": NEW_PASSWORD, "repeat_password": "other",
              "csrf_token": session_csrf(portal, PRESESSION)},
    )  # fmt: skip
    assert differ.status_code == 400
    assert "differ" in differ.text

    done = _submit(portal, path, NEW_PASSWORD)
    assert done.status_code in (302, 303)
    assert done.headers["location"].startswith("/")
    sign_in(portal, "ada", NEW_PASSWORD)

    again = portal.get(path)
    assert again.status_code == 410
    assert "already used" in again.text


def test_each_state_of_a_link_reads_plainly(
    portal: TestClient,
    person: PersonFactory,
    runtime: Runtime,
    root_actor: Actor,
    clock: FakeClock,
) -> None:
    person("ada", (10,))
    user_links.request_invitation(runtime, root_actor, "ada")
    older = _link(runtime, "ada@example.test")
    user_links.request_invitation(runtime, root_actor, "ada")
    newer = _link(runtime, "ada@example.test")
    assert "newer link" in portal.get(older).text
    assert "not valid" in portal.get("/portal/set-password?token=made-up").text
    assert "not valid" in portal.get("/portal/set-password").text
    clock.advance(days=8)
    expired = portal.get(newer)
    assert expired.status_code == 410
    assert "expired" in expired.text


def test_the_set_password_form_needs_its_csrf_token(
    portal: TestClient, person: PersonFactory, runtime: Runtime, root_actor: Actor
) -> None:
    person("ada", (10,))
    user_links.request_invitation(runtime, root_actor, "ada")
    path = _link(runtime, "ada@example.test")
    portal.get(path)
    refused = portal.post(
        "/portal/set-password",
        data={"token": _token(path), "password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD},
    )
    assert refused.status_code == 403
    assert portal.get(path).status_code == 200  # still usable: nothing was written


def test_forgot_password_answers_alike_and_mails_only_a_real_user(
    portal: TestClient, person: PersonFactory, runtime: Runtime
) -> None:
    person("ada", (10,))
    deliver_due(runtime)
    assert isinstance(runtime.mail, Outbox)
    runtime.mail.clear()

    def ask(name: str) -> tuple[int, str | None]:
        portal.get("/portal/forgot-password")
        reply = portal.post(
            "/portal/forgot-password",
            data={"user_name": name, "csrf_token": session_csrf(portal, PRESESSION)},
            follow_redirects=False,
        )
        return reply.status_code, reply.headers.get("location")

    assert ask("ada") == ask("nobody-at-all")
    deliver_due(runtime)
    [message] = runtime.mail.messages
    assert message["To"] == "ada@example.test"
    path = _link(runtime, "ada@example.test")
    _submit(portal, path, NEW_PASSWORD)
    sign_in(portal, "ada", NEW_PASSWORD)
