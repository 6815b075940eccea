"""The v1 envelope in JSON and XML (api/clc_v1/render.py, spec 1.5)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, fromstring

import pytest

from chamberlain.api.clc_v1.paths import Format
from chamberlain.api.clc_v1.render import (
    JSON_CONTENT_TYPE,
    XML_CONTENT_TYPE,
    Reply,
    render,
    to_json,
    to_xml,
)

USER: dict[str, Any] = {
    "AccountAlias": "ABCD",
    "UserName": "jdoe",
    "EmailAddress": "jdoe@example.com",
    "FirstName": "Jane",
    "LastName": "Doe",
    "AlternateEmailAddress": None,
    "Title": None,
    "AllowSMS": False,
    "TimeZoneID": "Pacific Standard Time",
    "Status": "Active",
    "Roles": [12, 14],
}
CREATED = Reply(0, "User successfully created.", {"UserDetails": USER})


def _xml(reply: Reply, root: str = "UserDetailsResponse") -> Element:
    body = to_xml(reply, root)
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return fromstring(body)


def test_json_key_order_is_data_then_envelope() -> None:
    document = json.loads(to_json(CREATED))
    assert list(document) == ["UserDetails", "Success", "Message", "StatusCode"]
    assert document["Success"] is True
    assert document["StatusCode"] == 0
    assert document["Message"] == "User successfully created."
    assert list(document["UserDetails"]) == list(USER)
    assert document["UserDetails"]["Title"] is None
    assert document["UserDetails"]["Roles"] == [12, 14]


def test_json_several_data_members_keep_their_order() -> None:
    reply = Reply(0, "ok", {"B": 1, "A": [], "C": None})
    assert list(json.loads(to_json(reply))) == ["B", "A", "C", "Success", "Message", "StatusCode"]


@pytest.mark.parametrize(("code", "success"), [(0, True), (2, False), (100, False), (1705, False)])
def test_success_follows_status_code(code: int, success: bool) -> None:
    reply = Reply(code, "m")
    assert reply.success is success
    assert json.loads(to_json(reply)) == {"Success": success, "Message": "m", "StatusCode": code}
    root = _xml(reply, "APIResponse")
    assert root.tag == "APIResponse"
    assert root.attrib == {
        "Success": "true" if success else "false",
        "Message": "m",
        "StatusCode": str(code),
    }
    assert list(root) == []


def test_json_is_utf8_not_ascii_escaped() -> None:
    body = to_json(Reply(0, "Zoë 日本 😀"))
    assert "Zoë 日本 😀".encode() in body
    assert json.loads(body)["Message"] == "Zoë 日本 😀"


def test_xml_record_scalars_are_attributes_nulls_omitted_lists_children() -> None:
    root = _xml(CREATED)
    assert root.attrib == {
        "Success": "true",
        "Message": "User successfully created.",
        "StatusCode": "0",
    }
    (details,) = list(root)
    assert details.tag == "UserDetails"
    assert details.attrib == {
        "AccountAlias": "ABCD",
        "UserName": "jdoe",
        "EmailAddress": "jdoe@example.com",
        "FirstName": "Jane",
        "LastName": "Doe",
        "AllowSMS": "false",
        "TimeZoneID": "Pacific Standard Time",
        "Status": "Active",
    }
    (roles,) = list(details)
    assert roles.tag == "Roles"
    assert [(item.tag, item.text) for item in roles] == [("int", "12"), ("int", "14")]


def test_xml_empty_roles_is_an_empty_container() -> None:
    root = _xml(Reply(0, "ok", {"UserDetails": {**USER, "Roles": []}}))
    roles = root.find("UserDetails/Roles")
    assert roles is not None
    assert list(roles) == []


@pytest.mark.parametrize(
    ("container", "item", "root_name"),
    [
        ("Users", "UserDetails", "UserListResponse"),
        ("Accounts", "Account", "AccountsResponse"),
        ("Locations", "Location", "LocationsResponse"),
        ("AccountCustomFields", "AccountCustomField", "AccountCustomFieldsResponse"),
    ],
)
def test_xml_list_of_records_has_a_container(container: str, item: str, root_name: str) -> None:
    records = [{"Alias": "WA1", "IsActive": True}, {"Alias": "UC1", "IsActive": False}]
    root = _xml(Reply(0, "ok", {container: records}), root_name)
    assert root.tag == root_name
    (holder,) = list(root)
    assert holder.tag == container
    assert [(child.tag, child.attrib) for child in holder] == [
        (item, {"Alias": "WA1", "IsActive": "true"}),
        (item, {"Alias": "UC1", "IsActive": "false"}),
    ]


def test_xml_empty_list_of_records() -> None:
    root = _xml(Reply(0, "ok", {"Users": []}), "UserListResponse")
    users = root.find("Users")
    assert users is not None
    assert list(users) == []


def test_xml_top_level_scalars_are_child_elements_and_nulls_omitted() -> None:
    root = _xml(Reply(0, "Account Suspended.", {"RequestID": 42, "Nothing": None}), "Q")
    assert [(child.tag, child.text) for child in root] == [("RequestID", "42")]


NASTY = [
    '<script>alert("x")</script>',
    "a & b",
    'it\'s "quoted"',
    "]]> <![CDATA[",
    "&amp; &#60; &lt;",
    "line\nbreak\ttab",
    "Zoë 日本 😀",
]


@pytest.mark.parametrize("text", NASTY)
def test_markup_and_quotes_round_trip_through_xml(text: str) -> None:
    reply = Reply(0, text, {"UserDetails": {"Title": text, "Roles": []}, "Note": text})
    root = _xml(reply)
    assert root.get("Message") == text
    assert root.findtext("Note") == text
    details = root.find("UserDetails")
    assert details is not None
    assert details.get("Title") == text
    assert [child.tag for child in root] == ["UserDetails", "Note"]


@pytest.mark.parametrize("text", NASTY)
def test_markup_and_quotes_round_trip_through_json(text: str) -> None:
    document = json.loads(to_json(Reply(0, text, {"Title": text})))
    assert document["Message"] == text
    assert document["Title"] == text


def test_render_picks_body_and_content_type() -> None:
    body, content_type = render(CREATED, Format.JSON, "UserDetailsResponse")
    assert content_type == JSON_CONTENT_TYPE == "application/json; charset=utf-8"
    assert body == to_json(CREATED)
    body, content_type = render(CREATED, Format.XML, "UserDetailsResponse")
    assert content_type == XML_CONTENT_TYPE == "text/xml; charset=utf-8"
    assert body == to_xml(CREATED, "UserDetailsResponse")


def test_reply_defaults() -> None:
    reply = Reply(0, "ok")
    assert reply.http_status == 200
    assert dict(reply.data) == {}
