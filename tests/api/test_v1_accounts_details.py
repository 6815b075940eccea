"""Account/GetAccountDetails and Account/UpdateAccountDetails (spec 1.5, 5.3, 5.6, 7, 12)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    ACCOUNT_CONTACT,
    ACCOUNT_DETAILS_KEYS,
    ACCOUNT_REQUIRED,
    account_details,
    account_fields,
    account_table,
    account_update,
    call,
    call_xml,
    create_account,
)

pytestmark = pytest.mark.usefixtures("tree")

# The record fields the documented XML carries as attributes and as child elements (5.3).
XML_ATTRIBUTES = ["AccountAlias", "ParentAlias", "Location", "TimeZone", "Status"]
XML_ATTRIBUTES.append("ShareParentNetworks")
XML_CHILDREN = ["BusinessName", "Address1", "Address2", "City", "StateProvince", "PostalCode"]
XML_CHILDREN += ["Country", "Telephone", "Fax"]


@pytest.fixture
def nw(session: TestClient) -> dict[str, Any]:
    """Account NW below AA with every field set."""
    return create_account(
        session,
        "AA",
        "NW",
        Address2="Suite 9",
        Fax="555 0199",
        TimeZone="Eastern Standard Time",
        ShareParentNetworks=True,
        Location="CA1",
    )


def _code(client: TestClient, method: str, **fields: Any) -> int:
    code: int = call(client, method, **fields)["StatusCode"]
    return code


def test_details_have_the_documented_shape(session: TestClient, nw: dict[str, Any]) -> None:
    reply = call(session, "GetAccountDetails", AccountAlias="nw")
    assert (reply["Success"], reply["Message"], reply["StatusCode"]) == (
        True,
        "Account details successfully queried.",
        0,
    )
    assert list(reply) == ["AccountDetails", "Success", "Message", "StatusCode"]
    assert list(reply["AccountDetails"]) == ACCOUNT_DETAILS_KEYS
    assert reply["AccountDetails"] == nw
    assert (nw["AccountAlias"], nw["ParentAlias"], nw["Location"], nw["Status"]) == (
        "NW",
        "AA",
        "CA1",
        1,
    )
    root = account_details(session, "ROOT")
    assert (root["ParentAlias"], root["Status"]) == (None, 1)


def test_a_missing_alias_is_1600(session: TestClient, runtime: Runtime) -> None:
    before = account_table(runtime)
    methods = ["GetAccountDetails", "UpdateAccountDetails", "GetCustomFields"]
    methods += ["SuspendAccount", "EnableAccount"]
    fields = ACCOUNT_CONTACT | {"TimeZone": "UTC"}
    got = {
        method: [_code(session, method, **fields)]
        + [_code(session, method, **fields, AccountAlias=v) for v in (None, "", "  ")]
        for method in methods
    }
    assert got == {method: [1600] * 4 for method in methods}
    assert account_table(runtime) == before


def test_unknown_and_hidden_aliases_are_5(session: TestClient, aa: TestClient) -> None:
    aliases = ("ZZZZ", "ABCDE", "A-B", "ＡＡ")
    assert [_code(session, "GetAccountDetails", AccountAlias=a) for a in aliases] == [5] * 4
    assert [_code(aa, "GetAccountDetails", AccountAlias=a) for a in ("ROOT", "BB")] == [5, 5]
    assert account_details(aa, "a1")["AccountAlias"] == "A1"


def test_xml_details_put_scalars_in_attributes_and_contact_in_children(
    session: TestClient, nw: dict[str, Any]
) -> None:
    root = call_xml(session, "GetAccountDetails", AccountAlias="NW")
    assert (root.tag, root.attrib["StatusCode"]) == ("AccountDetailsResponse", "0")
    [record] = list(root)
    assert record.tag == "AccountDetails"
    assert {name: record.get(name) for name in XML_ATTRIBUTES} == {
        "AccountAlias": "NW",
        "ParentAlias": "AA",
        "Location": "CA1",
        "TimeZone": "Eastern Standard Time",
        "Status": "1",
        "ShareParentNetworks": "true",
    }
    assert not set(record.attrib) & set(XML_CHILDREN)
    assert [(child.tag, child.text) for child in record] == [(n, nw[n]) for n in XML_CHILDREN]
    assert all(not list(child) and not child.attrib for child in record)


def test_xml_details_omit_nulls(session: TestClient) -> None:
    record = call_xml(session, "GetAccountDetails", AccountAlias="ROOT")[0]
    assert "ParentAlias" not in record.attrib
    assert [child.tag for child in record] == ["BusinessName"]
    created = create_account(session, alias="NF")
    record = call_xml(session, "GetAccountDetails", AccountAlias="NF")[0]
    assert [child.tag for child in record] == [n for n in XML_CHILDREN if created[n] is not None]
    assert "Address2" not in [child.tag for child in record]


def test_update_required_fields_answer_in_documented_order(
    session: TestClient, runtime: Runtime, nw: dict[str, Any]
) -> None:
    before = account_table(runtime)
    valid = account_update(nw, TimeZone="UTC", BusinessName="Renamed")
    steps = [("AccountAlias", 1600), *ACCOUNT_REQUIRED, ("TimeZone", 1608)]
    missing = {name for name, _ in steps}
    got, want = [], []
    for name, code in steps:
        fields = {k: v for k, v in valid.items() if k not in missing}
        got.append((name, _code(session, "UpdateAccountDetails", **fields)))
        want.append((name, code))
        missing.remove(name)
    assert got == want
    assert account_table(runtime) == before
    reply = call(session, "UpdateAccountDetails", **valid)
    assert (reply["StatusCode"], reply["Message"]) == (0, "Account details successfully updated.")
    assert reply["AccountDetails"] == nw | {"TimeZone": "UTC", "BusinessName": "Renamed"}
    assert account_details(session, "NW") == reply["AccountDetails"]


def test_update_replaces_the_contact_details(session: TestClient, nw: dict[str, Any]) -> None:
    new = {name: f"new {name}" for name in ACCOUNT_CONTACT} | {"Address2": "b", "Fax": "c"}
    updated = call(session, "UpdateAccountDetails", **account_update(nw, **new))
    assert updated["AccountDetails"] == nw | new
    assert list(updated["AccountDetails"]) == ACCOUNT_DETAILS_KEYS


def test_update_of_an_unknown_account_is_5(session: TestClient, runtime: Runtime) -> None:
    before = account_table(runtime)
    aa = account_details(session, "AA") | ACCOUNT_CONTACT | {"TimeZone": "UTC"}
    fields = account_update(aa)
    assert _code(session, "UpdateAccountDetails", **fields | {"AccountAlias": "ZZZZ"}) == 5
    assert account_table(runtime) == before


def test_an_unknown_time_zone_keeps_the_current_one(
    session: TestClient, nw: dict[str, Any]
) -> None:
    for zone in ("Mars Standard Time", "Pacific Standard Time (Moon)"):
        updated = call(session, "UpdateAccountDetails", **account_update(nw, TimeZone=zone))
        assert updated["AccountDetails"]["TimeZone"] == "Eastern Standard Time"
    lower = account_update(nw, TimeZone="gmt standard time")
    assert call(session, "UpdateAccountDetails", **lower)["AccountDetails"]["TimeZone"] == (
        "GMT Standard Time"
    )


# UpdateAccountDetails fields sent -> Address2 and Fax afterwards (NW has both set).
OPTIONAL_CHANGES: list[tuple[dict[str, Any], tuple[str | None, str | None]]] = [
    ({}, ("Suite 9", "555 0199")),
    ({"Address2": None, "Fax": None}, ("Suite 9", "555 0199")),
    ({"Address2": ""}, (None, "555 0199")),
    ({"Address2": "Floor 2", "Fax": ""}, ("Floor 2", None)),
    ({}, ("Floor 2", None)),
    ({"Fax": "  "}, ("Floor 2", None)),
    ({"Fax": "1"}, ("Floor 2", "1")),
]


def test_address2_and_fax_change_only_when_sent(session: TestClient, nw: dict[str, Any]) -> None:
    got = []
    for sent, _ in OPTIONAL_CHANGES:
        reply = call(session, "UpdateAccountDetails", **account_update(nw, **sent))
        got.append((sent, (reply["AccountDetails"]["Address2"], reply["AccountDetails"]["Fax"])))
    assert got == OPTIONAL_CHANGES
    assert account_details(session, "NW") == reply["AccountDetails"]


def test_share_parent_networks_changes_only_when_sent(
    session: TestClient, nw: dict[str, Any]
) -> None:
    def shared(**sent: Any) -> bool:
        reply = call(session, "UpdateAccountDetails", **account_update(nw, **sent))
        value: bool = reply["AccountDetails"]["ShareParentNetworks"]
        return value

    got = [shared(), shared(ShareParentNetworks="false"), shared(), shared(ShareParentNetworks=1)]
    assert got == [True, False, False, True]


def test_billing_responsibility_from_the_powershell_module_is_accepted(
    session: TestClient, nw: dict[str, Any]
) -> None:
    for value in (2, "1"):
        reply = call(
            session, "UpdateAccountDetails", **account_update(nw, BillingResponsibilityID=value)
        )
        assert (reply["StatusCode"], reply["AccountDetails"]) == (0, nw)


def test_parent_and_location_in_the_body_neither_move_nor_relocate(
    session: TestClient, nw: dict[str, Any]
) -> None:
    tree_before = call(session, "GetAccounts")["Accounts"]
    for change in ({"ParentAlias": "BB"}, {"Location": "DE1"}, {"ParentAlias": "", "Location": ""}):
        reply = call(session, "UpdateAccountDetails", **account_update(nw, **change))
        assert (reply["StatusCode"], reply["AccountDetails"]) == (0, nw), change
    assert account_details(session, "NW") == nw
    assert call(session, "GetAccounts")["Accounts"] == tree_before
    assert [
        a["AccountAlias"] for a in call(session, "GetAccounts", AccountAlias="BB")["Accounts"]
    ] == ["BB"]


def test_an_account_may_update_itself(aa: TestClient) -> None:
    mine = account_details(aa, "AA") | ACCOUNT_CONTACT | {"TimeZone": "UTC"}
    reply = call(aa, "UpdateAccountDetails", **account_update(mine))
    assert (reply["StatusCode"], reply["AccountDetails"]) == (0, mine)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_break_in_a_business_name_is_3_naming_the_field(
    session: TestClient, runtime: Runtime, nw: dict[str, Any], separator: str
) -> None:
    """Issue 13: such a name went into every invitation's subject and broke the mail."""
    before = account_table(runtime)
    name = f"Acme{separator}Corp"
    current = account_details(session, nw["AccountAlias"])
    for method, fields in [
        ("CreateAccount", account_fields("AA", "LS", BusinessName=name)),
        ("UpdateAccountDetails", account_update(current, BusinessName=name)),
    ]:
        reply = call(session, method, **fields)
        assert reply["StatusCode"] == 3, (method, reply)
        assert "BusinessName contains line breaks" in reply["Message"], (method, reply)
    assert account_table(runtime) == before
