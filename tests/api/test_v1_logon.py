"""Auth/Logon: every carrier real clients used (spec 1.4, 1.6, 2.2, 9.3)."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.services.api_users import IssuedCredentials
from tests.api.v1 import (
    JSON_TYPE,
    XML_TYPE,
    comparable,
    credentials,
    envelope,
    outcome,
    session_token,
    whoami,
    xml,
)

LOGON_OK = {"Success": "true", "Message": "Login Successful", "StatusCode": "0"}


def assert_xml_logon_ok(response: Any) -> None:
    assert response.status_code == 200
    assert response.headers["content-type"] == XML_TYPE
    root = xml(response)
    assert root.tag == "LogonResponse"
    assert root.attrib == LOGON_OK
    assert list(root) == []
    assert response.content.endswith(
        b'<LogonResponse Success="true" Message="Login Successful" StatusCode="0" />'
    )
    assert session_token(response)


@pytest.mark.parametrize("content_type", [None, "application/json"])
def test_clc_sdk_query_string_logon_with_empty_body_replies_xml(
    client: TestClient, root: IssuedCredentials, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post(
        "/REST//Auth/logon", params=credentials(root), content=b"", headers=headers
    )
    assert response.request.headers["content-length"] == "0"
    assert_xml_logon_ok(response)
    assert whoami(client) == 0


def test_form_body_logon_replies_xml_with_success_true(
    client: TestClient, root: IssuedCredentials
) -> None:
    response = client.post("/REST/Auth/Logon", data=credentials(root))
    assert_xml_logon_ok(response)
    assert 'Success="true"' in response.text
    assert whoami(client) == 0


def test_json_body_logon_replies_json(client: TestClient, root: IssuedCredentials) -> None:
    response = client.post("/REST/Auth/Logon/", json=credentials(root))
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON_TYPE
    assert response.json() == {"Success": True, "Message": "Login Successful", "StatusCode": 0}
    assert session_token(response)
    assert whoami(client) == 0


def test_single_quoted_json_logon_replies_json(client: TestClient, root: IssuedCredentials) -> None:
    body = "{{'APIKey': '{APIKey}', 'Password': '{Password}'}}".format(**credentials(root))
    response = client.post(
        "/REST/Auth/Logon/", content=body, headers={"content-type": "application/json"}
    )
    assert response.headers["content-type"] == JSON_TYPE
    assert response.json()["StatusCode"] == 0
    assert whoami(client) == 0


def test_xml_body_logon_replies_xml(client: TestClient, root: IssuedCredentials) -> None:
    fields = credentials(root)
    body = (
        f"<LogonRequest><APIKey>{fields['APIKey']}</APIKey>"
        f"<Password>{fields['Password']}</Password></LogonRequest>"
    )
    response = client.post("/REST/Auth/Logon/", content=body, headers={"content-type": "text/xml"})
    assert_xml_logon_ok(response)
    assert whoami(client) == 0


@pytest.mark.parametrize(
    ("key_name", "password_name"), [("apikey", "password"), ("APIKEY", "PassWord")]
)
def test_field_names_match_without_regard_to_case(
    client: TestClient, root: IssuedCredentials, key_name: str, password_name: str
) -> None:
    fields = credentials(root)
    body = {key_name: fields["APIKey"], password_name: fields["Password"]}
    response = client.post("/REST/Auth/Logon/", json=body)
    assert envelope(response) == (True, "Login Successful", 0)


def test_format_segment_wins_over_the_body(client: TestClient, root: IssuedCredentials) -> None:
    as_json = client.post("/REST/Auth/Logon/JSON", data=credentials(root))
    assert as_json.headers["content-type"] == JSON_TYPE
    assert as_json.json()["StatusCode"] == 0
    as_xml = client.post("/REST/Auth/Logon/XML", json=credentials(root))
    assert_xml_logon_ok(as_xml)


def test_json_body_without_json_content_type_gets_xml(
    client: TestClient, root: IssuedCredentials
) -> None:
    fields = credentials(root)
    body = f'{{"APIKey": "{fields["APIKey"]}", "Password": "{fields["Password"]}"}}'
    response = client.post(
        "/REST/Auth/Logon/", content=body, headers={"content-type": "text/plain"}
    )
    assert_xml_logon_ok(response)


def _bad_logons(root: IssuedCredentials) -> dict[str, dict[str, str]]:
    key = root.api_user.api_key
    return {
        "wrong password": {"APIKey": key, "Password": secrets.token_urlsafe(24)},
        "unknown key": {"APIKey": secrets.token_hex(16), "Password": root.password},
        "no password": {"APIKey": key},
        "no key": {"Password": root.password},
        "nothing": {},
        "empty strings": {"APIKey": "", "Password": ""},
    }


@pytest.mark.parametrize("fmt", ["JSON", "XML", None])
def test_rejected_logon_is_100_without_cookie(
    client: TestClient, root: IssuedCredentials, fmt: str | None
) -> None:
    path = f"/REST/Auth/Logon/{fmt}" if fmt else "/REST/Auth/Logon/"
    for case, body in _bad_logons(root).items():
        response = client.post(path, json=body)
        assert response.status_code == 200, case
        success, _message, code = envelope(response)
        assert (success, code) == (False, 100), case
        assert "set-cookie" not in response.headers, case
    assert whoami(client) == 100


def status_of_both(first: Any, second: Any) -> int:
    assert envelope(first)[2] == envelope(second)[2]
    return envelope(first)[2]


@pytest.mark.parametrize("fmt", ["JSON", "XML"])
def test_unknown_key_and_wrong_password_answer_the_same_bytes(
    client: TestClient, root: IssuedCredentials, fmt: str
) -> None:
    cases = _bad_logons(root)
    wrong_password = client.post(f"/REST/Auth/Logon/{fmt}", json=cases["wrong password"])
    unknown_key = client.post(f"/REST/Auth/Logon/{fmt}", json=cases["unknown key"])
    assert status_of_both(wrong_password, unknown_key) == 100
    assert comparable(wrong_password) == comparable(unknown_key)


def test_query_string_logon_with_wrong_password_is_100_in_xml(
    client: TestClient, root: IssuedCredentials
) -> None:
    params = {"APIKey": root.api_user.api_key, "Password": secrets.token_urlsafe(24)}
    response = client.post("/REST//Auth/logon", params=params, content=b"")
    assert response.headers["content-type"] == XML_TYPE
    assert xml(response).attrib["StatusCode"] == "100"
    assert "set-cookie" not in response.headers


UNUSABLE = {
    "lone surrogate key": b'{"APIKey": "\\ud800", "Password": "x"}',
    "NUL in key": b'{"APIKey": "abc\\u0000def", "Password": "x"}',
    "lone surrogate password": b'{"APIKey": "KEY", "Password": "\\udfff"}',
    "NUL in password": b'{"APIKey": "KEY", "Password": "a\\u0000b"}',
}


def test_unusable_credential_text_is_refused_with_an_envelope(
    client: TestClient, root: IssuedCredentials
) -> None:
    outcomes = {}
    for case, body in UNUSABLE.items():
        response = client.post(
            "/REST/Auth/Logon/JSON",
            content=body.replace(b"KEY", root.api_user.api_key.encode()),
            headers={"content-type": "application/json"},
        )
        outcomes[case] = (outcome(response), "set-cookie" in response.headers)
    acceptable = (((200, 100), False), ((200, 3), False))
    assert {case: got for case, got in outcomes.items() if got not in acceptable} == {}
