"""Domain errors.

Every error carries a stable ``code``. Faces translate codes into their own protocol
(v1 ``StatusCode``, REST status, SCIM ``scimType``) through one mapping each; no error
here knows about HTTP.
"""

from __future__ import annotations

from typing import ClassVar


class ChamberlainError(Exception):
    """Base of every error the services raise on purpose."""

    code: ClassVar[str] = "error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.detail = detail


class AuthenticationFailed(ChamberlainError):
    """Credentials or session rejected. Deliberately says nothing about why."""

    code = "authentication_failed"


class Throttled(AuthenticationFailed):
    """Too many failed log-ons for this credential or address; try again after
    ``retry_after`` seconds. A kind of ``AuthenticationFailed``: a face that must not
    tell the two apart (v1) answers both alike."""

    code = "throttled"

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many failed log-ons; try again later")
        self.retry_after = retry_after


class InvalidRequest(ChamberlainError):
    """The request could not be read (bad body, wrong type, ambiguous field)."""

    code = "invalid_request"


class UnknownParameter(InvalidRequest):
    """A query parameter (a filter, say) the operation does not know: never ignored."""

    code = "unknown_parameter"


class FieldRequired(ChamberlainError):
    """A required field is absent, null or blank. ``field`` is the domain field name."""

    code = "field_required"

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} is required")
        self.field = field


class InvalidField(ChamberlainError):
    """A field is present but breaks a rule (length, characters, format)."""

    code = "invalid_field"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class InvalidEmail(InvalidField):
    """An e-mail address is malformed."""

    code = "invalid_email"


class InvalidRoles(ChamberlainError):
    """A role id outside the closed catalogue."""

    code = "invalid_roles"


class InvalidAlias(InvalidField):
    """An account alias breaks the alias rules (2-4 ASCII letters or digits)."""

    code = "invalid_alias"

    def __init__(self, reason: str) -> None:
        super().__init__("account_alias", reason)


class InvalidBillingResponsibility(InvalidField):
    """``BillingResponsibilityID`` is not 1 (the account) or 2 (the parent)."""

    code = "invalid_billing_responsibility"

    def __init__(self) -> None:
        super().__init__("billing_responsibility", "must be 1 (self) or 2 (parent)")


class UnknownLocation(InvalidField):
    """The location is not one of the configured data centres."""

    code = "unknown_location"

    def __init__(self, location: str) -> None:
        super().__init__("location", f"{location!r} is not a known location")


class AccessDenied(ChamberlainError):
    """The caller sees the target but may not do this to it (e.g. suspend its own account)."""

    code = "access_denied"


class PermissionDenied(ChamberlainError):
    """The caller's roles do not grant this action (person-users only)."""

    code = "permission_denied"


class VersionMismatch(ChamberlainError):
    """The caller's ``If-Match`` names a version that is no longer current."""

    code = "version_mismatch"


class IdempotencyKeyReused(ChamberlainError):
    """An ``Idempotency-Key`` already used with a different request."""

    code = "idempotency_key_reused"


class IdempotencyInProgress(ChamberlainError):
    """The first request with this ``Idempotency-Key`` has not finished yet."""

    code = "idempotency_in_progress"


class AccountNotFound(ChamberlainError):
    """No such account, or one outside the caller's tree (indistinguishable on purpose)."""

    code = "account_not_found"


class TooManyLookups(ChamberlainError):
    """The caller has used up its budget of answers about names taken outside its tree
    (``services.lookups``); try again after ``retry_after`` seconds."""

    code = "too_many_lookups"

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many requests named users or accounts outside your tree")
        self.retry_after = retry_after


class AccountExists(ChamberlainError):
    """The alias is taken (or was taken once: aliases are never reused)."""

    code = "account_exists"


class ApiUserNotFound(ChamberlainError):
    """No such API key (or a deleted one, or one outside the caller's tree)."""

    code = "api_user_not_found"


class UserNotFound(ChamberlainError):
    """No such user, a deleted one, or one outside the caller's tree."""

    code = "user_not_found"


class UserExists(ChamberlainError):
    """The user name is taken, now or in the past (names are never reused)."""

    code = "user_exists"


class AlreadyInitialised(ChamberlainError):
    """``init`` on a database that already has a root account."""

    code = "already_initialised"


class ScimTokenNotFound(ApiUserNotFound):
    """No such SCIM token, or one outside the caller's tree. A kind of ``ApiUserNotFound``:
    SCIM tokens are credentials of the same machinery, and every face answers both alike."""

    code = "scim_token_not_found"


class InvalidFilter(ChamberlainError):
    """A SCIM filter that cannot be read, or names an attribute or comparison that is not
    supported (never silently ignored)."""

    code = "invalid_filter"


class InvalidPath(ChamberlainError):
    """A SCIM PATCH path that cannot be read."""

    code = "invalid_path"


class NoTarget(ChamberlainError):
    """A SCIM PATCH operation whose path selects nothing it could act on."""

    code = "no_target"


class MutabilityViolation(ChamberlainError):
    """A change to an attribute that cannot change (a user name, a group's name)."""

    code = "mutability_violation"


class GroupExists(ChamberlainError):
    """A group was to be created under the name of one that exists; ``group_id`` is the
    existing group's, so that a client can link to it instead."""

    code = "group_exists"

    def __init__(self, group_id: str, name: str) -> None:
        super().__init__(f"the group {name!r} exists: its id is {group_id}")
        self.group_id = group_id


class TooManyResults(ChamberlainError):
    """A search that would have to examine more objects than the service is willing to."""

    code = "too_many_results"


class UnsupportedOperation(ChamberlainError):
    """A protocol operation chamberlain does not offer (SCIM Bulk, /Me, new groups)."""

    code = "unsupported_operation"


class LinkNotUsable(ChamberlainError):
    """A mailed link that cannot set a password; ``state`` says why (``expired``,
    ``used``, ``superseded`` by a newer link, or ``unknown``)."""

    code = "link_not_usable"
    _WHY: ClassVar[dict[str, str]] = {
        "expired": "this link has expired: ask for a new one",
        "used": "this link was already used",
        "superseded": "a newer link was sent: use the newest one",
        "unknown": "this link is not valid",
    }

    def __init__(self, state: str) -> None:
        super().__init__(self._WHY.get(state, self._WHY["unknown"]))
        self.state = state


class ServiceUnavailable(ChamberlainError):
    """The database could not be reached or stayed locked; safe to retry."""

    code = "service_unavailable"


class HasherBusy(ServiceUnavailable):
    """Password checks are saturated (their queue is full or the wait ran out); safe to
    retry shortly. Faces answer it like any other ``ServiceUnavailable``."""

    code = "hasher_busy"
