"""User names may hold ``/``: keep an encoded slash (``%2F``) inside one path segment.

Routers match on the decoded path, where ``%2F`` has become a separator. This middleware
decodes it to NUL instead, which no stored name can hold (control characters are refused),
and ``slashed`` turns it back into ``/`` where a route reads the name.
"""

from __future__ import annotations

from urllib.parse import unquote

from starlette.types import ASGIApp, Receive, Scope, Send

_PLACEHOLDER = "\x00"


class EncodedSlashes:
    """ASGI middleware: ``%2F`` in the raw path stays inside its segment."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes = scope.get("raw_path") or b""
        if scope["type"] == "http" and b"%2f" in raw.lower():
            text = raw.decode("latin-1").replace("%2F", "%00").replace("%2f", "%00")
            scope = {**scope, "path": unquote(text)}
        await self.app(scope, receive, send)


def slashed(segment: str) -> str:
    """A path segment with its encoded slashes restored."""
    return segment.replace(_PLACEHOLDER, "/")
