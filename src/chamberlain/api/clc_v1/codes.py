"""Domain errors to v1 StatusCodes: the one table of this face.

Messages are the short titles of the StatusCode catalogue, stable per code. Only code 3
adds a reason, written by chamberlain (never a stack trace, SQL or echoed input).
"""

from __future__ import annotations

from chamberlain.api.clc_v1.render import Reply
from chamberlain.errors import (
    AccountExists,
    AccountNotFound,
    AuthenticationFailed,
    ChamberlainError,
    FieldRequired,
    InvalidEmail,
    InvalidField,
    InvalidRequest,
    InvalidRoles,
    ServiceUnavailable,
    UserExists,
    UserNotFound,
)

UNKNOWN_ERROR = 2
INVALID_REQUEST = 3
NOT_FOUND = 5
AUTHENTICATION_FAILED = 100

TITLES = {
    UNKNOWN_ERROR: "Unknown Error",
    INVALID_REQUEST: "Invalid Request Format",
    NOT_FOUND: "Resource Not Found",
    AUTHENTICATION_FAILED: "Authentication Failed",
    1600: "Account Alias Required",
    1611: "Duplicate Account",
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
}

_REQUIRED = {
    "account_alias": 1600,
    "email": 1700,
    "first_name": 1702,
    "last_name": 1703,
    "user_name": 1704,
}

# Most specific class first: InvalidEmail is an InvalidField.
_BY_TYPE: tuple[tuple[type[ChamberlainError], int], ...] = (
    (AuthenticationFailed, AUTHENTICATION_FAILED),
    (AccountNotFound, NOT_FOUND),
    (AccountExists, 1611),
    (UserNotFound, 1705),
    (UserExists, 1701),
    (InvalidRoles, 1706),
    (InvalidEmail, 1707),
    (InvalidField, INVALID_REQUEST),
    (InvalidRequest, INVALID_REQUEST),
    (ServiceUnavailable, UNKNOWN_ERROR),
)


def reply(status_code: int, data: dict[str, object] | None = None, *, message: str) -> Reply:
    """A successful reply (or any reply whose message the caller chose)."""
    return Reply(status_code=status_code, message=message, data=data or {})


def invalid_request(reason: str, *, http_status: int = 200) -> Reply:
    """Code 3 with a reason."""
    return Reply(INVALID_REQUEST, f"{TITLES[INVALID_REQUEST]}: {reason}", http_status=http_status)


def error_reply(error: ChamberlainError) -> Reply:
    """The v1 reply for a domain error."""
    if isinstance(error, FieldRequired):
        code = _REQUIRED.get(error.field, INVALID_REQUEST)
        return Reply(code, TITLES[code])
    if isinstance(error, InvalidField) and not isinstance(error, InvalidEmail):
        return invalid_request(f"{WIRE_NAMES.get(error.field, error.field)} {error.reason}")
    if isinstance(error, InvalidRequest):
        return invalid_request(error.detail)
    if isinstance(error, ServiceUnavailable):
        return Reply(UNKNOWN_ERROR, TITLES[UNKNOWN_ERROR], http_status=503)
    code = next((code for kind, code in _BY_TYPE if isinstance(error, kind)), UNKNOWN_ERROR)
    return Reply(code, TITLES[code])
