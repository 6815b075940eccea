"""The v1 session cookie (api/clc_v1/cookies.py, spec 11 and 12)."""

from __future__ import annotations

from datetime import UTC, datetime
from http.cookies import SimpleCookie

import pytest

from chamberlain.api.clc_v1.cookies import COOKIE_NAME, clear_cookie, session_tokens, set_cookie

EXPIRES = datetime(2031, 2, 3, 4, 5, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "tokens"),
    [
        pytest.param(None, [], id="no-header"),
        pytest.param("", [], id="empty"),
        pytest.param("Tier3.API.Cookie=abc", ["abc"], id="tier3"),
        pytest.param("CenturyLinkCloud.API.Cookie=abc", ["abc"], id="centurylinkcloud"),
        pytest.param("tier3.api.cookie=abc", ["abc"], id="name-case"),
        pytest.param("other=1; Tier3.API.Cookie=abc; x=y", ["abc"], id="among-others"),
        pytest.param("  Tier3.API.Cookie =  abc  ", ["abc"], id="blanks"),
        pytest.param('Tier3.API.Cookie="abc"', ["abc"], id="quoted"),
        pytest.param("Tier3.API.Cookie=a=b", ["a=b"], id="equals-in-value"),
        pytest.param(
            "Tier3.API.Cookie=abc; expires=Thu, 01 Jan 2031 00:00:00 GMT; path=/; HttpOnly",
            ["abc"],
            id="whole-set-cookie-value",
        ),
        pytest.param(
            "Tier3.API.Cookie=abc; Path=/; Domain=example.com; Secure; SameSite=Lax",
            ["abc"],
            id="attributes-ignored",
        ),
        pytest.param(
            "Tier3.API.Cookie=old; CenturyLinkCloud.API.Cookie=mid; Tier3.API.Cookie=new",
            ["old", "mid", "new"],
            id="several-in-order",
        ),
        pytest.param("Tier3.API.Cookie=", [], id="empty-value"),
        pytest.param('Tier3.API.Cookie=""', [], id="empty-quoted-value"),
        pytest.param("Tier3.API.Cookie", [], id="no-equals"),
        pytest.param("Tier3.API.Cookies=abc; XTier3.API.Cookie=def", [], id="other-names"),
        pytest.param("Tier3.API.Cookie=" + "x" * 201, [], id="over-long"),
        pytest.param("Tier3.API.Cookie=" + "x" * 200, ["x" * 200], id="longest"),
        pytest.param(";;; ;Tier3.API.Cookie=abc;;", ["abc"], id="stray-separators"),
    ],
)
def test_session_tokens(header: str | None, tokens: list[str]) -> None:
    assert session_tokens(header) == tokens


def _parts(header: str) -> list[str]:
    return [part.strip() for part in header.split(";")]


@pytest.mark.parametrize("secure", [False, True])
def test_set_cookie_attributes(secure: bool) -> None:
    header = set_cookie("tok-EN_123", EXPIRES, secure=secure)
    parts = _parts(header)
    assert parts[0] == f"{COOKIE_NAME}=tok-EN_123"
    assert COOKIE_NAME == "Tier3.API.Cookie"
    assert "Path=/" in parts
    assert "HttpOnly" in parts
    assert "expires=Mon, 03 Feb 2031 04:05:06 GMT" in parts
    assert ("Secure" in parts) is secure
    assert not any(part.lower().startswith("domain") for part in parts)

    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    morsel = jar[COOKIE_NAME]
    assert morsel.value == "tok-EN_123"
    assert morsel["path"] == "/"
    assert morsel["httponly"] is True
    assert morsel["domain"] == ""
    assert bool(morsel["secure"]) is secure


def test_set_cookie_round_trips_through_session_tokens() -> None:
    header = set_cookie("abc123", EXPIRES, secure=True)
    assert session_tokens(header) == ["abc123"]


@pytest.mark.parametrize("secure", [False, True])
def test_clear_cookie(secure: bool) -> None:
    parts = _parts(clear_cookie(secure=secure))
    assert parts[0] == f"{COOKIE_NAME}="
    assert "Max-Age=0" in parts
    assert "expires=Thu, 01 Jan 1970 00:00:00 GMT" in parts
    assert "Path=/" in parts
    assert "HttpOnly" in parts
    assert ("Secure" in parts) is secure
    assert not any(part.lower().startswith("domain") for part in parts)
    assert session_tokens("; ".join(parts)) == []
