"""SCIM error bodies (RFC 7644 section 3.12): the one mapping of this face.

``status`` travels as a string, ``scimType`` where RFC 7644 defines one. Field errors
name the SCIM attribute, not chamberlain's field, so a provider's log says what to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from chamberlain import errors
from chamberlain.api.error_tables import ErrorTable
from chamberlain.domain.scim.definitions import ERROR_URN


class ScimProblem(Exception):
    """A protocol-level answer of this face (unknown endpoint, wrong method or media
    type), rendered like a domain error."""

    def __init__(
        self,
        status: int,
        detail: str,
        scim_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type
        self.headers = headers or {}


# chamberlain field -> the SCIM attribute that carries it.
SCIM_NAMES = {
    "user_name": "userName",
    "email": "emails (the primary work address)",
    "alternate_email": "emails (the other address)",
    "first_name": "name.givenName",
    "last_name": "name.familyName",
    "title": "title",
    "office_number": "phoneNumbers (work)",
    "mobile_number": "phoneNumbers (mobile)",
    "fax_number": "phoneNumbers (fax)",
    "time_zone_id": "timezone",
    "external_id": "externalId",
}

# Answers that must not say why: the same text whatever the cause.
_GENERIC = {
    401: "a valid SCIM bearer token is required",
    503: "the service is unavailable; try again shortly",
}


def _own_detail(error: errors.ChamberlainError) -> str:
    return error.detail or error.code.replace("_", " ")


def _account_detail(error: errors.AccountNotFound) -> str:
    return f"no account {error.detail[:40]!r} is visible to this token"


def _user_detail(error: errors.UserNotFound) -> str:
    return f"no user of this account has the id {error.detail[:40]!r}"


def _required_detail(error: errors.FieldRequired) -> str:
    return f"{SCIM_NAMES.get(error.field, error.field)} is required"


def _invalid_detail(error: errors.InvalidField) -> str:
    return f"{SCIM_NAMES.get(error.field, error.field)}: {error.reason}"


def _retry_after(error: errors.TooManyLookups) -> Mapping[str, str]:
    return {"Retry-After": str(error.retry_after)}


@dataclass(frozen=True, slots=True)
class _Answer:
    """A SCIM error answer: status, ``scimType``, the detail told (unless the status has
    a generic one) and headers taken from the error."""

    status: int
    scim_type: str | None = None
    detail: Callable[[Any], str] = _own_detail
    headers: Callable[[Any], Mapping[str, str]] | None = None


# The one error table of this face (see chamberlain.api.error_tables).
_MAPPING = ErrorTable[_Answer](
    "scim",
    {
        errors.AuthenticationFailed: _Answer(401),
        errors.PermissionDenied: _Answer(403),
        errors.AccessDenied: _Answer(403),
        errors.TooManyLookups: _Answer(429, headers=_retry_after),
        errors.AccountNotFound: _Answer(404, detail=_account_detail),
        errors.UserNotFound: _Answer(404, detail=_user_detail),
        errors.ApiUserNotFound: _Answer(404),
        errors.UserExists: _Answer(409, "uniqueness"),
        errors.GroupExists: _Answer(409, "uniqueness"),
        errors.AccountExists: _Answer(409, "uniqueness"),
        errors.AlreadyInitialised: _Answer(409),
        errors.IdempotencyKeyReused: _Answer(409),
        errors.IdempotencyInProgress: _Answer(409),
        errors.VersionMismatch: _Answer(412),
        errors.InvalidFilter: _Answer(400, "invalidFilter"),
        errors.InvalidPath: _Answer(400, "invalidPath"),
        errors.NoTarget: _Answer(400, "noTarget"),
        errors.MutabilityViolation: _Answer(400, "mutability"),
        errors.TooManyResults: _Answer(400, "tooMany"),
        errors.UnsupportedOperation: _Answer(501),
        errors.FieldRequired: _Answer(400, "invalidValue", _required_detail),
        errors.InvalidField: _Answer(400, "invalidValue", _invalid_detail),
        errors.InvalidRoles: _Answer(400, "invalidValue"),
        errors.InvalidRequest: _Answer(400, "invalidSyntax"),
        # Raised by the invitation-link rules, never on /scim/v2; listed so none falls through.
        errors.LinkNotUsable: _Answer(400),
        errors.ServiceUnavailable: _Answer(503),
    },
)


def answer_of(kind: type[errors.ChamberlainError]) -> tuple[int, str | None] | None:
    """The status and ``scimType`` of a domain error class; None for one without a row."""
    answer = _MAPPING.get(kind)
    return None if answer is None else (answer.status, answer.scim_type)


def problem_of(error: errors.ChamberlainError) -> ScimProblem:
    """The SCIM answer to a domain error; a generic 500 for one without a row (a bug: see
    ``_MAPPING``; ``app.serve`` logs it as one)."""
    answer = _MAPPING.get(type(error))
    if answer is None:
        return ScimProblem(500, "internal error")
    headers = {"WWW-Authenticate": 'Bearer realm="chamberlain"'} if answer.status == 401 else {}
    if answer.status == 503:
        headers["Retry-After"] = "2"
    if answer.headers is not None:
        headers.update(answer.headers(error))
    detail = _GENERIC.get(answer.status) or answer.detail(error)
    return ScimProblem(answer.status, detail, answer.scim_type, headers)


def error_body(problem: ScimProblem) -> dict[str, object]:
    """The JSON body of an error."""
    body: dict[str, object] = {
        "schemas": [ERROR_URN],
        "status": str(problem.status),
        "detail": problem.detail,
    }
    if problem.scim_type:
        body["scimType"] = problem.scim_type
    return body
