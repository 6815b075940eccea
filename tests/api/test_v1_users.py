"""User/GetUsers, GetUserDetails and UpdateUser (spec 4.3-4.5, 9.7, 12)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    call,
    create_user,
    details,
    update_fields,
    user_table,
)

OPTIONAL = {
    "AlternateEmailAddress": "alt@example.org",
    "Title": "Engineer",
    "OfficeNumber": "555-0100",
    "MobileNumber": "555-0101",
    "FaxNumber": "555-0102",
    "SAMLUserName": "saml-name",
    "TimeZoneID": "Eastern Standard Time",
}


def _names(reply: dict[str, Any]) -> list[str]:
    return [user["UserName"] for user in reply["Users"]]


def _update(session: TestClient, **fields: Any) -> dict[str, Any]:
    return call(session, "UpdateUser", **fields)


@pytest.fixture
def full(session: TestClient) -> dict[str, Any]:
    """A user with every optional field set, two roles and SMS alerts on."""
    return create_user(session, "full", Roles=[2, 9], AllowSMSAlerts=True, **OPTIONAL)


# GetUsers


@pytest.mark.usefixtures("tree")
def test_get_users_lists_only_the_named_accounts_live_users(session: TestClient) -> None:
    for name, alias in (("r1", "ROOT"), ("r2", "ROOT"), ("a1", "AA"), ("deep", "A1"), ("b1", "BB")):
        create_user(session, name, alias)
    create_user(session, "r-gone")
    create_user(session, "r-off")
    assert call(session, "DeleteUser", UserName="r-gone")["StatusCode"] == 0
    assert call(session, "SuspendUser", UserName="r-off")["StatusCode"] == 0
    reply = call(session, "GetUsers", AccountAlias="ROOT")
    assert (reply["StatusCode"], reply["Message"]) == (0, "Users successfully located.")
    assert list(reply) == ["Users", "Success", "Message", "StatusCode"]
    assert sorted(_names(reply)) == ["r-off", "r1", "r2"]
    assert {u["Status"] for u in reply["Users"]} == {"Active", "Disabled"}
    assert _names(call(session, "GetUsers", AccountAlias="aa")) == ["a1"]
    assert _names(call(session, "GetUsers", AccountAlias="A1")) == ["deep"]


def test_get_users_of_an_account_without_users_is_an_empty_list(session: TestClient) -> None:
    assert call(session, "GetUsers", AccountAlias="ROOT")["Users"] == []


def test_get_users_records_are_full_user_details(session: TestClient, full: dict[str, Any]) -> None:
    assert call(session, "GetUsers", AccountAlias="ROOT")["Users"] == [full]


def test_get_users_errors(session: TestClient) -> None:
    cases = {"": 1600, "  ": 1600, "ZZZZ": 5, "bad!": 5, "TOOLONG": 5, None: 1600}
    replies = {alias: call(session, "GetUsers", AccountAlias=alias) for alias in cases}
    assert {alias: r["StatusCode"] for alias, r in replies.items()} == cases
    assert call(session, "GetUsers")["StatusCode"] == 1600
    assert not [r for r in replies.values() if "Users" in r or r["Success"] is not False]


# GetUserDetails


def test_get_user_details_finds_a_user_in_any_case(
    session: TestClient, full: dict[str, Any]
) -> None:
    reply = call(session, "GetUserDetails", AccountAlias="root", UserName="FULL")
    assert (reply["StatusCode"], reply["Message"]) == (0, "User successfully located.")
    assert reply["UserDetails"] == full


@pytest.mark.usefixtures("tree")
def test_get_user_details_not_found_cases_are_1705(session: TestClient) -> None:
    create_user(session, "in-root")
    create_user(session, "deleted")
    call(session, "DeleteUser", UserName="deleted")
    for alias, name in (
        ("ROOT", "nobody"),
        ("ROOT", "deleted"),
        ("AA", "in-root"),
        ("BB", "in-root"),
    ):
        reply = call(session, "GetUserDetails", AccountAlias=alias, UserName=name)
        assert reply["StatusCode"] == 1705, (alias, name)
        assert "UserDetails" not in reply


@pytest.mark.usefixtures("tree")
def test_get_user_details_looks_into_sub_accounts(session: TestClient) -> None:
    deep = create_user(session, "deep", "A1")
    assert details(session, "deep", "ROOT") == deep
    assert details(session, "deep", "AA") == deep


def test_get_user_details_unknown_alias_is_5_and_missing_alias_1600(session: TestClient) -> None:
    create_user(session, "someone")
    assert (
        call(session, "GetUserDetails", AccountAlias="ZZZZ", UserName="someone")["StatusCode"] == 5
    )
    assert call(session, "GetUserDetails", UserName="someone")["StatusCode"] == 1600


# UpdateUser


def test_update_replaces_sent_fields_and_answers_the_new_details(
    session: TestClient, full: dict[str, Any]
) -> None:
    changes = {
        "EmailAddress": "new@example.com",
        "FirstName": "Grace",
        "LastName": "Hopper",
        "Title": "Admiral",
        "Roles": [13],
        "AllowSMSAlerts": False,
    }
    reply = _update(session, UserName="full", **changes)
    assert (reply["StatusCode"], reply["Message"]) == (0, "User successfully updated.")
    expected = full | {
        "EmailAddress": "new@example.com",
        "FirstName": "Grace",
        "LastName": "Hopper",
        "Title": "Admiral",
        "Roles": [13],
        "AllowSMS": False,
    }
    assert reply["UserDetails"] == expected
    assert details(session, "full") == expected


def test_update_leaves_absent_and_null_fields_unchanged(
    session: TestClient, full: dict[str, Any]
) -> None:
    assert _update(session, **update_fields(full))["UserDetails"] == full
    nulls = dict.fromkeys([*OPTIONAL, "AllowSMSAlerts", "Roles"])
    assert _update(session, **update_fields(full, **nulls))["UserDetails"] == full
    assert details(session, "full") == full


def test_update_with_empty_text_clears_optional_fields(
    session: TestClient, full: dict[str, Any]
) -> None:
    cleared = _update(session, **update_fields(full, **dict.fromkeys(OPTIONAL, "")))
    assert cleared["StatusCode"] == 0, cleared
    assert cleared["UserDetails"] == full | dict.fromkeys(OPTIONAL) | {
        "TimeZoneID": "Pacific Standard Time"
    }
    assert details(session, "full") == cleared["UserDetails"]


def test_update_roles_empty_list_clears_and_absent_keeps(
    session: TestClient, full: dict[str, Any]
) -> None:
    assert _update(session, **update_fields(full, Roles=[3]))["UserDetails"]["Roles"] == [3]
    assert _update(session, **update_fields(full))["UserDetails"]["Roles"] == [3]
    assert _update(session, **update_fields(full, Roles=[]))["UserDetails"]["Roles"] == []
    assert details(session, "full")["Roles"] == []


UPDATE_REQUIRED = {"EmailAddress": 1700, "FirstName": 1702, "LastName": 1703, "UserName": 1704}


def test_update_required_fields(
    session: TestClient, runtime: Runtime, full: dict[str, Any]
) -> None:
    before = user_table(runtime)
    outcomes = {}
    for field in UPDATE_REQUIRED:
        for value in ("absent", None, "", " "):
            fields = update_fields(full, Title="Changed")
            if value == "absent":
                del fields[field]
            else:
                fields[field] = value
            outcomes[(field, value)] = _update(session, **fields)["StatusCode"]
    assert outcomes == {case: UPDATE_REQUIRED[case[0]] for case in outcomes}
    assert user_table(runtime) == before


def test_update_invalid_role_is_1706_and_changes_nothing(
    session: TestClient, runtime: Runtime, full: dict[str, Any]
) -> None:
    before = user_table(runtime)
    assert _update(session, **update_fields(full, Roles=[1], Title="x"))["StatusCode"] == 1706
    assert user_table(runtime) == before


def test_update_unknown_or_deleted_user_is_1705(session: TestClient, full: dict[str, Any]) -> None:
    assert _update(session, **update_fields(full, UserName="nobody"))["StatusCode"] == 1705
    call(session, "DeleteUser", UserName="full")
    assert _update(session, **update_fields(full))["StatusCode"] == 1705


def test_update_accepts_the_callers_own_root_alias_as_clc_sdk_sends(
    session: TestClient, full: dict[str, Any]
) -> None:
    reply = _update(session, **update_fields(full, AccountAlias="ROOT", Title="Via SDK"))
    assert reply["StatusCode"] == 0, reply
    assert details(session, "full")["Title"] == "Via SDK"


@pytest.mark.usefixtures("tree")
def test_update_account_alias_must_hold_the_user(session: TestClient, runtime: Runtime) -> None:
    deep = create_user(session, "deep", "A1")
    for alias in ("A1", "aa", "ROOT"):
        assert _update(session, **update_fields(deep, AccountAlias=alias))["StatusCode"] == 0
    before = user_table(runtime)
    sibling = _update(session, **update_fields(deep, AccountAlias="BB", Title="x"))
    assert sibling["StatusCode"] == 1705
    unknown = _update(session, **update_fields(deep, AccountAlias="ZZZZ", Title="x"))
    assert unknown["StatusCode"] == 5
    assert user_table(runtime) == before
