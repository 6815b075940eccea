"""Security headers on every reply of every face (security checklist, headers).

Set outermost, so error replies, 404s and the docs page carry them too. A route that set
one of these itself keeps its own value.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ALWAYS = (
    ("X-Content-Type-Options", "nosniff"),
    # No face is meant to be framed: refuse it (CSP for current browsers, XFO for old).
    ("Content-Security-Policy", "frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
)
# Only over HTTPS: sent over plain http it would be ignored, and it must not pin a
# development host on loopback to HTTPS.
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


class SecurityHeadersMiddleware:
    """Add the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = (*_ALWAYS, _HSTS) if scope.get("scheme") == "https" else _ALWAYS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
