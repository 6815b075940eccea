"""Domain errors to v1 StatusCodes (api/clc_v1/codes.py, spec 7 and 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chamberlain import errors
from chamberlain.api.clc_v1.codes import TITLES, error_reply, invalid_request, reply

SPEC_TITLES = {
    2: "Unknown Error",
    3: "Invalid Request Format",
    5: "Resource Not Found",
    100: "Authentication Failed",
    101: "Access Denied",
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


@pytest.mark.parametrize(
    ("error", "code"),
    [
        pytest.param(errors.AuthenticationFailed("bad password for key x"), 100, id="auth"),
        pytest.param(errors.AccountNotFound("ZZZZ"), 5, id="account-not-found"),
        pytest.param(errors.AccountExists("ABCD"), 1611, id="account-exists"),
        pytest.param(errors.UserNotFound("jdoe"), 1705, id="user-not-found"),
        pytest.param(errors.UserExists("jdoe"), 1701, id="user-exists"),
        pytest.param(errors.InvalidRoles("unknown role id(s): 1"), 1706, id="roles"),
        pytest.param(errors.InvalidEmail("email", "not valid"), 1707, id="email"),
        pytest.param(errors.InvalidEmail("alternate_email", "not valid"), 1707, id="alt-email"),
        pytest.param(errors.FieldRequired("account_alias"), 1600, id="alias-required"),
        pytest.param(errors.FieldRequired("email"), 1700, id="email-required"),
        pytest.param(errors.FieldRequired("first_name"), 1702, id="first-required"),
        pytest.param(errors.FieldRequired("last_name"), 1703, id="last-required"),
        pytest.param(errors.FieldRequired("user_name"), 1704, id="user-required"),
        pytest.param(errors.AlreadyInitialised(), 2, id="already-initialised"),
        pytest.param(errors.ChamberlainError("whatever"), 2, id="base"),
    ],
)
def test_error_codes_and_titles(error: errors.ChamberlainError, code: int) -> None:
    result = error_reply(error)
    assert result.status_code == code
    assert result.message == SPEC_TITLES[code]
    assert result.http_status == 200
    assert result.success is False
    assert dict(result.data) == {}


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (errors.InvalidRequest("body is not valid JSON"), "body is not valid JSON"),
        (errors.InvalidField("title", "longer than 100 characters"), "Title longer than 100"),
        (errors.InvalidField("saml_user_name", "too long"), "SAMLUserName too long"),
        (errors.InvalidField("time_zone_id", "bad"), "TimeZoneID bad"),
        (errors.InvalidField("first_name", "contains control"), "FirstName contains control"),
        (errors.InvalidField("password", "too short"), "password too short"),
        (errors.InvalidAlias("must be 2 to 4 letters or digits"), "AccountAlias must be 2 to 4"),
    ],
)
def test_unreadable_or_invalid_fields_are_code_3_with_a_reason(
    error: errors.ChamberlainError, message: str
) -> None:
    result = error_reply(error)
    assert result.status_code == 3
    assert result.http_status == 200
    assert result.message.startswith("Invalid Request Format: ")
    assert message in result.message


def test_field_required_for_a_field_without_a_code_is_code_3() -> None:
    result = error_reply(errors.FieldRequired("password"))
    assert result.status_code == 3
    assert result.message.startswith("Invalid Request Format")


def test_service_unavailable_is_http_503_with_code_2() -> None:
    result = error_reply(errors.ServiceUnavailable("database is locked: SELECT * FROM users"))
    assert result.status_code == 2
    assert result.http_status == 503
    assert result.message == "Unknown Error"


@pytest.mark.parametrize(
    "error",
    [
        errors.AuthenticationFailed("secret-detail"),
        errors.UserNotFound("secret-detail"),
        errors.AccountNotFound("secret-detail"),
        errors.UserExists("secret-detail"),
        errors.InvalidRoles("secret-detail"),
        errors.InvalidEmail("email", "secret-detail"),
        errors.ServiceUnavailable("secret-detail"),
        errors.ChamberlainError("secret-detail"),
    ],
)
def test_messages_do_not_echo_details(error: errors.ChamberlainError) -> None:
    assert "secret-detail" not in error_reply(error).message


# Errors whose constructors need more than a detail.
_EXAMPLES: dict[type[errors.ChamberlainError], Callable[[], errors.ChamberlainError]] = {
    errors.FieldRequired: lambda: errors.FieldRequired("email"),
    errors.InvalidAlias: lambda: errors.InvalidAlias("bad"),
    errors.InvalidBillingResponsibility: errors.InvalidBillingResponsibility,
    errors.UnknownLocation: lambda: errors.UnknownLocation("XX9"),
    errors.Throttled: lambda: errors.Throttled(retry_after=5),
    errors.GroupExists: lambda: errors.GroupExists("ROOT-9", "Account Administrator"),
}


def _instance(kind: type[errors.ChamberlainError]) -> errors.ChamberlainError:
    if kind in _EXAMPLES:
        return _EXAMPLES[kind]()
    if issubclass(kind, errors.InvalidField):
        return kind("title", "bad")
    return kind("detail")


DOMAIN_ERRORS = sorted(
    (
        kind
        for kind in vars(errors).values()
        if isinstance(kind, type) and issubclass(kind, errors.ChamberlainError)
    ),
    key=lambda kind: kind.__name__,
)


@pytest.mark.parametrize("kind", DOMAIN_ERRORS, ids=lambda kind: kind.__name__)
def test_every_domain_error_type_maps_to_a_documented_code(
    kind: type[errors.ChamberlainError],
) -> None:
    result = error_reply(_instance(kind))
    assert result.status_code in SPEC_TITLES
    assert result.message.startswith(SPEC_TITLES[result.status_code])
    assert result.success is False


def test_titles_are_the_spec_short_titles() -> None:
    for code, title in TITLES.items():
        assert SPEC_TITLES[code] == title


def test_invalid_request_helper_and_reply() -> None:
    too_big = invalid_request("body larger than 10 bytes", http_status=413)
    assert (too_big.status_code, too_big.http_status) == (3, 413)
    assert too_big.message == "Invalid Request Format: body larger than 10 bytes"
    ok = reply(0, {"Users": []}, message="Users successfully located.")
    assert (ok.status_code, ok.success, dict(ok.data)) == (0, True, {"Users": []})
    assert dict(reply(0, message="User deleted.").data) == {}
