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

Every answer passes through the production request pipeline (request id, access log,
metrics, security headers), as the app's own answers do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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
from chamberlain.api.pipeline import RequestPipeline, request_id_of
from chamberlain.api.rest import problems
from chamberlain.api.scim.app import SCIM_MEDIA_TYPE
from chamberlain.api.scim.errors import ScimProblem, error_body, problem_of
from chamberlain.api.v2.login import error_answer
from chamberlain.errors import AuthenticationFailed, ServiceUnavailable, Throttled
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
    return Response(body, reply.http_status, headers=_NO_STORE, media_type=content_type)


def _rest(request: Request, failure: Failure) -> Response:
    request_id = request_id_of(request)
    if failure.status == 500:
        return problems.internal_error(request_id)
    error = Throttled(failure.retry_after or 0) if failure.status == 429 else ServiceUnavailable()
    return problems.error_problem(error, request_id)


def _scim(request: Request, failure: Failure) -> Response:
    request_id = request_id_of(request)
    if failure.status == 503:
        problem = problem_of(ServiceUnavailable())
    elif failure.status == 429:
        problem = ScimProblem(429, "too many requests; try again later")
    else:
        problem = ScimProblem(500, f"internal error (request {request_id})")
    headers = {**problem.headers, **_NO_STORE}
    return JSONResponse(error_body(problem), problem.status, headers, SCIM_MEDIA_TYPE)


async def _failure_response(request: Request, failure: Failure) -> Response:
    face = _face(request.url.path)
    phrase = HTTPStatus(failure.status).phrase
    if face is _Face.V1:
        unknown = codes.TITLES[codes.UNKNOWN_ERROR]
        response = await _v1(
            request, Reply(codes.UNKNOWN_ERROR, unknown, http_status=failure.status)
        )
    elif face is _Face.REST:
        response = _rest(request, failure)
    elif face is _Face.SCIM:
        response = _scim(request, failure)
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
        return problems.error_problem(AuthenticationFailed(), request_id_of(request))
    return error_answer(AuthenticationFailed())


async def _answer(
    scope: Scope,
    receive: Receive,
    send: Send,
    respond: Callable[[Request], Awaitable[Response]],
) -> None:
    """Answer the request in ``scope`` with ``respond``'s response, through the production
    pipeline. The body is read first, as the real faces do, so a keep-alive connection
    stays usable."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        await request.body()
        response = await respond(request)
        await response(scope, receive, send)

    await RequestPipeline(app)(scope, receive, send)


async def answer_failure(scope: Scope, receive: Receive, send: Send, failure: Failure) -> None:
    """Answer the request in ``scope`` with ``failure`` instead of the app."""
    await _answer(scope, receive, send, lambda request: _failure_response(request, failure))


async def answer_logon_refusal(scope: Scope, receive: Receive, send: Send) -> None:
    """Answer the log-on in ``scope`` as the server answers a wrong password."""
    await _answer(scope, receive, send, _refusal_response)
