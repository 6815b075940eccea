"""The v1 session cookie: ``Tier3.API.Cookie`` (``CenturyLinkCloud.API.Cookie`` read too)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

COOKIE_NAME = "Tier3.API.Cookie"
_ACCEPTED_NAMES = frozenset({COOKIE_NAME.casefold(), "centurylinkcloud.api.cookie"})
_MAX_TOKEN_LENGTH = 200


def session_tokens(cookie_header: str | None) -> list[str]:
    """Every session value in a ``Cookie`` header, in order.

    Parsing is lenient: some clients (dasein) send back whole ``Set-Cookie`` values, so
    attribute pairs such as ``path=/`` are skipped, and a jar may hold the name twice.
    """
    tokens: list[str] = []
    for pair in (cookie_header or "").split(";"):
        name, sep, value = pair.partition("=")
        if sep and name.strip().casefold() in _ACCEPTED_NAMES:
            token = value.strip().strip('"')
            if token and len(token) <= _MAX_TOKEN_LENGTH:
                tokens.append(token)
    return tokens


def _cookie(value: str, expiry: list[str], *, secure: bool) -> str:
    attributes = [f"{COOKIE_NAME}={value}", *expiry, "Path=/", "HttpOnly", "SameSite=Lax"]
    if secure:
        attributes.append("Secure")
    return "; ".join(attributes)


def set_cookie(token: str, expires_at: datetime, *, secure: bool) -> str:
    """The ``Set-Cookie`` value for a new session: host-only, ``Path=/``, ``HttpOnly``."""
    return _cookie(token, [f"expires={format_datetime(expires_at, usegmt=True)}"], secure=secure)


def clear_cookie(*, secure: bool) -> str:
    """The ``Set-Cookie`` value that removes the session cookie."""
    expired = ["expires=Thu, 01 Jan 1970 00:00:00 GMT", "Max-Age=0"]
    return _cookie("", expired, secure=secure)
