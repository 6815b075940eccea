"""Hostile and broken requests: always an envelope, never a crash, nothing written.

Each test sends many variants and compares the whole table of outcomes, so one run names
every variant that misbehaves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    call,
    call_xml,
    create_user,
    details,
    outcome,
    user_fields,
    user_table,
)

CREATE = "/REST/User/CreateUser/JSON"
JSON_CT = "application/json"
VALID = json.dumps(user_fields("valid"))
REFUSED = (200, 3)


def _send(
    client: TestClient,
    body: bytes | str,
    content_type: str = JSON_CT,
    path: str = CREATE,
    params: Any = None,
) -> httpx2.Response:
    return client.post(path, content=body, params=params, headers={"content-type": content_type})


@pytest.fixture
def unchanged(session: TestClient, runtime: Runtime) -> Iterator[None]:
    """One user exists; the test's requests must leave the user tables exactly as they were."""
    create_user(session, "existing", Roles=[2])
    before = user_table(runtime)
    yield
    assert user_table(runtime) == before


BAD_BODIES = {
    "truncated json": '{"UserName": "x",',
    "missing value": '{"UserName": }',
    "unquoted keys": '{UserName: "x"}',
    "trailing garbage": VALID + " trailing",
    "json array": f"[{VALID}]",
    "empty array": "[]",
    "json string": '"text"',
    "json number": "42",
    "duplicate key": VALID[:-1] + ', "UserName": "other"}',
    "duplicate key other case": VALID[:-1] + ', "username": "other"}',
    "nested objects 10000 deep": '{"a":' * 10_000 + "1" + "}" * 10_000,
    "nested arrays 10000 deep": '{"Roles": ' + "[" * 10_000 + "]" * 10_000 + "}",
    "first name object": json.dumps(user_fields("obj", FirstName={"a": 1})),
    "first name list": json.dumps(user_fields("lst", FirstName=["a", "b"])),
    "allow sms word": json.dumps(user_fields("sms", AllowSMSAlerts="maybe")),
    "first name 10000 chars": json.dumps(user_fields("long", FirstName="x" * 10_000)),
    "user name 10000 chars": json.dumps(user_fields("u" * 10_000, EmailAddress="u@example.com")),
}


@pytest.mark.usefixtures("unchanged")
def test_unreadable_json_is_3(session: TestClient) -> None:
    outcomes = {case: outcome(_send(session, body)) for case, body in BAD_BODIES.items()}
    assert outcomes == dict.fromkeys(BAD_BODIES, REFUSED)


BILLION_LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]><CreateUserRequest><UserName>&i;</UserName></CreateUserRequest>"
)
XML_ATTACKS = {
    "doctype": "<!DOCTYPE r><CreateUserRequest><UserName>x</UserName></CreateUserRequest>",
    "internal entity": (
        '<!DOCTYPE r [<!ENTITY n "x">]>'
        "<CreateUserRequest><UserName>&n;</UserName></CreateUserRequest>"
    ),
    "external entity": (
        '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<CreateUserRequest><UserName>&e;</UserName></CreateUserRequest>"
    ),
    "billion laughs": BILLION_LAUGHS,
    "not well formed": "<CreateUserRequest><UserName>x</CreateUserRequest>",
}


@pytest.mark.usefixtures("unchanged")
def test_dangerous_or_broken_xml_is_3(session: TestClient) -> None:
    replies = {case: _send(session, body, "text/xml") for case, body in XML_ATTACKS.items()}
    assert {case: outcome(r) for case, r in replies.items()} == dict.fromkeys(XML_ATTACKS, REFUSED)
    assert not [case for case, r in replies.items() if "root:" in r.text or "aaaa" in r.text]


@pytest.mark.usefixtures("unchanged")
def test_body_over_64_kib_is_413_with_an_envelope(session: TestClient) -> None:
    padded = json.dumps(user_fields("big", Title="x" * (64 * 1024)))
    response = _send(session, padded)
    assert outcome(response) == (413, 3)
    assert set(response.json()) == {"Success", "Message", "StatusCode"}


@pytest.mark.usefixtures("unchanged")
def test_chunked_body_over_64_kib_is_413(session: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"UserName": "chunked", "Title": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'"}'

    response = session.post(CREATE, content=chunks(), headers={"content-type": JSON_CT})
    assert "content-length" not in response.request.headers
    assert outcome(response) == (413, 3)


@pytest.mark.usefixtures("unchanged")
def test_repeated_scalar_query_key_is_3(session: TestClient) -> None:
    same_case = [*user_fields("dup").items(), ("UserName", "dup2")]
    other_case = [*user_fields("dup").items(), ("username", "dup2")]
    assert outcome(_send(session, b"", params=same_case)) == REFUSED
    assert outcome(_send(session, b"", params=other_case)) == REFUSED


@pytest.mark.usefixtures("unchanged")
def test_invalid_utf8_percent_encoding_in_query_is_3(session: TestClient) -> None:
    queries = ["UserName=%FF%FE", "AccountAlias=%C3%28", "FirstName=%ED%A0%80"]
    outcomes = {}
    for query in queries:
        fields = "&".join(f"{k}={v}" for k, v in user_fields("q").items() if k not in query)
        outcomes[query] = outcome(_send(session, b"", path=f"{CREATE}?{fields}&{query}"))
    assert outcomes == dict.fromkeys(queries, REFUSED)


@pytest.mark.usefixtures("unchanged")
def test_body_not_in_its_declared_charset_is_3(session: TestClient) -> None:
    body = json.dumps(user_fields("jose", FirstName="Jos\u00e9"), ensure_ascii=False)
    for charset in ("utf-8", "x-no-such-charset"):
        content_type = f"{JSON_CT}; charset={charset}"
        assert outcome(_send(session, body.encode("latin-1"), content_type)) == REFUSED, charset


@pytest.mark.usefixtures("unchanged")
def test_control_and_invisible_characters_are_3(session: TestClient) -> None:
    chars = {"NUL": "\x00", "ESC": "\x1b", "ZWSP": "\u200b", "BOM": "\ufeff", "RLO": "\u202e",
             "LS": "\u2028", "PS": "\u2029"}  # fmt: skip
    cases = [
        (field, name) for field in ("UserName", "FirstName", "LastName", "Title") for name in chars
    ]
    outcomes = {}
    for field, name in cases:
        fields = user_fields("ctl", EmailAddress="ctl@example.com") | {field: f"Ev{chars[name]}il"}
        outcomes[(field, name)] = outcome(_send(session, json.dumps(fields)))
    assert outcomes == dict.fromkeys(cases, REFUSED)


FRAGMENTS = {
    "UserName": "robert'); DROP TABLE users;--",
    "FirstName": "Robert'); DROP TABLE users;--",
    "LastName": "<script>&]]>",
    "Title": "\"'<>&; -- /* */ ${x} %s {0}",
    "OfficeNumber": "<![CDATA[x]]>",
}


def test_sql_and_markup_fragments_round_trip_byte_identical(session: TestClient) -> None:
    extra = {k: v for k, v in FRAGMENTS.items() if k != "UserName"}
    created = create_user(session, FRAGMENTS["UserName"], EmailAddress="r@example.com", **extra)
    stored = details(session, FRAGMENTS["UserName"])
    assert {k: created[k] for k in FRAGMENTS} == FRAGMENTS
    assert {k: stored[k] for k in FRAGMENTS} == FRAGMENTS
    as_xml = call_xml(
        session, "GetUserDetails", AccountAlias="ROOT", UserName=FRAGMENTS["UserName"]
    )
    assert {k: as_xml[0].attrib[k] for k in FRAGMENTS} == FRAGMENTS
    listed = call(session, "GetUsers", AccountAlias="ROOT")["Users"]
    assert [u["LastName"] for u in listed] == ["<script>&]]>"]


def test_windows_1252_body_without_charset_is_read_as_such(session: TestClient) -> None:
    names = {"FirstName": "Jos\u00e9", "LastName": "M\u00fcller\u2013"}
    body = json.dumps(user_fields("jose", **names), ensure_ascii=False)
    reply = _send(session, body.encode("cp1252")).json()
    assert reply["StatusCode"] == 0, reply
    assert {k: reply["UserDetails"][k] for k in names} == names
    assert details(session, "jose")["FirstName"] == "Jos\u00e9"


def test_utf8_body_with_or_without_bom_is_read_as_utf8(session: TestClient) -> None:
    for prefix, name in ((b"", "zoe"), (b"\xef\xbb\xbf", "zoe2")):
        body = json.dumps(user_fields(name, FirstName="Zo\u00eb \u6f22\u5b57"), ensure_ascii=False)
        reply = _send(session, prefix + body.encode("utf-8")).json()
        assert reply["UserDetails"]["FirstName"] == "Zo\u00eb \u6f22\u5b57", reply


LOOKUPS = {
    "GetUserDetails": '{"AccountAlias": "ROOT", "UserName": "NAME"}',
    "UpdateUser": '{"UserName": "NAME", "EmailAddress": "a@example.com", "FirstName": "A", '
    '"LastName": "B"}',
    "SuspendUser": '{"UserName": "NAME"}',
    "DeleteUser": '{"UserName": "NAME"}',
    "GetUsers": '{"AccountAlias": "NAME"}',
}


@pytest.mark.usefixtures("unchanged")
def test_unstorable_text_in_lookup_fields_is_answered_not_crashed(session: TestClient) -> None:
    names = {"NUL": "a\\u0000b", "high surrogate": "\\ud800", "low surrogate": "x\\udfffy"}
    outcomes = {}
    for method, template in LOOKUPS.items():
        for label, name in names.items():
            response = _send(
                session, template.replace("NAME", name), path=f"/REST/User/{method}/JSON"
            )
            outcomes[(method, label)] = outcome(response)
    assert not {
        case: got for case, got in outcomes.items() if got not in (REFUSED, (200, 5), (200, 1705))
    }
