"""The SDK's exceptions: one tree, keyed by the server's problem ``code``.

``ChamberlainError`` is the root of everything the SDK raises on purpose. Below it,
``TransportError`` means "could not reach the server, or got no answer" and ``ApiError``
means "the server answered no". An ``ApiError`` subclass is chosen by the problem's
``code`` (``CODES``); a code the SDK does not know falls back to the HTTP status
(``STATUSES``), so a newer server never makes the SDK guess wrong about the kind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import httpx

_DETAIL_LIMIT = 300  # characters of a non-problem body kept as the detail


class ChamberlainError(Exception):
    """Root of the SDK's errors.

    ``code`` is the server's stable problem code (or the SDK's own for errors that never
    reached the server), ``status`` the HTTP status (None when there was no answer),
    ``detail`` a human-readable explanation, ``request_id`` the server's id of the request
    (quote it when reporting a problem; None when unknown).
    """

    default_code: ClassVar[str] = "error"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code or self.default_code
        self.status = status
        self.detail = detail
        self.request_id = request_id

    def __str__(self) -> str:
        context = " ".join(str(part) for part in (self.status, self.code) if part is not None)
        if self.request_id:
            context += f", request {self.request_id}"
        return f"{self.detail} ({context})"


class TransportError(ChamberlainError):
    """The server could not be reached, or no answer came back.

    ``sent`` is False when the request certainly never reached the server (the connection
    was refused or not established in time), True when it may have been processed.
    """

    default_code = "transport_error"

    def __init__(self, detail: str, *, sent: bool) -> None:
        super().__init__(detail)
        self.sent = sent


class Timeout(TransportError):
    """A timeout (connect, read, write or waiting for a pooled connection) ran out."""

    default_code = "timeout"


class UnexpectedResponse(ChamberlainError):
    """The server answered success in a shape the SDK cannot read (a proxy's page, say)."""

    default_code = "unexpected_response"


class ApiError(ChamberlainError):
    """The server refused the request with an RFC 9457 problem (or a bare HTTP error).

    ``problem`` is the whole problem body (empty when the answer was not a problem), for
    extra members such as ``errors`` on a validation problem.
    """

    default_status: ClassVar[int] = 400
    status: int

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        problem: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(
            detail, code=code, status=status or self.default_status, request_id=request_id
        )
        self.problem: Mapping[str, Any] = problem or {}


class BadRequest(ApiError):
    """400: the request could not be understood (an unknown query parameter, say)."""

    default_code = "bad_request"


class AuthenticationError(ApiError):
    """401: no valid token, or the credentials were refused (also a refused v2 login)."""

    default_code = "authentication_failed"
    default_status = 401


class PermissionDenied(ApiError):
    """403: the caller's roles do not allow this, or the target may not be changed so."""

    default_code = "permission_denied"
    default_status = 403


class NotFound(ApiError):
    """404: no such resource, or one outside the caller's tree (indistinguishable)."""

    default_code = "not_found"
    default_status = 404


class Conflict(ApiError):
    """409: the name is taken (now or once), or an idempotent request is still running."""

    default_code = "conflict"
    default_status = 409


class PreconditionFailed(ApiError):
    """412: ``If-Match`` named a version that is no longer current: read it again."""

    default_code = "version_mismatch"
    default_status = 412


class ValidationError(ApiError):
    """422: the request was read but breaks a rule (a field, a role, a reused key)."""

    default_code = "invalid_request"
    default_status = 422


class PreconditionRequired(ApiError):
    """428: the write needs ``If-Match`` (deleting a user does)."""

    default_code = "precondition_required"
    default_status = 428


class _RetryAfter(ApiError):
    """An answer that says when to try again: ``retry_after`` seconds, None if unsaid."""

    retry_after: float | None = None


class RateLimited(_RetryAfter):
    """429: too many failed log-ons (or requests); try again after ``retry_after``."""

    default_code = "throttled"
    default_status = 429


class ServerError(ApiError):
    """5xx: the server failed."""

    default_code = "server_error"
    default_status = 500


class ServiceUnavailable(ServerError, _RetryAfter):
    """503: the database could not be reached or stayed locked; safe to retry."""

    default_code = "service_unavailable"
    default_status = 503


CODES: Mapping[str, type[ApiError]] = {
    "unknown_parameter": BadRequest,
    "invalid_idempotency_key": BadRequest,
    "authentication_failed": AuthenticationError,
    "throttled": RateLimited,
    "permission_denied": PermissionDenied,
    "access_denied": PermissionDenied,
    "account_not_found": NotFound,
    "user_not_found": NotFound,
    "api_user_not_found": NotFound,
    "not_found": NotFound,
    "user_exists": Conflict,
    "account_exists": Conflict,
    "idempotency_in_progress": Conflict,
    "version_mismatch": PreconditionFailed,
    "idempotency_key_reused": ValidationError,
    "invalid_request": ValidationError,
    "field_required": ValidationError,
    "invalid_field": ValidationError,
    "invalid_email": ValidationError,
    "invalid_roles": ValidationError,
    "invalid_alias": ValidationError,
    "invalid_billing_responsibility": ValidationError,
    "unknown_location": ValidationError,
    "precondition_required": PreconditionRequired,
    "service_unavailable": ServiceUnavailable,
}
STATUSES: Mapping[int, type[ApiError]] = {
    400: BadRequest,
    401: AuthenticationError,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    422: ValidationError,
    428: PreconditionRequired,
    429: RateLimited,
    500: ServerError,
    503: ServiceUnavailable,
}


def error_class(code: str | None, status: int) -> type[ApiError]:
    """The exception for a problem ``code`` (first) or, failing that, an HTTP ``status``."""
    if code is not None and code in CODES:
        return CODES[code]
    if status in STATUSES:
        return STATUSES[status]
    return ServerError if status >= 500 else ApiError


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta seconds or an HTTP date).

    None when absent or unreadable; a date in the past gives 0.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _problem(response: httpx.Response) -> Mapping[str, Any]:
    """The problem body, or {} when the answer is not a JSON object."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def error_from_response(response: httpx.Response) -> ApiError:
    """The exception that a non-success ``response`` stands for."""
    problem = _problem(response)
    code = problem.get("code")
    code = code if isinstance(code, str) and code else None
    kind = error_class(code, response.status_code)
    detail = problem.get("detail") or problem.get("message")
    if not isinstance(detail, str) or not detail:
        detail = response.text[:_DETAIL_LIMIT] or response.reason_phrase
    request_id = problem.get("request_id") or response.headers.get("x-request-id")
    error = kind(
        detail,
        code=code or kind.default_code,
        status=response.status_code,
        request_id=request_id if isinstance(request_id, str) else None,
        problem=problem,
    )
    if isinstance(error, _RetryAfter):
        error.retry_after = retry_after(response.headers.get("retry-after"))
    return error


def transport_error(exc: httpx.TransportError) -> TransportError:
    """The SDK's error for an httpx transport failure (kept as ``__cause__``)."""
    sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    kind = Timeout if isinstance(exc, httpx.TimeoutException) else TransportError
    error = kind(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, sent=sent)
    error.__cause__ = exc
    return error
