"""One field map from query string and body (api/clc_v1/parse.py WireFields)."""

from __future__ import annotations

import pytest

from chamberlain.api.clc_v1.parse import WireFields
from chamberlain.domain.roles import validate_role_ids
from chamberlain.errors import InvalidRequest, InvalidRoles

XSI = 'xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
NS = 'xmlns="http://schemas.datacontract.org/2004/07/Tier3.API"'


@pytest.mark.parametrize(
    ("query", "body"),
    [
        pytest.param("", '{"UserName": "jdoe", "Title": "CTO"}', id="json"),
        pytest.param("", "{'UserName': 'jdoe', 'Title': 'CTO'}", id="single-quoted-json"),
        pytest.param("", '  \r\n {"UserName": "jdoe", "Title": "CTO"}\n', id="json-padded"),
        pytest.param("", "UserName=jdoe&Title=CTO", id="form"),
        pytest.param("UserName=jdoe&Title=CTO", "", id="query"),
        pytest.param("UserName=jdoe", "Title=CTO", id="query-and-form"),
        pytest.param("Title=CTO", '{"UserName": "jdoe"}', id="query-and-json"),
        pytest.param(
            "",
            "<CreateUserRequest><UserName>jdoe</UserName><Title>CTO</Title></CreateUserRequest>",
            id="xml",
        ),
        pytest.param(
            "",
            f'<?xml version="1.0"?><CreateUserRequest {NS}><UserName>jdoe</UserName>'
            "<Title>CTO</Title></CreateUserRequest>",
            id="xml-default-namespace",
        ),
        pytest.param(
            "",
            '<t:R xmlns:t="urn:x"><t:UserName>jdoe</t:UserName><t:Title>CTO</t:Title></t:R>',
            id="xml-prefixed-namespace",
        ),
    ],
)
def test_every_carrier_gives_the_same_fields(query: str, body: str) -> None:
    fields = WireFields(query, body)
    assert fields.text("UserName") == "jdoe"
    assert fields.text("Title") == "CTO"
    assert fields.text("FaxNumber") is None


@pytest.mark.parametrize(
    "body",
    [
        '{"UserName": "body"}',
        "UserName=body",
        "<R><UserName>body</UserName></R>",
        '{"username": "body"}',
    ],
)
def test_body_wins_over_query(body: str) -> None:
    fields = WireFields("UserName=query&Title=from-query", body)
    assert fields.text("UserName") == "body"
    assert fields.text("Title") == "from-query"


def test_body_null_overrides_query_value() -> None:
    assert WireFields("Title=query", '{"Title": null}').text("Title") is None


def test_body_list_replaces_repeated_query_list() -> None:
    assert WireFields("Roles=2&Roles=3", '{"Roles": [9]}').role_ids("Roles") == [9]


@pytest.mark.parametrize("lookup", ["UserName", "username", "USERNAME", "uSeRnAmE"])
@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("", '{"userNAME": "jdoe"}'),
        ("USERNAME=jdoe", ""),
        ("", "<R><USERNAME>jdoe</USERNAME></R>"),
        ("", '{" UserName ": "jdoe"}'),
    ],
)
def test_names_match_without_regard_to_case(lookup: str, query: str, body: str) -> None:
    assert WireFields(query, body).text(lookup) == "jdoe"


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("UserName=a&UserName=b", ""),
        ("UserName=a&username=b", ""),
        ("", "UserName=a&UserName=b"),
        ("", "<R><UserName>a</UserName><UserName>b</UserName></R>"),
    ],
)
def test_repeated_keys_are_refused_for_single_fields(query: str, body: str) -> None:
    fields = WireFields(query, body)
    with pytest.raises(InvalidRequest):
        fields.text("UserName")
    with pytest.raises(InvalidRequest):
        fields.flag("UserName")


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("Roles=2&Roles=9", ""),
        ("Roles=2&roles=9", ""),
        ("", "Roles=2&Roles=9"),
        ("", '{"Roles": [2, 9]}'),
        ("", '{"Roles": ["2", "9"]}'),
        ("", '{"Roles": "2,9"}'),
        ("", '{"Roles": " 2 , 9 ,"}'),
        ("Roles=2,9", ""),
        ("", "<R><Roles><int>2</int><int>9</int></Roles></R>"),
        ("", f"<R {NS}><Roles><int>2</int><int> 9 </int></Roles></R>"),
    ],
)
def test_role_ids_from_every_carrier(query: str, body: str) -> None:
    assert validate_role_ids(WireFields(query, body).role_ids("Roles") or []) == (2, 9)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", None),
        ('{"Roles": null}', None),
        ('{"Title": "x"}', None),
        ('{"Roles": []}', []),
        ("<R><Roles/></R>", []),
        ("<R><Roles></Roles></R>", []),
        (f'<R {XSI}><Roles i:nil="true"/></R>', None),
    ],
)
def test_role_ids_absent_null_and_empty(body: str, expected: list[int] | None) -> None:
    assert WireFields("", body).role_ids("Roles") == expected


@pytest.mark.parametrize(
    "roles",
    [
        '"x"',
        '"2,x"',
        '"-1"',
        '"+2"',
        '"2.0"',
        '"\\u0662"',
        "[2.5]",
        "[2.0]",
        "[true]",
        "[null]",
        "[[2]]",
        '[{"id": 2}]',
        '{"id": 2}',
        "2.5",
        "true",
        pytest.param('"' + "9" * 5000 + '"', id="digits-beyond-int-str-limit"),
    ],
)
def test_bad_role_items_are_invalid_roles(roles: str) -> None:
    items = WireFields("", f'{{"Roles": {roles}}}').role_ids("Roles") or []
    with pytest.raises(InvalidRoles):
        validate_role_ids(items)


def test_huge_role_number_in_query_is_invalid_roles() -> None:
    items = WireFields("Roles=" + "9" * 5000, "").role_ids("Roles") or []
    with pytest.raises(InvalidRoles):
        validate_role_ids(items)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('"jdoe"', "jdoe"),
        ('""', ""),
        ("null", None),
        ("5", "5"),
        ("1.5", "1.5"),
        ("true", "true"),
        ("false", "false"),
    ],
)
def test_text_coercions(value: str, text: str | None) -> None:
    assert WireFields("", f'{{"V": {value}}}').text("V") == text


@pytest.mark.parametrize("value", ["[]", '["a"]', '{"a": 1}', "{}"])
def test_text_refuses_lists_and_objects(value: str) -> None:
    with pytest.raises(InvalidRequest):
        WireFields("", f'{{"V": {value}}}').text("V")


def test_text_refuses_xml_element_with_children() -> None:
    with pytest.raises(InvalidRequest):
        WireFields("", "<R><V><a>1</a></V></R>").text("V")


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ('"true"', True),
        ('"False"', False),
        ('" TRUE "', True),
        ('"1"', True),
        ('"0"', False),
        ('"yes"', True),
        ('"no"', False),
        ('"on"', True),
        ('"off"', False),
        ("null", None),
    ],
)
def test_flag_coercions(value: str, flag: bool | None) -> None:
    assert WireFields("", f'{{"AllowSMSAlerts": {value}}}').flag("AllowSMSAlerts") is flag


@pytest.mark.parametrize("value", ["2", "-1", "1.0", '"maybe"', '""', '"t"', "[true]", "{}"])
def test_flag_refuses_other_values(value: str) -> None:
    with pytest.raises(InvalidRequest):
        WireFields("", f'{{"AllowSMSAlerts": {value}}}').flag("AllowSMSAlerts")


@pytest.mark.parametrize(
    ("query", "body", "flag"),
    [
        ("AllowSMS=true", "", True),
        ("", "<R><AllowSMSAlerts>false</AllowSMSAlerts><AllowSMS>true</AllowSMS></R>", False),
        ("", '{"AllowSMSAlerts": null, "AllowSMS": "true"}', True),
        ("", "", None),
    ],
)
def test_flag_uses_the_first_present_name(query: str, body: str, flag: bool | None) -> None:
    assert WireFields(query, body).flag("AllowSMSAlerts", "AllowSMS") is flag


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(f'<R {XSI}><Title i:nil="true"/></R>', id="xsi-nil"),
        pytest.param(f'<R {XSI}><Title i:nil="true">ignored</Title></R>', id="xsi-nil-text"),
        pytest.param(f'<R {XSI}><Title i:nil="1"/></R>', id="xsi-nil-lexical-1"),
        pytest.param('<R><Title nil="true"/></R>', id="bare-nil"),
    ],
)
def test_xml_nil_is_null(body: str) -> None:
    assert WireFields("", body).text("Title") is None
    # Null in the body still wins over the query string.
    assert WireFields("Title=query", body).text("Title") is None
    roles = body.replace("Title", "Roles")
    assert WireFields("", roles).role_ids("Roles") is None


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("<R><Title/></R>", ""),
        (f'<R {XSI}><Title i:nil="false">CTO</Title></R>', "CTO"),
        ("<R><Title>a &amp; b &lt;c&gt; &#233;</Title></R>", "a & b <c> é"),
        ("<R><Title><![CDATA[<x>]]></Title></R>", "<x>"),
    ],
)
def test_xml_text_values(body: str, text: str) -> None:
    assert WireFields("", body).text("Title") == text


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"UserName": "a", "UserName": "b"}', id="json-duplicate"),
        pytest.param('{"UserName": "a", "username": "b"}', id="json-duplicate-other-case"),
        pytest.param("{'UserName': 'a', 'USERNAME': 'b'}", id="single-quoted-duplicate"),
        pytest.param('["UserName", "a"]', id="json-array"),
        pytest.param('{"UserName": ', id="json-truncated"),
        pytest.param("{'UserName': 'a}", id="json-unterminated"),
        pytest.param("[" * 100_000, id="json-deep"),
        pytest.param("<R><UserName>a</R>", id="xml-malformed"),
        pytest.param('<!DOCTYPE R [<!ENTITY e "x">]><R><UserName>&e;</UserName></R>', id="dtd"),
        pytest.param("<R><UserName>&unknown;</UserName></R>", id="xml-undefined-entity"),
        pytest.param("<R>\x01</R>", id="xml-control-char"),
        pytest.param("UserName=%FF", id="form-bad-percent-utf8"),
    ],
)
def test_unreadable_bodies_are_invalid_requests(body: str) -> None:
    with pytest.raises(InvalidRequest):
        WireFields("", body)


def test_unreadable_query_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequest):
        WireFields("UserName=%C3%28", "")


def test_form_values_are_url_decoded() -> None:
    fields = WireFields("Password=a%2Bb+c%27%26", "APIKey=k%C3%A9y&Empty=")
    assert fields.text("Password") == "a+b c'&"
    assert fields.text("APIKey") == "kéy"
    assert fields.text("Empty") == ""
