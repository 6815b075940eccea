"""User/CreateUser (spec 4.2, 4.7, 7, 9.4, 10, 12)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    USER_DETAILS_KEYS,
    call,
    create_user,
    details,
    user_count,
    user_fields,
    user_table,
)


def _create(session: TestClient, **fields: Any) -> int:
    code: int = call(session, "CreateUser", **fields)["StatusCode"]
    return code


def test_success_reply_has_the_documented_shape(session: TestClient) -> None:
    reply = call(
        session,
        "CreateUser",
        UserName="jdoe",
        AccountAlias="ROOT",
        EmailAddress="jdoe@example.com",
        FirstName="Jane",
        LastName="Doe",
        Roles=[12, 14],
    )
    assert reply == {
        "UserDetails": {
            "AccountAlias": "ROOT",
            "UserName": "jdoe",
            "EmailAddress": "jdoe@example.com",
            "FirstName": "Jane",
            "LastName": "Doe",
            "AlternateEmailAddress": None,
            "Title": None,
            "OfficeNumber": None,
            "MobileNumber": None,
            "AllowSMS": False,
            "FaxNumber": None,
            "SAMLUserName": None,
            "TimeZoneID": "Pacific Standard Time",
            "Status": "Active",
            "Roles": [12, 14],
        },
        "Success": True,
        "Message": "User successfully created.",
        "StatusCode": 0,
    }
    assert list(reply) == ["UserDetails", "Success", "Message", "StatusCode"]
    assert list(reply["UserDetails"]) == USER_DETAILS_KEYS
    assert details(session, "jdoe") == reply["UserDetails"]


def test_optional_fields_are_stored_and_returned(session: TestClient) -> None:
    optional = {
        "AlternateEmailAddress": "alt@example.org",
        "Title": "Engineer",
        "OfficeNumber": "+1 206 555 0100",
        "MobileNumber": "+1 206 555 0101",
        "FaxNumber": "+1 206 555 0102",
        "SAMLUserName": "jdoe@idp.example.com",
        "TimeZoneID": "Eastern Standard Time",
    }
    created = create_user(session, "full", AllowSMSAlerts=True, **optional)
    assert {key: created[key] for key in optional} == optional
    assert created["AllowSMS"] is True
    assert details(session, "full") == created


REQUIRED = {
    "AccountAlias": 1600,
    "EmailAddress": 1700,
    "FirstName": 1702,
    "LastName": 1703,
    "UserName": 1704,
}


def test_missing_required_field_codes(session: TestClient, runtime: Runtime) -> None:
    outcomes: dict[tuple[str, str | None], int] = {}
    for missing in REQUIRED:
        for empty in (None, "", "   ", "absent"):
            fields = user_fields("someone")
            if empty == "absent":
                del fields[missing]
            else:
                fields[missing] = empty
            outcomes[(missing, empty)] = _create(session, **fields)
    assert outcomes == {case: REQUIRED[case[0]] for case in outcomes}
    assert user_count(runtime) == 0


def test_missing_fields_are_reported_in_table_order(session: TestClient) -> None:
    assert _create(session) == 1600
    assert _create(session, AccountAlias="ROOT") == 1700
    assert _create(session, AccountAlias="ROOT", EmailAddress="x@example.com") == 1702
    fields = user_fields("x", Roles=[1], EmailAddress="bad")
    del fields["LastName"]
    assert _create(session, **fields) == 1703


def test_a_role_that_is_not_a_number_does_not_hide_a_missing_field(session: TestClient) -> None:
    fields = user_fields("x", Roles=["abc"])
    del fields["LastName"]
    assert _create(session, **fields) == 1703


def test_user_name_taken_in_any_case_or_width_is_1701(
    session: TestClient, runtime: Runtime
) -> None:
    create_user(session, "jdoe")
    variants = ["jdoe", "JDOE", "JDoe", "\uff4a\uff44\uff4f\uff45", " jdoe "]
    outcomes = {
        v: _create(session, **user_fields(v, EmailAddress="j@example.com")) for v in variants
    }
    assert outcomes == dict.fromkeys(variants, 1701)
    assert user_count(runtime) == 1


def test_deleted_user_name_is_never_reused(session: TestClient, runtime: Runtime) -> None:
    create_user(session, "gone")
    assert call(session, "DeleteUser", UserName="gone")["StatusCode"] == 0
    assert _create(session, **user_fields("gone")) == 1701
    assert _create(session, **user_fields("GONE")) == 1701
    assert user_count(runtime) == 1


def test_invalid_role_is_1706(session: TestClient, runtime: Runtime) -> None:
    cases: list[Any] = [[1], [2, 1], [11], [99], ["abc"], "abc", [2.5], [True], [-2], [{"id": 2}]]
    outcomes = {
        repr(roles): _create(session, **user_fields("roled", Roles=roles)) for roles in cases
    }
    assert outcomes == dict.fromkeys(outcomes, 1706)
    assert user_count(runtime) == 0


def test_malformed_email_is_1707(session: TestClient, runtime: Runtime) -> None:
    emails = ["not-an-email", "a@b", "a b@example.com", "@example.com", "a@@example.com"]
    outcomes = {e: _create(session, **user_fields("mailer", EmailAddress=e)) for e in emails}
    assert outcomes == dict.fromkeys(emails, 1707)
    assert user_count(runtime) == 0


def test_unknown_or_malformed_alias_is_5(session: TestClient, runtime: Runtime) -> None:
    aliases = ["ZZZZ", "ZZ", "TOOLONG", "A!", "R", "ROOT/", "\uff32\uff2f\uff2f\uff34"]
    outcomes = {a: _create(session, **user_fields("lost", a)) for a in aliases}
    assert outcomes == dict.fromkeys(aliases, 5)
    assert user_count(runtime) == 0


def test_alias_matches_without_regard_to_case(session: TestClient) -> None:
    assert create_user(session, "lower", "root")["AccountAlias"] == "ROOT"


def test_without_a_session_nothing_is_created(client: TestClient, runtime: Runtime) -> None:
    assert _create(client, **user_fields("anon")) == 100
    assert user_count(runtime) == 0


def test_roles_as_json_list(session: TestClient) -> None:
    assert create_user(session, "json-roles", Roles=[14, 12])["Roles"] == [12, 14]


def test_roles_as_repeated_query_keys_clc_sdk_style(session: TestClient) -> None:
    params = [(key, value) for key, value in user_fields("sdk-roles").items()]
    params += [("Roles", "2"), ("Roles", "9")]
    response = session.post(
        "/REST/User/CreateUser/JSON",
        params=params,
        content=b"",
        headers={"content-type": "application/json"},
    )
    reply = response.json()
    assert reply["StatusCode"] == 0, reply
    assert reply["UserDetails"]["Roles"] == [2, 9]
    assert reply["UserDetails"]["EmailAddress"] == "sdk-roles@example.com"


def test_roles_in_an_xml_body(session: TestClient) -> None:
    fields = "".join(f"<{k}>{v}</{k}>" for k, v in user_fields("xml-roles").items())
    body = f"<CreateUserRequest>{fields}<Roles><int>8</int><int>3</int></Roles></CreateUserRequest>"
    response = session.post(
        "/REST/User/CreateUser/JSON", content=body, headers={"content-type": "text/xml"}
    )
    reply = response.json()
    assert reply["StatusCode"] == 0, reply
    assert reply["UserDetails"]["Roles"] == [3, 8]


def test_roles_absent_or_null_mean_no_roles(session: TestClient) -> None:
    assert create_user(session, "no-roles")["Roles"] == []
    assert create_user(session, "null-roles", Roles=None)["Roles"] == []
    assert create_user(session, "empty-roles", Roles=[])["Roles"] == []


def test_allow_sms_alerts_is_coerced_from_text(session: TestClient) -> None:
    sent = {"true": True, "True": True, "false": False, "1": True}
    stored = {
        v: create_user(session, f"sms-{i}", AllowSMSAlerts=v)["AllowSMS"]
        for i, v in enumerate(sent)
    }
    assert stored == sent


def test_valid_time_zone_is_kept(session: TestClient) -> None:
    zones = ["Eastern Standard Time", "Central Standard Time(Mexico)", "UTC", "UTC+12"]
    kept = [
        create_user(session, f"tz-{i}", TimeZoneID=z)["TimeZoneID"] for i, z in enumerate(zones)
    ]
    assert kept == zones


def test_unknown_time_zone_falls_back_to_the_account_zone(session: TestClient) -> None:
    zones = ["Mars Standard Time", "Europe/Berlin", "", "EST"]
    got = [create_user(session, f"tz-{i}", TimeZoneID=z)["TimeZoneID"] for i, z in enumerate(zones)]
    assert got == ["Pacific Standard Time"] * len(zones)


def test_powershell_module_body_with_every_field_and_nulls(session: TestClient) -> None:
    body = user_fields("posh") | {
        "AlternateEmailAddress": None,
        "Title": None,
        "OfficeNumber": None,
        "MobileNumber": None,
        "AllowSMSAlerts": None,
        "FaxNumber": None,
        "SAMLUserName": None,
        "TimeZoneID": None,
        "Roles": None,
    }
    reply = call(session, "CreateUser", **body)
    assert reply["StatusCode"] == 0, reply
    created = reply["UserDetails"]
    assert created["Roles"] == []
    assert created["AllowSMS"] is False
    assert created["TimeZoneID"] == "Pacific Standard Time"
    assert [k for k, v in created.items() if v is None] == [
        "AlternateEmailAddress",
        "Title",
        "OfficeNumber",
        "MobileNumber",
        "FaxNumber",
        "SAMLUserName",
    ]


def test_body_wins_over_query_string(session: TestClient, runtime: Runtime) -> None:
    response = session.post(
        "/REST/User/CreateUser/JSON",
        params={"UserName": "from-query", "Title": "Query title"},
        json=user_fields("from-body", Title="Body title"),
    )
    created = response.json()["UserDetails"]
    assert (created["UserName"], created["Title"]) == ("from-body", "Body title")
    assert user_count(runtime) == 1


def test_a_failed_create_changes_nothing(session: TestClient, runtime: Runtime) -> None:
    create_user(session, "first", Roles=[2])
    before = user_table(runtime)
    assert _create(session, **user_fields("first", Roles=[3])) == 1701
    assert _create(session, **user_fields("second", Roles=[1])) == 1706
    assert user_table(runtime) == before
