"""SCIM error bodies (RFC 7644 section 3.12): the one mapping of this face.

``status`` travels as a string, ``scimType`` where RFC 7644 defines one. Field errors
name the SCIM attribute, not chamberlain's field, so a provider's log says what to fix.
"""

from __future__ import annotations

from chamberlain import errors
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


# Every domain error has its row (a subclass may share its parent's); one without is a
# bug, answered as an unexpected failure (500), never passed off as the client's fault.
_MAPPING: tuple[tuple[type[errors.ChamberlainError], int, str | None], ...] = (
    (errors.AuthenticationFailed, 401, None),
    (errors.PermissionDenied, 403, None),
    (errors.AccessDenied, 403, None),
    (errors.TooManyLookups, 429, None),
    (errors.AccountNotFound, 404, None),
    (errors.UserNotFound, 404, None),
    (errors.ApiUserNotFound, 404, None),
    (errors.UserExists, 409, "uniqueness"),
    (errors.GroupExists, 409, "uniqueness"),
    (errors.AccountExists, 409, "uniqueness"),
    (errors.AlreadyInitialised, 409, None),
    (errors.IdempotencyKeyReused, 409, None),
    (errors.IdempotencyInProgress, 409, None),
    (errors.VersionMismatch, 412, None),
    (errors.InvalidFilter, 400, "invalidFilter"),
    (errors.InvalidPath, 400, "invalidPath"),
    (errors.NoTarget, 400, "noTarget"),
    (errors.MutabilityViolation, 400, "mutability"),
    (errors.TooManyResults, 400, "tooMany"),
    (errors.UnsupportedOperation, 501, None),
    (errors.FieldRequired, 400, "invalidValue"),
    (errors.InvalidField, 400, "invalidValue"),
    (errors.InvalidRoles, 400, "invalidValue"),
    (errors.InvalidRequest, 400, "invalidSyntax"),
    # Raised by the invitation-link rules, never on /scim/v2; listed so none falls through.
    (errors.LinkNotUsable, 400, None),
    (errors.ServiceUnavailable, 503, None),
)

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


def _detail(error: errors.ChamberlainError) -> str:
    if isinstance(error, errors.AccountNotFound):
        return f"no account {error.detail[:40]!r} is visible to this token"
    if isinstance(error, errors.UserNotFound):
        return f"no user of this account has the id {error.detail[:40]!r}"
    if isinstance(error, errors.FieldRequired):
        return f"{SCIM_NAMES.get(error.field, error.field)} is required"
    if isinstance(error, errors.InvalidField):
        return f"{SCIM_NAMES.get(error.field, error.field)}: {error.reason}"
    return error.detail or error.code.replace("_", " ")


def answer_of(kind: type[errors.ChamberlainError]) -> tuple[int, str | None] | None:
    """The status and ``scimType`` of a domain error class; None for one without a row."""
    return next(
        ((status, scim_type) for row, status, scim_type in _MAPPING if issubclass(kind, row)),
        None,
    )


def problem_of(error: errors.ChamberlainError) -> ScimProblem:
    """The SCIM answer to a domain error; a generic 500 for one without a row (a bug: see
    ``_MAPPING``; ``app.serve`` logs it as one)."""
    answer = answer_of(type(error))
    if answer is None:
        return ScimProblem(500, "internal error")
    status, scim_type = answer
    headers = {"WWW-Authenticate": 'Bearer realm="chamberlain"'} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = "2"
    if isinstance(error, errors.TooManyLookups):
        headers["Retry-After"] = str(error.retry_after)
    return ScimProblem(status, _GENERIC.get(status) or _detail(error), scim_type, headers)


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
