"""User/SuspendUser, UnsuspendUser and DeleteUser (spec 4.6, 12)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import call, create_user, details, update_fields, user_table

MESSAGES = {
    "SuspendUser": "User suspended.",
    "UnsuspendUser": "User unsuspended.",
    "DeleteUser": "User deleted.",
}


def _act(session: TestClient, method: str, name: str) -> dict[str, Any]:
    return call(session, method, UserName=name)


def test_status_follows_suspend_unsuspend_delete(session: TestClient) -> None:
    create_user(session, "cycled")
    for method, status in (
        ("SuspendUser", "Disabled"),
        ("UnsuspendUser", "Active"),
        ("SuspendUser", "Disabled"),
        ("DeleteUser", None),
    ):
        reply = _act(session, method, "cycled")
        assert reply == {"Success": True, "Message": MESSAGES[method], "StatusCode": 0}
        if status is not None:
            assert details(session, "cycled")["Status"] == status


def test_a_suspended_user_can_still_be_updated_and_stays_suspended(session: TestClient) -> None:
    user = create_user(session, "quiet")
    _act(session, "SuspendUser", "quiet")
    reply = call(session, "UpdateUser", **update_fields(user, Title="Still here"))
    assert reply["UserDetails"]["Status"] == "Disabled"
    assert reply["UserDetails"]["Title"] == "Still here"


def test_repeating_suspend_or_unsuspend_succeeds_and_changes_nothing(
    session: TestClient, runtime: Runtime
) -> None:
    create_user(session, "steady")
    before = user_table(runtime)
    assert _act(session, "UnsuspendUser", "steady")["StatusCode"] == 0
    assert user_table(runtime) == before
    assert details(session, "steady")["Status"] == "Active"
    assert _act(session, "SuspendUser", "steady")["StatusCode"] == 0
    suspended = user_table(runtime)
    assert _act(session, "SuspendUser", "steady") == {
        "Success": True,
        "Message": "User suspended.",
        "StatusCode": 0,
    }
    assert user_table(runtime) == suspended
    assert details(session, "steady")["Status"] == "Disabled"


def test_user_names_are_matched_without_regard_to_case(session: TestClient) -> None:
    create_user(session, "MixedCase")
    assert _act(session, "SuspendUser", "mixedcase")["StatusCode"] == 0
    assert details(session, "MIXEDCASE")["Status"] == "Disabled"


def test_a_deleted_user_is_1705_for_every_method(session: TestClient, runtime: Runtime) -> None:
    user = create_user(session, "ghost")
    assert _act(session, "DeleteUser", "ghost")["StatusCode"] == 0
    before = user_table(runtime)
    for method in ("SuspendUser", "UnsuspendUser", "DeleteUser"):
        assert _act(session, method, "ghost")["StatusCode"] == 1705, method
    get = call(session, "GetUserDetails", AccountAlias="ROOT", UserName="ghost")
    assert get["StatusCode"] == 1705
    update = call(session, "UpdateUser", **update_fields(user, Title="Back"))
    assert update["StatusCode"] == 1705
    assert "ghost" not in [
        u["UserName"] for u in call(session, "GetUsers", AccountAlias="ROOT")["Users"]
    ]
    assert user_table(runtime) == before


def test_a_deleted_user_keeps_its_row_for_the_audit_trail(
    session: TestClient, runtime: Runtime
) -> None:
    create_user(session, "kept-row")
    _act(session, "DeleteUser", "kept-row")
    users, _roles = user_table(runtime)
    assert [(row.user_name, row.status) for row in users] == [("kept-row", "Deleted")]


def test_unknown_user_is_1705(session: TestClient) -> None:
    outcomes = {m: _act(session, m, "nobody")["StatusCode"] for m in MESSAGES}
    assert outcomes == dict.fromkeys(MESSAGES, 1705)


def test_missing_user_name_is_1704(session: TestClient) -> None:
    required = {"EmailAddress": "x@example.com", "FirstName": "A", "LastName": "B"}
    outcomes = {}
    for method in [*MESSAGES, "UpdateUser"]:
        extra = required if method == "UpdateUser" else {}
        for name in ("absent", "", None, "  "):
            fields = {} if name == "absent" else {"UserName": name}
            outcomes[(method, name)] = call(session, method, **fields, **extra)["StatusCode"]
    assert outcomes == dict.fromkeys(outcomes, 1704)


def test_without_a_session_nothing_changes(session: TestClient, runtime: Runtime) -> None:
    create_user(session, "safe")
    before = user_table(runtime)
    session.cookies.clear()
    outcomes = {m: _act(session, m, "safe")["StatusCode"] for m in MESSAGES}
    assert outcomes == dict.fromkeys(MESSAGES, 100)
    assert user_table(runtime) == before
