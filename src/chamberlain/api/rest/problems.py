"""Errors as RFC 9457 ``application/problem+json``: the one mapping of this face.

Every problem carries the domain error's stable ``code`` (the same the CLI prints).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.routing import Match

from chamberlain import errors

logger = logging.getLogger("chamberlain.rest")

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = "2"

_STATUS: tuple[tuple[type[errors.ChamberlainError], int], ...] = (
    (errors.Throttled, 429),
    (errors.TooManyLookups, 429),
    (errors.AuthenticationFailed, 401),
    (errors.PermissionDenied, 403),
    (errors.AccessDenied, 403),
    (errors.AccountNotFound, 404),
    (errors.UserNotFound, 404),
    (errors.ApiUserNotFound, 404),
    (errors.UserExists, 409),
    (errors.AccountExists, 409),
    (errors.AlreadyInitialised, 409),
    (errors.VersionMismatch, 412),
    (errors.IdempotencyKeyReused, 422),
    (errors.IdempotencyInProgress, 409),
    (errors.UnknownParameter, 400),
    (errors.FieldRequired, 422),
    (errors.InvalidField, 422),
    (errors.InvalidRoles, 422),
    (errors.InvalidRequest, 422),
    (errors.LinkNotUsable, 400),
    (errors.ServiceUnavailable, 503),
    # Raised by the SCIM face's rules; listed so that no error falls to a default.
    (errors.GroupExists, 409),
    (errors.InvalidFilter, 400),
    (errors.InvalidPath, 400),
    (errors.NoTarget, 400),
    (errors.MutabilityViolation, 400),
    (errors.TooManyResults, 400),
    (errors.UnsupportedOperation, 400),
)

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status: int, code: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    """A problem response."""
    request_id = getattr(request.state, "request_id", None)
    return problem_for(status, code, detail, request_id, **extra)


def internal_error(request_id: str) -> JSONResponse:
    """The 500 problem of a request that failed unexpectedly: details go to the log only."""
    detail = "an unexpected error; quote the request id when reporting it"
    return problem_for(500, "internal_error", detail, request_id)


def problem_for(
    status: int, code: str, detail: str, request_id: str | None, **extra: Any
) -> JSONResponse:
    """A problem response for a request known by its id."""
    body = {
        "type": f"urn:chamberlain:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
        "detail": detail,
        "request_id": request_id,
        **extra,
    }
    response = JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="chamberlain"'
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def status_of(error: errors.ChamberlainError) -> int:
    """The HTTP status of a domain error; 500 for one missing from the table above (a bug:
    a test holds every error to a row)."""
    return next((status for kind, status in _STATUS if isinstance(error, kind)), 500)


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    """Handler for every ``ChamberlainError``."""
    assert isinstance(exc, errors.ChamberlainError)
    status = status_of(exc)
    if status == 500:
        logger.error("unmapped domain error %s (request %s)", exc.code,
                     getattr(request.state, "request_id", "-"))  # fmt: skip
        return internal_error(getattr(request.state, "request_id", None) or "-")
    detail = exc.detail if status not in (401, 503) else exc.code.replace("_", " ")
    response = problem(status, exc.code, detail, request)
    if isinstance(exc, errors.Throttled | errors.TooManyLookups):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Handler for request bodies and parameters that do not fit the schema."""
    assert isinstance(exc, RequestValidationError)
    issues = [
        {"location": list(map(str, error["loc"])), "message": error["msg"]}
        for error in exc.errors()
    ]
    return problem(422, "invalid_request", "the request does not fit the schema", request,
                   errors=issues)  # fmt: skip


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Handler for routing and protocol errors (404, 405, ...)."""
    assert isinstance(exc, HTTPException)
    code = _TITLES.get(exc.status_code, "error").lower().replace(" ", "_")
    response = problem(exc.status_code, code, str(exc.detail), request)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    if exc.status_code == 405:
        response.headers["Allow"] = _allowed_methods(request)
    return response
