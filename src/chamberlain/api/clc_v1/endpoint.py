"""The v1 face: one catch-all route for ``/REST/...``.

Order of work for a call: normalise the path (404 for an unknown method, 405 for a verb
other than POST), read the body within the size cap (413), pick the reply format, then
in one worker thread authenticate (StatusCode 100), parse the fields (3) and call the
method's service. Every outcome with an envelope travels as HTTP 200, except a body too
large (413) and an unavailable database (503 with ``Retry-After``).
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from chamberlain.api.clc_v1 import codes
from chamberlain.api.clc_v1.cookies import clear_cookie, session_tokens, set_cookie
from chamberlain.api.clc_v1.methods.call import Call, Outcome, V1Method
from chamberlain.api.clc_v1.methods.registry import METHODS
from chamberlain.api.clc_v1.parse import WireFields, decode_body
from chamberlain.api.clc_v1.paths import Format, UnknownFormat, parse_path
from chamberlain.api.clc_v1.render import Reply, render, render_message
from chamberlain.api.client_address import client_address
from chamberlain.api.http_body import BodyTooLarge, media_type, read_body
from chamberlain.api.logon_gate import LogonGate
from chamberlain.api.pipeline import request_id_of
from chamberlain.domain.audit import Face
from chamberlain.errors import ChamberlainError, HasherBusy
from chamberlain.services.runtime import Runtime
from chamberlain.services.v1_sessions import authenticate

logger = logging.getLogger("chamberlain.v1")

RETRY_AFTER_SECONDS = "2"


def _is_json(media: str) -> bool:
    return media.endswith(("/json", "+json"))


def reply_format(path_format: Format | None, media: str, body: bytes) -> Format:
    """The format segment decides; without one, JSON only for a non-empty JSON body."""
    if path_format is not None:
        return path_format
    return Format.JSON if _is_json(media) and body.strip() else Format.XML


def _dispatch(
    rt: Runtime,
    method: V1Method,
    *,
    query_string: str,
    body_text: str,
    json_declared: bool,
    tokens: list[str],
    request_id: str,
    source: str | None,
) -> Outcome:
    """Authenticate, parse and run one method (in a worker thread)."""
    try:
        actor = (
            None if method.public else authenticate(rt, tokens, face=Face.V1, request_id=request_id)
        )
        fields = WireFields(query_string, body_text, json_declared=json_declared)
        call = Call(
            rt=rt,
            fields=fields,
            actor=actor,
            session_tokens=tokens,
            request_id=request_id,
            source=source,
        )
        return method.handler(call)
    except ChamberlainError as error:
        return Outcome(codes.error_reply(error))
    except Exception:
        logger.exception("v1 %s/%s failed (request %s)", method.area, method.name, request_id)
        return Outcome(
            Reply(codes.UNKNOWN_ERROR, codes.TITLES[codes.UNKNOWN_ERROR], http_status=500)
        )


def _finish(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    if response.status_code == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def _response(reply: Reply, fmt: Format, xml_root: str) -> Response:
    body, content_type = render(reply, fmt, xml_root)
    response = Response(body, status_code=reply.http_status, media_type=content_type)
    return _finish(response)


def _plain_error(status: int, message: str, fmt: Format) -> Response:
    """404/405 replies: a message in the client's format, but no StatusCode to act on."""
    body, content_type = render_message(message, fmt)
    return _finish(Response(body, status_code=status, media_type=content_type))


async def v1_endpoint(request: Request) -> Response:
    """Serve one v1 call (the app routes every ``/REST/...`` path here)."""
    rt: Runtime = request.app.state.runtime
    request_id = request_id_of(request)
    media, charset = media_type(request)
    try:
        path = parse_path(request.url.path)
    except UnknownFormat:
        path = None
    fallback_format = reply_format(None, media, b"x")
    method = METHODS.get((path.area, path.method)) if path else None
    if path is None or method is None:
        return _plain_error(404, "No such API method.", fallback_format)
    if request.method != "POST":
        response = _plain_error(405, "Use POST.", fallback_format)
        response.headers["Allow"] = "POST"
        return response
    try:
        body = await read_body(request, rt.settings.max_body_bytes)
    except BodyTooLarge:
        reply = codes.invalid_request(
            f"body larger than {rt.settings.max_body_bytes} bytes", http_status=413
        )
        return _response(reply, path.format or fallback_format, method.xml_root)
    fmt = reply_format(path.format, media, body)
    try:
        body_text = decode_body(body, charset)
    except ChamberlainError as error:
        return _response(codes.error_reply(error), fmt, method.xml_root)
    tokens = session_tokens(request.headers.get("cookie"))
    gate: LogonGate = request.app.state.logon_gate
    run = gate.run if method.checks_password else run_in_threadpool
    try:
        outcome = await run(
            _dispatch,
            rt,
            method,
            query_string=request.url.query,
            body_text=body_text,
            json_declared=_is_json(media),
            tokens=tokens,
            request_id=request_id,
            source=client_address(request, rt.settings.trusted_proxies),
        )
    except HasherBusy as busy:
        outcome = Outcome(codes.error_reply(busy))
    response = _response(outcome.reply, fmt, method.xml_root)
    secure = request.url.scheme == "https"
    if outcome.new_session is not None:
        new = outcome.new_session
        response.headers.append("Set-Cookie", set_cookie(new.token, new.expires_at, secure=secure))
    elif outcome.end_session:
        response.headers.append("Set-Cookie", clear_cookie(secure=secure))
    return response
