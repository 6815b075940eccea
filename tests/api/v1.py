"""Helpers for talking to the v1 face through the Starlette test client."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

import httpx2
from defusedxml.ElementTree import fromstring
from sqlalchemy import Row, select
from starlette.testclient import TestClient

from chamberlain.db.models import UserRoleRow, UserRow
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime

BASE_URL = "http://127.0.0.1"
ROOT = "ROOT"
COOKIE_NAME = "Tier3.API.Cookie"
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

USER_METHODS = (
    "CreateUser",
    "GetUsers",
    "GetUserDetails",
    "UpdateUser",
    "SuspendUser",
    "UnsuspendUser",
    "DeleteUser",
)
AREAS = {"Logon": "Auth", "Logout": "Auth", "GetAccounts": "Account"} | dict.fromkeys(
    USER_METHODS, "User"
)

# Spec section 4.1: the UserDetails keys, in documented order.
USER_DETAILS_KEYS = [
    "AccountAlias",
    "UserName",
    "EmailAddress",
    "FirstName",
    "LastName",
    "AlternateEmailAddress",
    "Title",
    "OfficeNumber",
    "MobileNumber",
    "AllowSMS",
    "FaxNumber",
    "SAMLUserName",
    "TimeZoneID",
    "Status",
    "Roles",
]

# What must never reach a client: stack traces, SQL, driver names.
LEAK_MARKERS = ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite", "SELECT ", "INSERT ")


def url(method: str, fmt: str | None = "JSON") -> str:
    """``/REST/{Area}/{Method}/{fmt}``, or ``.../{Method}/`` without a format."""
    base = f"/REST/{AREAS[method]}/{method}"
    return f"{base}/{fmt}" if fmt else f"{base}/"


def post(
    client: TestClient, method: str, fmt: str | None = "JSON", **fields: Any
) -> httpx2.Response:
    """POST ``fields`` as a JSON body."""
    return client.post(url(method, fmt), json=fields)


def call(client: TestClient, method: str, **fields: Any) -> dict[str, Any]:
    """POST a JSON body to ``.../JSON``; return the JSON reply (HTTP 200 asserted)."""
    response = post(client, method, **fields)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSON_TYPE
    reply: dict[str, Any] = response.json()
    return reply


def call_xml(client: TestClient, method: str, **fields: Any) -> Element:
    """POST a JSON body to ``.../XML``; return the parsed XML reply (HTTP 200 asserted)."""
    response = post(client, method, "XML", **fields)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XML_TYPE
    return xml(response)


def xml(response: httpx2.Response) -> Element:
    """The reply body parsed as XML."""
    root: Element = fromstring(response.content)
    return root


def envelope(response: httpx2.Response) -> tuple[bool, str, int]:
    """``(Success, Message, StatusCode)`` of a JSON or XML reply."""
    if response.headers["content-type"] == JSON_TYPE:
        body = response.json()
        return body["Success"], body["Message"], body["StatusCode"]
    assert response.headers["content-type"] == XML_TYPE, response.headers
    attrib = xml(response).attrib
    assert attrib["Success"] in ("true", "false")
    return attrib["Success"] == "true", attrib["Message"], int(attrib["StatusCode"])


def status(response: httpx2.Response) -> int:
    """The envelope's StatusCode."""
    return envelope(response)[2]


def user_fields(name: str, alias: str = ROOT, **extra: Any) -> dict[str, Any]:
    """The required CreateUser fields (and ``extra``)."""
    return {
        "UserName": name,
        "AccountAlias": alias,
        "EmailAddress": f"{name}@example.com",
        "FirstName": "Ada",
        "LastName": "Lovelace",
    } | extra


def create_user(client: TestClient, name: str, alias: str = ROOT, **extra: Any) -> dict[str, Any]:
    """Create a user; return its UserDetails (success asserted)."""
    reply = call(client, "CreateUser", **user_fields(name, alias, **extra))
    assert reply["StatusCode"] == 0, reply
    details: dict[str, Any] = reply["UserDetails"]
    return details


def details(client: TestClient, name: str, alias: str = ROOT) -> dict[str, Any]:
    """GetUserDetails of a user (success asserted)."""
    reply = call(client, "GetUserDetails", AccountAlias=alias, UserName=name)
    assert reply["StatusCode"] == 0, reply
    found: dict[str, Any] = reply["UserDetails"]
    return found


def update_fields(user: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The required UpdateUser fields taken from ``user`` (UserDetails), with ``changes``."""
    required = {key: user[key] for key in ("UserName", "EmailAddress", "FirstName", "LastName")}
    return required | changes


def credentials(creds: IssuedCredentials) -> dict[str, str]:
    """Logon fields."""
    return {"APIKey": creds.api_user.api_key, "Password": creds.password}


def session_token(response: httpx2.Response) -> str:
    """The session token a logon reply sets."""
    cookie = response.headers.get("set-cookie", "")
    match = re.match(rf"{re.escape(COOKIE_NAME)}=([^;]+);", cookie)
    assert match, f"no session cookie in {cookie!r}"
    return match.group(1)


def whoami(client: TestClient, cookie: str | None = None) -> int:
    """StatusCode of an authenticated call, sending ``cookie`` as the Cookie header if given."""
    headers = {"Cookie": cookie} if cookie is not None else {}
    response = client.post(url("GetAccounts"), headers=headers)
    assert response.status_code == 200, response.text
    code: int = response.json()["StatusCode"]
    return code


def comparable(response: httpx2.Response) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body of a reply, minus the per-request X-Request-ID."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "x-request-id"]
    return response.status_code, headers, response.content


def assert_no_leak(response: httpx2.Response) -> None:
    """The reply holds no stack trace or SQL and travels with an envelope status."""
    assert response.status_code in (200, 413), response.text
    text = response.content.decode("utf-8")
    for marker in LEAK_MARKERS:
        assert marker not in text, text


def outcome(response: httpx2.Response) -> tuple[int, int] | str:
    """``(HTTP status, StatusCode)`` of a reply, or a note saying what is wrong with it.

    Lets one test try many inputs and report every one that misbehaves at once.
    """
    text = response.content.decode("utf-8", "replace")
    leaks = [marker for marker in LEAK_MARKERS if marker in text]
    if leaks:
        return f"leaks {leaks}"
    try:
        return response.status_code, status(response)
    except (KeyError, ValueError, AssertionError, SyntaxError):
        return f"HTTP {response.status_code} without an envelope: {text[:200]}"


def user_table(runtime: Runtime) -> tuple[list[Row[Any]], list[Row[Any]]]:
    """Every row of ``users`` and ``user_roles``, to prove a request changed nothing."""
    with runtime.db.engine.connect() as connection:
        users = list(connection.execute(select(UserRow.__table__).order_by(UserRow.id)))
        roles = list(connection.execute(select(UserRoleRow.__table__)))
    return users, roles


def user_count(runtime: Runtime) -> int:
    """Rows in ``users`` (deleted users included)."""
    return len(user_table(runtime)[0])
