"""The one outer layer every HTTP request passes through, whatever the face.

It owns what is the same on every face, so that no face does it again:

- **the request id.** A sane ``X-Request-ID`` from the client (or its proxy) is kept, so
  one id can follow a request across services; anything else is ignored and a new id
  (32 hex digits) is made. The id is put in ``scope["state"]`` before any face runs, so
  the face reads it (``request_id_of``) for its audit rows, its problems and its log
  lines, and it is sent back as ``X-Request-ID`` on every response (it replaces any a
  face set). An incoming id is the client's word, not a secret or a credential: it only
  names the request; audit rows record who acted from the credential, never from it.
- **the access log.** One line per request (logger ``chamberlain.access``; uvicorn's own
  is switched off by the CLI) with client, method, path, status, duration and request
  id. Never the query string: clc-sdk sends the API password in the query of its logon.
- **the request metrics** of ``chamberlain.metrics``, from the same measurement.
- **the security headers** (security checklist, headers). A response that set one of
  them itself keeps its own value.

A request that crashes before its reply started gets a plain 500 with all of the above;
the exception goes on to the server, which logs it. A face with its own crash reply (the
REST face's 500 problem) answers before it gets here.

Pure ASGI rather than ``BaseHTTPMiddleware``: that one costs a task and a memory stream
per request, and this layer wraps every request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chamberlain.metrics import observe_request

logger = logging.getLogger("chamberlain.access")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = REQUEST_ID_HEADER.lower().encode("latin-1")
# Fits the audit trail's column (64), and holds nothing a log line or header could
# misread: no blanks, quotes, control characters or separators.
_SANE_ID = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    # No face is meant to be framed: refuse it (CSP for current browsers, XFO for old).
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# Only over HTTPS: sent over plain http it would be ignored, and it must not pin a
# development host on loopback to HTTPS.
_HTTPS_ONLY = ((b"strict-transport-security", b"max-age=31536000; includeSubDomains"),)


def request_id_of(connection: HTTPConnection) -> str:
    """The id the pipeline gave this request (the one every face reads)."""
    request_id: str = connection.state.request_id
    return request_id


def _incoming_id(scope: Scope) -> str | None:
    """The client's ``X-Request-ID`` when it is sane (see ``_SANE_ID``), else None."""
    for name, value in scope["headers"]:
        if name == _REQUEST_ID:  # ASGI servers give header names in lower case
            return value.decode("ascii") if _SANE_ID.fullmatch(value) else None
    return None


def _printable(path: str) -> str:
    """The path with control characters escaped, so one request is one log line."""
    return path.encode("unicode_escape").decode("ascii")[:512]


def _with_pipeline_headers(
    headers: list[tuple[bytes, bytes]], request_id: bytes, https: bool
) -> list[tuple[bytes, bytes]]:
    """``headers`` with the request id (replacing any) and every security header the
    response did not set itself."""
    kept = [(name, value) for name, value in headers if name.lower() != _REQUEST_ID]
    present = {name.lower() for name, _ in kept}
    wanted = (*_ALWAYS, *_HTTPS_ONLY) if https else _ALWAYS
    kept.extend((name, value) for name, value in wanted if name not in present)
    kept.append((_REQUEST_ID, request_id))
    return kept


class RequestPipeline:
    """The outermost middleware of the app: request id, access log, metrics, security
    headers (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        raw_id = request_id.encode("ascii")
        https = scope.get("scheme") == "https"
        status: int | None = None

        async def send_marked(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _with_pipeline_headers(
                    list(message.get("headers", ())), raw_id, https
                )
            await send(message)

        try:
            await self.app(scope, receive, send_marked)
        except Exception:
            if status is None:  # nothing sent yet: the client still gets a marked reply
                crash = PlainTextResponse("Internal Server Error", status_code=500)
                await crash(scope, receive, send_marked)
            raise
        finally:
            elapsed = time.perf_counter() - started
            answered = 500 if status is None else status
            observe_request(scope["path"], scope["method"], answered, elapsed)
            client = scope.get("client")
            fields = {
                "client": client[0] if client else "-",
                "method": scope["method"],
                "path": _printable(scope["path"]),
                "status": answered,
                "duration_ms": round(elapsed * 1000, 1),
                "request_id": request_id,
            }
            logger.info(
                "%(client)s %(method)s %(path)s %(status)d %(duration_ms).1fms %(request_id)s",
                fields,
                extra=fields,
            )
