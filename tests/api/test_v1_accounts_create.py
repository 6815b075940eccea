"""Account/CreateAccount (spec 1.4, 5.1, 5.3, 5.5, 7, 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from chamberlain.db.models import AccountRow
from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    ACCOUNT_CONTACT,
    ACCOUNT_DETAILS_KEYS,
    ACCOUNT_REQUIRED,
    account_details,
    account_fields,
    account_table,
    call,
    comparable,
    create_account,
    create_user,
    post,
)

# How a client leaves a field out: four spellings of "not given".
MISSING: dict[str, Any] = {"absent": ..., "null": None, "empty": "", "blank": "   "}


def _code(client: TestClient, **fields: Any) -> int:
    code: int = call(client, "CreateAccount", **fields)["StatusCode"]
    return code


def test_success_reply_has_the_documented_shape(session: TestClient) -> None:
    reply = call(
        session,
        "CreateAccount",
        **account_fields(
            alias="nw",
            Location="de1",
            Address2="Suite 9",
            Fax="+1 206 555 0199",
            TimeZone="Eastern Standard Time",
            ShareParentNetworks="true",
            BillingResponsibilityID="2",
        ),
    )
    assert reply == {
        "AccountDetails": {
            "AccountAlias": "NW",
            "ParentAlias": "ROOT",
            "Location": "DE1",
            **ACCOUNT_CONTACT,
            "Address2": "Suite 9",
            "Fax": "+1 206 555 0199",
            "TimeZone": "Eastern Standard Time",
            "Status": 1,
            "ShareParentNetworks": True,
            "SupportLevel": "developer",
        },
        "Success": True,
        "Message": "Account successfully created.",
        "StatusCode": 0,
    }
    assert list(reply) == ["AccountDetails", "Success", "Message", "StatusCode"]
    assert list(reply["AccountDetails"]) == ACCOUNT_DETAILS_KEYS
    assert account_details(session, "nw") == reply["AccountDetails"]


def test_optional_fields_left_out_are_null(session: TestClient) -> None:
    created = create_account(session, alias="NW", ShareParentNetworks=0)
    assert (created["Address2"], created["Fax"], created["ShareParentNetworks"]) == (
        None,
        None,
        False,
    )


def test_an_alias_not_given_is_generated(session: TestClient) -> None:
    made = []
    for spelling in (*MISSING, "absent"):
        fields = account_fields(AccountAlias=MISSING[spelling])
        made.append(
            call(session, "CreateAccount", **{k: v for k, v in fields.items() if v is not ...})
        )
    aliases = [reply["AccountDetails"]["AccountAlias"] for reply in made]
    assert all(re.fullmatch("[A-Z]{4}", alias) for alias in aliases), aliases
    assert len(set(aliases) | {"ROOT"}) == len(made) + 1
    for alias in aliases:
        assert account_details(session, alias)["ParentAlias"] == "ROOT"


def test_unknown_time_zone_falls_back_to_the_parents(session: TestClient) -> None:
    create_account(session, alias="EST", TimeZone="Eastern Standard Time")
    zones = {
        sent: create_account(session, "EST", **({} if sent is None else {"TimeZone": sent}))[
            "TimeZone"
        ]
        for sent in ("Mars Standard Time", "", None, "central standard time")
    }
    assert zones == {
        "Mars Standard Time": "Eastern Standard Time",
        "": "Eastern Standard Time",
        None: "Eastern Standard Time",
        "central standard time": "Central Standard Time",
    }


def test_required_fields_answer_in_documented_order(session: TestClient, runtime: Runtime) -> None:
    """Fill the request field by field: each step answers the next code of spec 7."""
    before = account_table(runtime)
    valid = account_fields(alias="NW")
    steps = [*ACCOUNT_REQUIRED, ("ParentAlias", 1609), ("Location", 1610)]
    steps.append(("BillingResponsibilityID", 1616))
    got: dict[str, list[tuple[str, int]]] = {}
    for spelling, left_out in MISSING.items():
        missing = {name: left_out for name, _ in steps}
        got[spelling] = []
        for name, _ in steps:
            fields = {k: v for k, v in (valid | missing).items() if v is not ...}
            got[spelling].append((name, _code(session, **fields)))
            missing.pop(name)
    assert got == dict.fromkeys(MISSING, steps)
    assert account_table(runtime) == before
    assert _code(session, **valid) == 0


def test_unknown_location_is_1610(session: TestClient, runtime: Runtime) -> None:
    before = account_table(runtime)
    codes = {loc: _code(session, **account_fields(Location=loc)) for loc in ("XX9", "WA", "NE1")}
    assert codes == {"XX9": 1610, "WA": 1610, "NE1": 1610}
    assert account_table(runtime) == before


def test_billing_responsibility_must_be_1_or_2(session: TestClient, runtime: Runtime) -> None:
    sent: list[Any] = [..., None, "", "0", "3", 3, "x", "-1", "1.5"]
    before = account_table(runtime)
    got = {}
    for value in sent:
        fields = account_fields()
        fields.pop("BillingResponsibilityID")
        if value is not ...:
            fields["BillingResponsibilityID"] = value
        got[repr(value)] = _code(session, **fields)
    assert got == {repr(value): 1616 for value in sent}
    assert account_table(runtime) == before
    ok = [_code(session, **account_fields(BillingResponsibilityID=v)) for v in (1, 2, "1", " 2")]
    assert ok == [0, 0, 0, 0]


def test_presence_is_checked_before_the_billing_value(session: TestClient) -> None:
    fields = account_fields(BillingResponsibilityID="x")
    fields.pop("Address1")
    assert _code(session, **fields) == 1601


def test_unknown_parent_is_5_and_hidden_parents_answer_the_same(
    session: TestClient, aa: TestClient, runtime: Runtime
) -> None:
    before = account_table(runtime)
    assert _code(session, **account_fields("ZZZZ")) == 5
    # The request is checked before the parent is looked up.
    assert _code(session, **account_fields("ZZZZ", Location="XX9")) == 1610
    assert _code(session, **account_fields("ZZZZ", BillingResponsibilityID=9)) == 1616
    missing = post(aa, "CreateAccount", **account_fields("ZZZZ", "NW"))
    assert missing.json()["StatusCode"] == 5
    for parent in ("ROOT", "BB", "root", "bb"):
        hidden = post(aa, "CreateAccount", **account_fields(parent, "NW"))
        assert comparable(hidden) == comparable(missing), parent
    # A duplicate or malformed alias under a hidden parent tells nothing either.
    for alias in ("AA", "ABCDE"):
        assert comparable(post(aa, "CreateAccount", **account_fields("BB", alias))) == comparable(
            missing
        )
    assert account_table(runtime) == before


def _delete_account(runtime: Runtime, alias: str) -> None:
    with runtime.db.engine.begin() as connection:
        connection.execute(update(AccountRow).where(AccountRow.alias == alias).values(status=3))


@pytest.mark.usefixtures("tree")
def test_taken_aliases_are_1611(session: TestClient, aa: TestClient, runtime: Runtime) -> None:
    create_account(session, alias="DL")
    _delete_account(runtime, "DL")
    before = account_table(runtime)
    cases = {
        "existing": (session, "ROOT", "A1"),
        "other case": (session, "ROOT", "a1"),
        "padded": (session, "AA", " aA "),
        "the parent's": (session, "AA", "AA"),
        "the root's": (session, "AA", "root"),
        "deleted account's": (session, "ROOT", "dl"),
        "other tenant's": (aa, "AA", "bb"),
    }
    got = {}
    for name, (client, parent, alias) in cases.items():
        got[name] = _code(client, **account_fields(parent, alias))
    assert got == dict.fromkeys(cases, 1611)
    assert account_table(runtime) == before


def test_malformed_aliases_are_3(session: TestClient, runtime: Runtime) -> None:
    before = account_table(runtime)
    aliases = ["ABCDE", "A", "A-B", "A B", "AB!", "ＡＢ", "Ａ1", "É1", "A\u200bB"]
    got = {
        alias: call(session, "CreateAccount", **account_fields(alias=alias)) for alias in aliases
    }
    assert {alias: reply["StatusCode"] for alias, reply in got.items()} == dict.fromkeys(aliases, 3)
    assert all(r["Message"].startswith("Invalid Request Format") for r in got.values())
    assert account_table(runtime) == before


@pytest.mark.usefixtures("tree")
def test_a_new_sub_account_is_usable_at_once(session: TestClient, aa: TestClient) -> None:
    made = create_account(aa, "A1", "NW")
    assert (made["ParentAlias"], made["Status"]) == ("A1", 1)
    assert create_user(aa, "nw-user", "NW")["AccountAlias"] == "NW"
    assert [u["UserName"] for u in call(aa, "GetUsers", AccountAlias="nw")["Users"]] == ["nw-user"]
    assert create_account(aa, "NW", "NW2")["ParentAlias"] == "NW"
    listed = [
        (a["AccountAlias"], a["ParentAlias"]) for a in call(session, "GetAccounts")["Accounts"]
    ]
    assert listed.index(("A1", "AA")) < listed.index(("NW", "A1")) < listed.index(("NW2", "NW"))
    assert [a["AccountAlias"] for a in call(aa, "GetAccounts")["Accounts"]] == [
        "AA",
        "A1",
        "NW",
        "NW2",
    ]
    entry = call(session, "GetAccounts", AccountAlias="NW")["Accounts"][0]
    assert (entry["AccountAlias"], entry["IsActive"], entry["Location"]) == ("NW", True, "WA1")
