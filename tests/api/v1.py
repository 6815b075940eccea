"""Helpers for talking to the v1 face through the Starlette test client."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

import httpx2
from defusedxml.ElementTree import fromstring
from sqlalchemy import Row, select
from starlette.testclient import TestClient

from chamberlain.db.models import AccountRow, UserRoleRow, UserRow
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


# --- Account API (spec 5) ------------------------------------------------------------

ACCOUNT_METHODS = (
    "GetAccounts",
    "GetAccountDetails",
    "CreateAccount",
    "UpdateAccountDetails",
    "SuspendAccount",
    "EnableAccount",
    "GetLocations",
    "GetCustomFields",
)
AREAS.update(dict.fromkeys(ACCOUNT_METHODS, "Account"))

# Spec section 5.3: the AccountDetails keys, in documented order.
ACCOUNT_DETAILS_KEYS = [
    "AccountAlias",
    "ParentAlias",
    "Location",
    "BusinessName",
    "Address1",
    "Address2",
    "City",
    "StateProvince",
    "PostalCode",
    "Country",
    "Telephone",
    "Fax",
    "TimeZone",
    "Status",
    "ShareParentNetworks",
    "SupportLevel",
]

# The CreateAccount fields of a valid request, in the order of their StatusCodes (spec 7):
# 1601 Address1 ... 1607 Telephone, 1609 ParentAlias, 1610 Location, 1616 billing.
ACCOUNT_REQUIRED = (
    ("Address1", 1601),
    ("BusinessName", 1602),
    ("City", 1603),
    ("Country", 1604),
    ("PostalCode", 1605),
    ("StateProvince", 1606),
    ("Telephone", 1607),
)
ACCOUNT_CONTACT = {
    "BusinessName": "Acme Ltd",
    "Address1": "1 Main Street",
    "City": "Seattle",
    "StateProvince": "WA",
    "PostalCode": "98101",
    "Country": "USA",
    "Telephone": "+1 206 555 0100",
}

# XML elements that hold a list (spec 1.5): each child is one item.
XML_LISTS = frozenset(
    {"Accounts", "Locations", "AccountCustomFields", "AccountCustomFieldOptions", "Users", "Roles"}
)


def account_fields(parent: str = ROOT, alias: str | None = None, **extra: Any) -> dict[str, Any]:
    """The fields of a valid CreateAccount (alias left out when None), and ``extra``."""
    fields: dict[str, Any] = {
        "ParentAlias": parent,
        "Location": "WA1",
        **ACCOUNT_CONTACT,
        "ShareParentNetworks": False,
        "BillingResponsibilityID": 1,
    }
    if alias is not None:
        fields["AccountAlias"] = alias
    return fields | extra


def create_account(
    client: TestClient, parent: str = ROOT, alias: str | None = None, **extra: Any
) -> dict[str, Any]:
    """CreateAccount; return its AccountDetails (success asserted)."""
    reply = call(client, "CreateAccount", **account_fields(parent, alias, **extra))
    assert reply["StatusCode"] == 0, reply
    created: dict[str, Any] = reply["AccountDetails"]
    return created


def account_details(client: TestClient, alias: str) -> dict[str, Any]:
    """GetAccountDetails (success asserted)."""
    reply = call(client, "GetAccountDetails", AccountAlias=alias)
    assert reply["StatusCode"] == 0, reply
    found: dict[str, Any] = reply["AccountDetails"]
    return found


def account_update(current: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """UpdateAccountDetails fields taken from AccountDetails ``current``, with ``changes``."""
    names = ("AccountAlias", *ACCOUNT_CONTACT, "TimeZone")
    return {name: current[name] for name in names} | changes


def account_table(runtime: Runtime) -> list[Row[Any]]:
    """Every row of ``accounts``, to prove a request changed nothing."""
    with runtime.db.engine.connect() as connection:
        return list(connection.execute(select(AccountRow.__table__).order_by(AccountRow.id)))


def xml_as_data(element: Element, *, item: bool = False) -> Any:
    """An XML reply in the shape of its JSON twin, every scalar as XML text.

    Attributes and child elements become keys; list containers become lists (an ``item``
    of a list is never itself a container); an element with neither attributes nor
    children is its text.
    """
    if element.tag in XML_LISTS and not item:
        return [xml_as_data(child, item=True) for child in element]
    if not element.attrib and len(element) == 0:
        return element.text or ""
    data: dict[str, Any] = dict(element.attrib)
    for child in element:
        assert child.tag not in data, f"{child.tag} twice in {element.tag}"
        data[child.tag] = xml_as_data(child)
    return data


def json_as_xml_data(value: Any) -> Any:
    """A JSON reply in the shape ``xml_as_data`` gives: nulls dropped, scalars as text."""
    if isinstance(value, dict):
        return {key: json_as_xml_data(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [json_as_xml_data(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def xml_request(root: str, **fields: Any) -> str:
    """A documented XML request body: one child element per field (lists as ``<int>``)."""
    body = SubElement(Element("x"), root)
    for name, value in fields.items():
        child = SubElement(body, name)
        if isinstance(value, list):
            for item in value:
                SubElement(child, "int").text = str(item)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)
    return tostring(body, encoding="unicode")
