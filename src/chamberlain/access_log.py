"""Access log without query strings, and the request metrics.

clc-sdk sends the API password in the query string of its logon, so the server's own
access log must never print one. This middleware logs method, path, status, duration and
the request id; uvicorn's access log is switched off by the CLI. The same measurement feeds
the request counters and latency histograms of ``chamberlain.metrics``.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chamberlain.metrics import observe_request

logger = logging.getLogger("chamberlain.access")


def _printable(path: str) -> str:
    """The path with control characters escaped, so one request is one log line."""
    return path.encode("unicode_escape").decode("ascii")[:512]


class AccessLogMiddleware:
    """Log one line per HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        request_id = "-"

        async def send_wrapper(message: Message) -> None:
            nonlocal status, request_id
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"x-request-id":
                        request_id = value.decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            observe_request(scope["path"], scope["method"], status, elapsed)
            client = scope.get("client")
            fields = {
                "client": client[0] if client else "-",
                "method": scope["method"],
                "path": _printable(scope["path"]),
                "status": status,
                "duration_ms": round(elapsed * 1000, 1),
                "request_id": request_id,
            }
            logger.info(
                "%(client)s %(method)s %(path)s %(status)d %(duration_ms).1fms %(request_id)s",
                fields,
                extra=fields,
            )
