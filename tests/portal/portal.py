"""Helpers of the portal tests: people with roles, signing in, posting forms."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace

import httpx2
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.users import validate_new_user
from chamberlain.portal.security import csrf_token
from chamberlain.services import person_auth, users
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.testing.outbox import Outbox

BASE_URL = "https://testserver"
COOKIE = "__Host-chamberlain-portal"
PRESESSION = "__Host-chamberlain-presession"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@dataclass(frozen=True, slots=True)
class Person:
    """A person-user the test made, with the password it generated."""

    user_name: str
    password: str
    account_alias: str


def make_person(
    rt: Runtime, operator: Actor, name: str, roles: tuple[int, ...], alias: str = "ROOT"
) -> Person:
    """Create a person-user with ``roles`` in ``alias`` and give it a fresh password."""
    new = validate_new_user(
        user_name=name,
        account_alias=alias,
        email=f"{name}@example.test",
        first_name=name.capitalize(),
        last_name="Tester",
        optional={},
        allow_sms=False,
        roles=roles,
    )
    users.create_user(rt, operator, new)
    password = secrets.token_urlsafe(16)
    person_auth.set_password(rt, operator, name, password)
    return Person(name, password, alias)


def invitation_link(
    rt: Runtime, operator: Actor, name: str, roles: tuple[int, ...], public_url: str
) -> str:
    """Create a user ``name`` in ROOT with ``roles`` (no password) and return the link of
    the invitation mailed to them, pointing at ``public_url``."""
    rt.settings = replace(rt.settings, public_url=public_url)
    new = validate_new_user(
        user_name=name,
        account_alias="ROOT",
        email=f"{name}@example.test",
        first_name=name.capitalize(),
        last_name="Tester",
        optional={},
        allow_sms=False,
        roles=roles,
    )
    users.create_user(rt, operator, new)
    deliver_due(rt)
    assert isinstance(rt.mail, Outbox)
    [link] = rt.mail.links(f"{name}@example.test")
    return link


def form_token(html: str) -> str:
    """The CSRF token in the first form of a page."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, user_name: str, password: str) -> str:
    """Sign in (the pre-session cookie comes with the sign-in page); returns the URL of the
    page the browser lands on."""
    client.get("/")
    response = client.post(
        "/portal/sign-in",
        data={
            "user_name": user_name,
            "password": password,
            "csrf_token": session_csrf(client, PRESESSION),
        },
    )
    assert response.status_code == 200, response.text
    return str(response.url)


def session_csrf(client: TestClient, cookie: str = COOKIE) -> str:
    """The CSRF token the portal puts in the forms of the signed-in client."""
    value = client.cookies.get(cookie)
    assert value, "the client is not signed in"
    return csrf_token(value)


def post(
    client: TestClient,
    url: str,
    data: dict[str, str | list[str]] | None = None,
    *,
    headers: dict[str, str] | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> httpx2.Response:
    """POST a portal form with the session's CSRF token."""
    form = {"csrf_token": session_csrf(client), **(data or {})}
    return client.post(url, data=form, headers=headers, files=files)
