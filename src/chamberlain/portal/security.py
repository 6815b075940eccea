"""Cookies, CSRF tokens and the same-origin check of the portal (SESS-03, SESS-07).

Over HTTPS the session cookie is ``__Host-chamberlain-portal`` (Secure, HttpOnly,
SameSite=Lax, Path=/, no Domain). Plain http is accepted only from a loopback peer, for
development: the cookie then has no ``__Host-`` prefix and no ``Secure`` (browsers refuse
both over http). Plain http from anywhere else gets no cookie at all.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum
from ipaddress import ip_address

from starlette.requests import Request
from starlette.responses import Response

from chamberlain.api.client_address import Networks

# connect-src 'self': htmx sends boosted links and forms with XMLHttpRequest.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
CSRF_FIELD = "csrf_token"


class Transport(Enum):
    """How a request reached the portal, which decides the cookies it may get."""

    HTTPS = "https"
    LOOPBACK_HTTP = "loopback-http"
    PLAIN_HTTP = "plain-http"

    @property
    def session_cookie(self) -> str:
        """The session cookie's name."""
        return "__Host-chamberlain-portal" if self is Transport.HTTPS else "chamberlain-portal"

    @property
    def presession_cookie(self) -> str:
        """The cookie that binds the anonymous forms' CSRF token (sign-in, links)."""
        if self is Transport.HTTPS:
            return "__Host-chamberlain-presession"
        return "chamberlain-presession"

    @property
    def scheme(self) -> str:
        """The scheme the browser sees (TLS may end at a proxy in front of us)."""
        return "https" if self is Transport.HTTPS else "http"


def _peer_is(host: str | None, *, loopback: bool = False, proxies: Networks = ()) -> bool:
    """Whether the peer address is a loopback one (``loopback``) or in ``proxies``."""
    try:
        address = ip_address(host or "")
    except ValueError:
        return False
    return (loopback and address.is_loopback) or any(address in net for net in proxies)


def transport_of(request: Request, proxies: Networks) -> Transport:
    """HTTPS when the request came over TLS, or a trusted proxy says it did
    (``X-Forwarded-Proto``); loopback http when the peer is a loopback address."""
    peer = request.client.host if request.client else None
    if request.url.scheme == "https":
        return Transport.HTTPS
    if _peer_is(peer, proxies=proxies):
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip()
        if forwarded.lower() == "https":
            return Transport.HTTPS
    return Transport.LOOPBACK_HTTP if _peer_is(peer, loopback=True) else Transport.PLAIN_HTTP


def set_cookie(response: Response, name: str, value: str, transport: Transport) -> None:
    """Set a portal cookie: a browser-session cookie, HttpOnly, SameSite=Lax, Path=/, no
    Domain, Secure over HTTPS. The server enforces the session's own deadlines."""
    response.set_cookie(
        name,
        value,
        path="/",
        secure=transport is Transport.HTTPS,
        httponly=True,
        samesite="lax",
    )


def delete_cookie(response: Response, name: str, transport: Transport) -> None:
    """Expire a portal cookie (same attributes, or the browser keeps it)."""
    response.delete_cookie(
        name, path="/", secure=transport is Transport.HTTPS, httponly=True, samesite="lax"
    )


def csrf_token(secret: str) -> str:
    """The CSRF token of the forms served with the cookie value ``secret``: not the
    cookie itself, and useless without it."""
    return hashlib.sha256(f"csrf:{secret}".encode()).hexdigest()


def csrf_matches(secret: str | None, sent: str | None) -> bool:
    """Whether ``sent`` is the CSRF token of ``secret`` (constant-time comparison)."""
    if not secret or not sent:
        return False
    return hmac.compare_digest(csrf_token(secret).encode(), sent.encode("utf-8", "replace"))


def same_origin(request: Request, transport: Transport) -> bool:
    """Whether the browser says the request came from the portal's own pages.

    ``Sec-Fetch-Site`` must be ``same-origin`` (or ``none``: typed by the person) and
    ``Origin`` must be this host, when present. Requests without either header (old
    browsers, scripts) pass here; the CSRF token still decides.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return bool(host) and origin == f"{transport.scheme}://{host}"
