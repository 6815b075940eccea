"""Domain errors to v1 StatusCodes: the one table of this face.

Messages are the short titles of the StatusCode catalogue, stable per code. Only code 3
adds a reason, written by chamberlain (never a stack trace, SQL or echoed input).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chamberlain.api.clc_v1.render import Reply
from chamberlain.api.error_tables import ErrorTable
from chamberlain.errors import (
    AccessDenied,
    AccountExists,
    AccountNotFound,
    AlreadyInitialised,
    ApiUserNotFound,
    AuthenticationFailed,
    ChamberlainError,
    FieldRequired,
    GroupExists,
    IdempotencyInProgress,
    IdempotencyKeyReused,
    InvalidBillingResponsibility,
    InvalidEmail,
    InvalidField,
    InvalidFilter,
    InvalidPath,
    InvalidRequest,
    InvalidRoles,
    LinkNotUsable,
    MutabilityViolation,
    NoTarget,
    PermissionDenied,
    ServiceUnavailable,
    TooManyLookups,
    TooManyResults,
    UnknownLocation,
    UnsupportedOperation,
    UserExists,
    UserNotFound,
    VersionMismatch,
)

UNKNOWN_ERROR = 2
INVALID_REQUEST = 3
NOT_FOUND = 5
AUTHENTICATION_FAILED = 100
ACCESS_DENIED = 101

TITLES = {
    UNKNOWN_ERROR: "Unknown Error",
    INVALID_REQUEST: "Invalid Request Format",
    NOT_FOUND: "Resource Not Found",
    AUTHENTICATION_FAILED: "Authentication Failed",
    ACCESS_DENIED: "Access Denied",
    1600: "Account Alias Required",
    1601: "Address Required",
    1602: "Business Name Required",
    1603: "City Required",
    1604: "Country Required",
    1605: "Postal Code Required",
    1606: "State Province Required",
    1607: "Telephone Required",
    1608: "TimeZone Required",
    1609: "Parent Alias Required",
    1610: "Primary location required",
    1611: "Duplicate Account",
    1616: "Invalid Billing Responsibility",
    1700: "Email Address Required",
    1701: "User Already Exists",
    1702: "First Name Required",
    1703: "Last Name Required",
    1704: "Username Required",
    1705: "User Not Found",
    1706: "Invalid User Roles",
    1707: "Invalid Email Address",
}

# Domain field names as the wire spells them, for the reasons given with code 3.
WIRE_NAMES = {
    "account_alias": "AccountAlias",
    "user_name": "UserName",
    "email": "EmailAddress",
    "first_name": "FirstName",
    "last_name": "LastName",
    "alternate_email": "AlternateEmailAddress",
    "title": "Title",
    "office_number": "OfficeNumber",
    "mobile_number": "MobileNumber",
    "fax_number": "FaxNumber",
    "saml_user_name": "SAMLUserName",
    "time_zone_id": "TimeZoneID",
    "business_name": "BusinessName",
    "address1": "Address1",
    "address2": "Address2",
    "city": "City",
    "state_province": "StateProvince",
    "postal_code": "PostalCode",
    "country": "Country",
    "telephone": "Telephone",
    "fax": "Fax",
}

_REQUIRED = {
    "account_alias": 1600,
    "address1": 1601,
    "business_name": 1602,
    "city": 1603,
    "country": 1604,
    "postal_code": 1605,
    "state_province": 1606,
    "telephone": 1607,
    "time_zone": 1608,
    "parent_alias": 1609,
    "location": 1610,
    "email": 1700,
    "first_name": 1702,
    "last_name": 1703,
    "user_name": 1704,
}


def reply(status_code: int, data: Mapping[str, object] | None = None, *, message: str) -> Reply:
    """A successful reply (or any reply whose message the caller chose)."""
    return Reply(status_code=status_code, message=message, data=data or {})


def invalid_request(reason: str, *, http_status: int = 200) -> Reply:
    """Code 3 with a reason."""
    return Reply(INVALID_REQUEST, f"{TITLES[INVALID_REQUEST]}: {reason}", http_status=http_status)


def _code(code: int) -> Callable[[ChamberlainError], Reply]:
    """The row of an error answered by ``code`` and its title alone."""
    return lambda _error: Reply(code, TITLES[code])


def _required(error: FieldRequired) -> Reply:
    code = _REQUIRED.get(error.field, INVALID_REQUEST)
    return Reply(code, TITLES[code])


def _invalid_field(error: InvalidField) -> Reply:
    return invalid_request(f"{WIRE_NAMES.get(error.field, error.field)} {error.reason}")


def _invalid(error: ChamberlainError) -> Reply:
    return invalid_request(error.detail)


def _unavailable(_error: ServiceUnavailable) -> Reply:
    return Reply(UNKNOWN_ERROR, TITLES[UNKNOWN_ERROR], http_status=503)


# The one error table of this face (see chamberlain.api.error_tables). Errors v1 has no
# StatusCode for are Unknown Error, as the original service answers them.
_BY_TYPE = ErrorTable[Callable[[Any], Reply]](
    "v1",
    {
        AuthenticationFailed: _code(AUTHENTICATION_FAILED),  # Throttled too: told apart nowhere
        AccountNotFound: _code(NOT_FOUND),
        ApiUserNotFound: _code(NOT_FOUND),
        AccountExists: _code(1611),
        AccessDenied: _code(ACCESS_DENIED),
        PermissionDenied: _code(ACCESS_DENIED),
        TooManyLookups: _code(ACCESS_DENIED),
        VersionMismatch: _invalid,
        IdempotencyKeyReused: _invalid,
        IdempotencyInProgress: _invalid,
        UnknownLocation: _code(1610),
        InvalidBillingResponsibility: _code(1616),
        UserNotFound: _code(1705),
        UserExists: _code(1701),
        InvalidRoles: _code(1706),
        InvalidEmail: _code(1707),
        FieldRequired: _required,
        InvalidField: _invalid_field,
        InvalidRequest: _invalid,
        ServiceUnavailable: _unavailable,
        AlreadyInitialised: _code(UNKNOWN_ERROR),
        LinkNotUsable: _code(UNKNOWN_ERROR),
        # Raised by the SCIM face's rules only.
        GroupExists: _code(UNKNOWN_ERROR),
        InvalidFilter: _code(UNKNOWN_ERROR),
        InvalidPath: _code(UNKNOWN_ERROR),
        NoTarget: _code(UNKNOWN_ERROR),
        MutabilityViolation: _code(UNKNOWN_ERROR),
        TooManyResults: _code(UNKNOWN_ERROR),
        UnsupportedOperation: _code(UNKNOWN_ERROR),
    },
)


def error_reply(error: ChamberlainError) -> Reply:
    """The v1 reply for a domain error; Unknown Error for one without a row."""
    answer = _BY_TYPE.get(type(error))
    return Reply(UNKNOWN_ERROR, TITLES[UNKNOWN_ERROR]) if answer is None else answer(error)
