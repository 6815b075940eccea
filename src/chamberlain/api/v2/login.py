"""``POST /v2/authentication/login``: person-users get a bearer token (spec section 3).

The body is JSON (single quotes tolerated) or form-encoded; ``username`` and ``password``
match in any case. Bad credentials answer HTTP 400 with the documented message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from chamberlain import errors
from chamberlain.api.clc_v1.parse import WireFields, decode_body
from chamberlain.api.client_address import client_address
from chamberlain.api.error_tables import ErrorTable
from chamberlain.api.http_body import BodyTooLarge, media_type, read_body
from chamberlain.api.logon_gate import LogonGate
from chamberlain.domain.roles import ROLES_BY_ID
from chamberlain.services import person_auth
from chamberlain.services.runtime import Runtime

logger = logging.getLogger("chamberlain.v2")

BAD_CREDENTIALS = "We didn't recognize the username or password you entered. Please try again."
_NO_STORE = {"Cache-Control": "no-store"}


def _message(status: int, text: str) -> JSONResponse:
    return JSONResponse({"message": text}, status_code=status, headers=_NO_STORE)


def _unreadable(error: errors.InvalidRequest) -> JSONResponse:
    return _message(400, f"The request could not be read: {error.detail}")


def _throttled(error: errors.Throttled) -> JSONResponse:
    response = _message(429, "Too many failed sign-ins; try again later.")
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def _refused(_error: errors.AuthenticationFailed) -> JSONResponse:
    return _message(400, BAD_CREDENTIALS)


def _unavailable(_error: errors.ServiceUnavailable) -> JSONResponse:
    response = _message(503, "The service is unavailable; try again shortly.")
    response.headers["Retry-After"] = "2"
    return response


def _unexpected(error: errors.ChamberlainError) -> JSONResponse:
    """An error a log-on never raises: a bug, logged and answered as one."""
    logger.error("v2 login: unexpected domain error %s", error.code)
    return _message(500, "An unexpected error; try again later.")


# Errors a log-on never raises (they belong to other operations).
_NEVER_RAISED = (
    errors.AccessDenied, errors.AccountExists, errors.AccountNotFound, errors.AlreadyInitialised,
    errors.ApiUserNotFound, errors.FieldRequired, errors.GroupExists,
    errors.IdempotencyInProgress, errors.IdempotencyKeyReused, errors.InvalidField,
    errors.InvalidFilter, errors.InvalidPath, errors.InvalidRoles, errors.LinkNotUsable,
    errors.MutabilityViolation, errors.NoTarget, errors.PermissionDenied, errors.TooManyLookups,
    errors.TooManyResults, errors.UnsupportedOperation, errors.UserExists, errors.UserNotFound,
    errors.VersionMismatch,
)  # fmt: skip
# The one error table of this face (see chamberlain.api.error_tables).
_ANSWERS = ErrorTable[Callable[[Any], JSONResponse]](
    "v2",
    {
        errors.InvalidRequest: _unreadable,
        errors.Throttled: _throttled,
        errors.AuthenticationFailed: _refused,
        errors.ServiceUnavailable: _unavailable,
        **dict.fromkeys(_NEVER_RAISED, _unexpected),
    },
)


def error_answer(error: errors.ChamberlainError) -> JSONResponse:
    """The answer of this face to a domain error."""
    answer = _ANSWERS.get(type(error))
    return _unexpected(error) if answer is None else answer(error)


async def v2_login(request: Request) -> JSONResponse:
    """Log a person-user on; answers the v2 login record with a bearer token."""
    rt: Runtime = request.app.state.runtime
    try:
        body = await read_body(request, rt.settings.max_body_bytes)
        media, charset = media_type(request)
        fields = WireFields("", decode_body(body, charset), json_declared=media.endswith("json"))
        gate: LogonGate = request.app.state.logon_gate
        login = await gate.run(
            person_auth.login,
            rt,
            user_name=fields.text("username"),
            password=fields.text("password"),
            source=client_address(request, rt.settings.trusted_proxies),
        )
    except BodyTooLarge:
        return _message(413, "The request body is too large.")
    except errors.ChamberlainError as error:
        return error_answer(error)
    user = login.user
    return JSONResponse(
        {
            "userName": user.user_name,
            "accountAlias": user.account_alias,
            "locationAlias": login.location,
            # Sorted by name, as in the one recorded real reply.
            "roles": sorted(ROLES_BY_ID[role].v2_name for role in user.roles),
            "bearerToken": login.token,
        },
        headers=_NO_STORE,
    )
