"""The Lumen Cloud KB article "Using the API to Create Users", replayed byte for byte.

Windows PowerShell 5.1 (``Invoke-RestMethod`` / ``Invoke-WebRequest`` on .NET's
HttpWebRequest) sends ``Expect: 100-continue``, encodes a string body as ISO-8859-1 when
the content type names no charset, and keeps cookies in its ``-SessionVariable``. The
bodies below are the article's: a single-quoted JSON logon, and the CreateUser body both
as the single-quoted literal and as ``ConvertTo-Json`` prints the article's hashtable.
"""

from __future__ import annotations

import json
import uuid

import pytest

from tests.support.live_server import LiveServer
from tests.support.raw_http import RawResponse, exchange

USER_AGENT = "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291"


def _powershell_post(
    server: LiveServer, path: str, body: str, *, cookie: str | None = None
) -> RawResponse:
    head = [
        f"POST {path} HTTP/1.1",
        f"User-Agent: {USER_AGENT}",
        "Content-Type: application/json",
        f"Host: {server.host}:{server.port}",
        "Connection: Keep-Alive",
    ]
    if cookie:
        head.append(f"Cookie: {cookie}")
    return exchange(
        server.host,
        server.port,
        "\r\n".join(head),
        body.encode("iso-8859-1"),
        expect_continue=True,
    )


def _session_cookie(reply: RawResponse) -> str:
    (set_cookie,) = reply.header_values("set-cookie")
    pair = set_cookie.split(";", 1)[0]
    assert pair.startswith("Tier3.API.Cookie=")
    return pair


@pytest.fixture
def session_cookie(live_server: LiveServer) -> str:
    """Invoke-RestMethod -URI ".../REST/Auth/Logon" -Method POST -ContentType application/json
    -Body "{'APIKey':  '...', 'Password':  '...'}" -SessionVariable session"""
    body = f"{{'APIKey':  '{live_server.api_key}', 'Password':  '{live_server.password}'}}"
    reply = _powershell_post(live_server, "/REST/Auth/Logon", body)
    assert reply.interim == [100]
    assert reply.status == 200
    assert json.loads(reply.body) == {
        "Success": True,
        "Message": "Login Successful",
        "StatusCode": 0,
    }
    return _session_cookie(reply)


def _convert_to_json(alias: str, user: str) -> str:
    """What PowerShell 5.1's ConvertTo-Json prints for the article's hashtable."""
    return (
        "{\r\n"
        '    "LastName":  "Doe",\r\n'
        f'    "EmailAddress":  "{user}",\r\n'
        '    "Roles":  [\r\n'
        "                  12,\r\n"
        "                  14\r\n"
        "              ],\r\n"
        f'    "AccountAlias":  "{alias}",\r\n'
        f'    "UserName":  "{user}",\r\n'
        '    "FirstName":  "John"\r\n'
        "}"
    )


def _single_quoted(alias: str, user: str) -> str:
    return (
        f"{{'UserName': '{user}', 'AccountAlias': '{alias}', 'EmailAddress': '{user}', "
        "'FirstName': 'John', 'LastName': 'Doe', 'Roles': [12,14]}"
    )


@pytest.mark.parametrize("body_of", [_single_quoted, _convert_to_json])
def test_create_user_as_in_the_article(
    live_server: LiveServer, session_cookie: str, body_of: object
) -> None:
    user = f"UserEmail-{uuid.uuid4().hex[:8]}@yourdomain.com"
    body = body_of(live_server.alias, user)  # type: ignore[operator]
    reply = _powershell_post(live_server, "/REST/User/CreateUser/JSON", body, cookie=session_cookie)
    assert reply.status == 200
    document = json.loads(reply.body)
    assert document["StatusCode"] == 0, document
    assert document["Message"] == "User successfully created."
    details = document["UserDetails"]
    assert details["UserName"] == user
    assert details["AccountAlias"] == live_server.alias
    assert details["Roles"] == [12, 14]
    assert (details["FirstName"], details["LastName"]) == ("John", "Doe")


def test_latin1_body_keeps_accents(live_server: LiveServer, session_cookie: str) -> None:
    user = f"jose-{uuid.uuid4().hex[:8]}@example.com"
    body = _single_quoted(live_server.alias, user).replace("'John'", "'José'")
    reply = _powershell_post(live_server, "/REST/User/CreateUser/JSON", body, cookie=session_cookie)
    assert json.loads(reply.body)["UserDetails"]["FirstName"] == "José"


def test_calls_without_the_session_are_refused(live_server: LiveServer) -> None:
    user = f"nosession-{uuid.uuid4().hex[:8]}@example.com"
    reply = _powershell_post(
        live_server, "/REST/User/CreateUser/JSON", _single_quoted(live_server.alias, user)
    )
    assert json.loads(reply.body)["StatusCode"] == 100
