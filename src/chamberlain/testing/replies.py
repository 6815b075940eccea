"""What an emulated fault looks like on the wire: each face's own answer for that status.

The bodies come from the faces' own renderers, so a client under test parses a fault
exactly as it would parse the real thing:

- v1 (``/REST/...``): the envelope with StatusCode 2 "Unknown Error" (what the server
  sends for a crash or an unavailable database), in the reply format the real endpoint
  would pick, under the method's XML root; a refused logon is StatusCode 100.
- REST (``/api``): a problem (``throttled``, ``service_unavailable``, and for a 500 the
  ``internal_error`` problem a crash produces); a refused token request is the
  401 ``authentication_failed`` problem.
- SCIM (``/scim/v2``): a SCIM error body.
- v2 login: ``{"message": ...}``; a refused login is the documented 400.
- anything else: the status phrase as plain text.

Every answer passes through the production security-headers middleware.
"""

from __future__ import annotations

from enum import Enum
from http import HTTPStatus

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from chamberlain.api.clc_v1 import codes
from chamberlain.api.clc_v1.endpoint import reply_format
from chamberlain.api.clc_v1.methods.registry import METHODS
from chamberlain.api.clc_v1.paths import UnknownFormat, parse_path
from chamberlain.api.clc_v1.render import GENERIC_XML_ROOT, Reply, render
from chamberlain.api.http_body import media_type
from chamberlain.api.rest import problems
from chamberlain.api.scim.app import SCIM_MEDIA_TYPE
from chamberlain.api.scim.errors import ScimProblem, error_body, problem_of
from chamberlain.api.security_headers import SecurityHeadersMiddleware
from chamberlain.api.v2.login import BAD_CREDENTIALS
from chamberlain.errors import AuthenticationFailed, ServiceUnavailable, Throttled
from chamberlain.testing import ids
from chamberlain.testing.faults import Failure

_NO_STORE = {"Cache-Control": "no-store"}


class _Face(Enum):
    V1 = "v1"
    REST = "rest"
    SCIM = "scim"
    V2 = "v2"
    OTHER = "other"


def _face(path: str) -> _Face:
    if path == "/api" or path.startswith("/api/"):
        return _Face.REST
    if path == "/scim/v2" or path.startswith("/scim/v2/"):
        return _Face.SCIM
    if path.rstrip("/") == "/v2/authentication/login":
        return _Face.V2
    try:
        return _Face.V1 if parse_path(path) else _Face.OTHER
    except UnknownFormat:
        return _Face.V1


async def _v1(request: Request, reply: Reply) -> Response:
    try:
        path = parse_path(request.url.path)
    except UnknownFormat:
        path = None
    method = METHODS.get((path.area, path.method)) if path else None
    fmt = reply_format(path.format if path else None, media_type(request)[0], await request.body())
    body, content_type = render(reply, fmt, method.xml_root if method else GENERIC_XML_ROOT)
    response = Response(body, status_code=reply.http_status, media_type=content_type)
    response.headers.update({"X-Request-ID": ids.request_id(), **_NO_STORE})
    return response


async def _rest(request: Request, failure: Failure) -> Response:
    request.state.request_id = ids.request_id()
    if failure.status == 500:
        response = problems.internal_error(request.state.request_id)
    else:
        error = (
            Throttled(failure.retry_after or 0) if failure.status == 429 else ServiceUnavailable()
        )
        response = await problems.domain_error(request, error)
    response.headers["X-Request-ID"] = request.state.request_id
    return response


def _scim(failure: Failure) -> Response:
    request_id = ids.request_id()
    if failure.status == 503:
        problem = problem_of(ServiceUnavailable())
    elif failure.status == 429:
        problem = ScimProblem(429, "too many requests; try again later")
    else:
        problem = ScimProblem(500, f"internal error (request {request_id})")
    response = JSONResponse(
        error_body(problem),
        status_code=problem.status,
        media_type=SCIM_MEDIA_TYPE,
        headers=problem.headers,
    )
    response.headers.update({"X-Request-ID": request_id, **_NO_STORE})
    return response


async def _failure_response(request: Request, failure: Failure) -> Response:
    face = _face(request.url.path)
    phrase = HTTPStatus(failure.status).phrase
    if face is _Face.V1:
        unknown = codes.TITLES[codes.UNKNOWN_ERROR]
        response = await _v1(
            request, Reply(codes.UNKNOWN_ERROR, unknown, http_status=failure.status)
        )
    elif face is _Face.REST:
        response = await _rest(request, failure)
    elif face is _Face.SCIM:
        response = _scim(failure)
    elif face is _Face.V2:
        response = JSONResponse({"message": phrase}, failure.status, headers=_NO_STORE)
    else:
        response = PlainTextResponse(phrase, failure.status)
    if failure.retry_after is not None:
        response.headers["Retry-After"] = str(failure.retry_after)
    return response


async def _refusal_response(request: Request) -> Response:
    face = _face(request.url.path)
    if face is _Face.V1:
        return await _v1(request, codes.error_reply(AuthenticationFailed()))
    if face is _Face.REST:
        request.state.request_id = ids.request_id()
        response = await problems.domain_error(request, AuthenticationFailed())
        response.headers["X-Request-ID"] = request.state.request_id
        return response
    return JSONResponse({"message": BAD_CREDENTIALS}, 400, headers=_NO_STORE)


async def answer_failure(scope: Scope, receive: Receive, send: Send, failure: Failure) -> None:
    """Answer the request in ``scope`` with ``failure`` instead of the app (the body is
    read first, as the real faces do, so a keep-alive connection stays usable)."""
    request = Request(scope, receive)
    await request.body()
    response = await _failure_response(request, failure)
    await SecurityHeadersMiddleware(response)(scope, receive, send)


async def answer_logon_refusal(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer the log-on in ``scope`` as the server answers a wrong password."""
    request = Request(scope, receive)
    await request.body()
    response = await _refusal_response(request)
    await SecurityHeadersMiddleware(response)(scope, receive, send)
