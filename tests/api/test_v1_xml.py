"""XML replies (spec 1.5, 4.1, 4.3): roots, envelope attributes, records and lists."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

import pytest
from starlette.testclient import TestClient

from chamberlain.services.api_users import IssuedCredentials
from tests.api.v1 import (
    USER_DETAILS_KEYS,
    XML_TYPE,
    call,
    call_xml,
    create_user,
    credentials,
    update_fields,
    xml,
)

# Spec 1.5 roots and the documented success Messages.
ROOTS = {
    "CreateUser": ("UserDetailsResponse", "User successfully created."),
    "GetUserDetails": ("UserDetailsResponse", "User successfully located."),
    "UpdateUser": ("UserDetailsResponse", "User successfully updated."),
    "GetUsers": ("UserListResponse", "Users successfully located."),
    "SuspendUser": ("APIResponse", "User suspended."),
    "UnsuspendUser": ("APIResponse", "User unsuspended."),
    "DeleteUser": ("APIResponse", "User deleted."),
    "GetAccounts": ("AccountsResponse", "Accounts successfully queried."),
}


def _xml_scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def assert_record_matches(element: Element, record: dict[str, Any]) -> None:
    """A UserDetails element says exactly what its JSON twin says (spec 1.5, 4.1)."""
    assert element.tag == "UserDetails"
    scalars = {k: _xml_scalar(v) for k, v in record.items() if v is not None and k != "Roles"}
    assert element.attrib == scalars
    children = list(element)
    assert [child.tag for child in children] == ["Roles"]
    assert [(item.tag, int(item.text or "")) for item in children[0]] == [
        ("int", role) for role in record["Roles"]
    ]


def _fields(method: str, user: dict[str, Any]) -> dict[str, Any]:
    if method == "CreateUser":
        return update_fields(user, UserName="second", AccountAlias="ROOT")
    if method == "UpdateUser":
        return update_fields(user)
    if method in ("GetUsers", "GetAccounts"):
        return {"AccountAlias": "ROOT"}
    return {"UserName": user["UserName"], "AccountAlias": "ROOT"}


def test_root_element_and_envelope_attributes_per_method(session: TestClient) -> None:
    user = create_user(session, "first", Roles=[2])
    got = {}
    for method in ROOTS:  # in an order where every call succeeds
        root = call_xml(session, method, **_fields(method, user))
        got[method] = (root.tag, root.attrib)
    assert got == {
        method: (tag, {"Success": "true", "Message": message, "StatusCode": "0"})
        for method, (tag, message) in ROOTS.items()
    }


@pytest.mark.parametrize("method", list(ROOTS))
def test_error_replies_keep_the_methods_root(client: TestClient, method: str) -> None:
    response = client.post(f"/REST/{'Account' if method == 'GetAccounts' else 'User'}/{method}/XML")
    assert response.status_code == 200
    assert response.headers["content-type"] == XML_TYPE
    root = xml(response)
    assert root.tag == ROOTS[method][0]
    assert root.attrib["Success"] == "false"
    assert root.attrib["StatusCode"] == "100"
    assert list(root) == []


def test_logon_and_logout_roots(client: TestClient, root: IssuedCredentials) -> None:
    logon = xml(client.post("/REST/Auth/Logon/XML", json=credentials(root)))
    assert (logon.tag, logon.attrib["StatusCode"]) == ("LogonResponse", "0")
    logout = xml(client.post("/REST/Auth/Logout/XML"))
    assert (logout.tag, logout.attrib["StatusCode"]) == ("APIResponse", "0")
    assert logout.attrib["Success"] == "true"


def test_user_details_xml_matches_json_field_by_field(session: TestClient) -> None:
    create_user(session, "twin", Roles=[14, 2, 9], Title="Engineer", AllowSMSAlerts=True)
    as_json = call(session, "GetUserDetails", AccountAlias="ROOT", UserName="twin")
    as_xml = call_xml(session, "GetUserDetails", AccountAlias="ROOT", UserName="twin")
    assert as_xml.attrib == {
        "Success": "true",
        "Message": as_json["Message"],
        "StatusCode": str(as_json["StatusCode"]),
    }
    (record,) = list(as_xml)
    assert_record_matches(record, as_json["UserDetails"])
    assert list(record.attrib) == [
        k for k in USER_DETAILS_KEYS if k != "Roles" and as_json["UserDetails"][k] is not None
    ]
    assert "Title" in record.attrib
    assert "OfficeNumber" not in record.attrib
    assert record.attrib["AllowSMS"] == "true"


def test_user_without_roles_has_an_empty_roles_element(session: TestClient) -> None:
    create_user(session, "roleless")
    record = call_xml(session, "GetUserDetails", AccountAlias="ROOT", UserName="roleless")[0]
    roles = record.find("Roles")
    assert roles is not None
    assert list(roles) == []


def test_get_users_xml_lists_user_details_in_users(session: TestClient) -> None:
    create_user(session, "one", Roles=[8])
    create_user(session, "two")
    as_json = call(session, "GetUsers", AccountAlias="ROOT")
    root = call_xml(session, "GetUsers", AccountAlias="ROOT")
    (users,) = list(root)
    assert users.tag == "Users"
    assert len(users) == 2
    for element, record in zip(users, as_json["Users"], strict=True):
        assert_record_matches(element, record)


def test_get_users_xml_without_users_has_an_empty_users_element(session: TestClient) -> None:
    root = call_xml(session, "GetUsers", AccountAlias="ROOT")
    assert [(child.tag, len(child)) for child in root] == [("Users", 0)]


def test_create_user_from_an_xml_body_answers_xml(session: TestClient) -> None:
    body = (
        "<CreateUserRequest><UserName>xml-user</UserName><AccountAlias>ROOT</AccountAlias>"
        "<EmailAddress>x@example.com</EmailAddress><FirstName>X</FirstName>"
        "<LastName>Y</LastName><AllowSMSAlerts>true</AllowSMSAlerts>"
        "<Roles><int>10</int></Roles></CreateUserRequest>"
    )
    response = session.post(
        "/REST/User/CreateUser/XML", content=body, headers={"content-type": "text/xml"}
    )
    root = xml(response)
    assert root.attrib["StatusCode"] == "0", response.text
    assert root.attrib["Message"] == "User successfully created."
    record = root.find("UserDetails")
    assert record is not None
    assert record.attrib["UserName"] == "xml-user"
    assert record.attrib["AllowSMS"] == "true"
    assert [item.text for item in record.iter("int")] == ["10"]


def test_accounts_xml_lists_account_elements(session: TestClient) -> None:
    root = call_xml(session, "GetAccounts")
    (accounts,) = list(root)
    assert accounts.tag == "Accounts"
    assert [(a.tag, a.attrib["AccountAlias"], a.attrib["IsActive"]) for a in accounts] == [
        ("Account", "ROOT", "true")
    ]
    assert "ParentAlias" not in accounts[0].attrib
