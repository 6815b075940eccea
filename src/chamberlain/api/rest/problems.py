"""Errors as RFC 9457 ``application/problem+json``: the one mapping of this face.

Every problem carries the domain error's stable ``code`` (the same the CLI prints).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.routing import Match

from chamberlain import errors
from chamberlain.api.error_tables import ErrorTable
from chamberlain.api.pipeline import request_id_of

logger = logging.getLogger("chamberlain.rest")

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = "2"


@dataclass(frozen=True, slots=True)
class _Answer:
    """The status of a domain error's problem, and the headers it adds (from the error)."""

    status: int
    headers: Callable[[Any], Mapping[str, str]] | None = None


def _retry_after(error: errors.Throttled | errors.TooManyLookups) -> Mapping[str, str]:
    return {"Retry-After": str(error.retry_after)}


# The one error table of this face (see chamberlain.api.error_tables).
_STATUS = ErrorTable[_Answer](
    "rest",
    {
        errors.Throttled: _Answer(429, _retry_after),
        errors.TooManyLookups: _Answer(429, _retry_after),
        errors.AuthenticationFailed: _Answer(401),
        errors.PermissionDenied: _Answer(403),
        errors.AccessDenied: _Answer(403),
        errors.AccountNotFound: _Answer(404),
        errors.UserNotFound: _Answer(404),
        errors.ApiUserNotFound: _Answer(404),
        errors.UserExists: _Answer(409),
        errors.AccountExists: _Answer(409),
        errors.AlreadyInitialised: _Answer(409),
        errors.VersionMismatch: _Answer(412),
        errors.IdempotencyKeyReused: _Answer(422),
        errors.IdempotencyInProgress: _Answer(409),
        errors.UnknownParameter: _Answer(400),
        errors.FieldRequired: _Answer(422),
        errors.InvalidField: _Answer(422),
        errors.InvalidRoles: _Answer(422),
        errors.InvalidRequest: _Answer(422),
        errors.LinkNotUsable: _Answer(400),
        errors.ServiceUnavailable: _Answer(503),
        # Raised by the SCIM face's rules; listed so that no error falls to a default.
        errors.GroupExists: _Answer(409),
        errors.InvalidFilter: _Answer(400),
        errors.InvalidPath: _Answer(400),
        errors.NoTarget: _Answer(400),
        errors.MutabilityViolation: _Answer(400),
        errors.TooManyResults: _Answer(400),
        errors.UnsupportedOperation: _Answer(400),
    },
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
    return problem_for(status, code, detail, request_id_of(request), **extra)


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
    """The HTTP status of a domain error; 500 for one without a row (a bug: a test holds
    every error to a row)."""
    answer = _STATUS.get(type(error))
    return 500 if answer is None else answer.status


def error_problem(error: errors.ChamberlainError, request_id: str) -> JSONResponse:
    """The problem answering a domain error. 401 and 503 say only the code, whatever
    the detail; an error without a row is logged as the bug it is and answered as one."""
    answer = _STATUS.get(type(error))
    if answer is None:
        logger.error("unmapped domain error %s (request %s)", error.code, request_id)
        return internal_error(request_id)
    detail = error.detail if answer.status not in (401, 503) else error.code.replace("_", " ")
    response = problem_for(answer.status, error.code, detail, request_id)
    if answer.headers is not None:
        response.headers.update(answer.headers(error))
    return response


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    """Handler for every ``ChamberlainError``."""
    assert isinstance(exc, errors.ChamberlainError)
    return error_problem(exc, request_id_of(request))


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
