"""The Account API in XML (spec 1.4, 1.5, 5): replies match their JSON twins field by field,
and the documented XML request roots work like JSON bodies."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.custom_fields import new_custom_field
from chamberlain.services.accounts import define_custom_field
from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    ACCOUNT_CONTACT,
    account_details,
    account_fields,
    call,
    call_xml,
    comparable,
    create_account,
    json_as_xml_data,
    url,
    xml_as_data,
    xml_request,
)

pytestmark = pytest.mark.usefixtures("tree")

# Spec 1.5 / 5: XML root and success Message of each Account method.
ROOTS = {
    "GetAccounts": ("AccountsResponse", "Accounts successfully queried."),
    "GetAccountDetails": ("AccountDetailsResponse", "Account details successfully queried."),
    "CreateAccount": ("AccountDetailsResponse", "Account successfully created."),
    "UpdateAccountDetails": ("AccountDetailsResponse", "Account details successfully updated."),
    "SuspendAccount": ("QueuedItemResponse", "Account Suspended."),
    "EnableAccount": ("QueuedItemResponse", "Account Enabled."),
    "GetLocations": ("LocationsResponse", "Locations successfully queried."),
    "GetCustomFields": ("AccountCustomFieldsResponse", "Custom Fields retrieved successfully."),
}
UPDATE = ACCOUNT_CONTACT | {"TimeZone": "UTC", "Fax": "555 0199", "ShareParentNetworks": True}

# Per method: (fields of the JSON call, fields of the XML call). A call that changes
# something gets a twin target, so both start from the same state; then an error case.
PAIRS: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {
    "GetAccounts": [({},) * 2, ({"AccountAlias": "aa"},) * 2, ({"AccountAlias": "ZZZZ"},) * 2],
    "GetAccountDetails": [({"AccountAlias": a},) * 2 for a in ("NW", "ROOT", "ZZZZ")] + [({},) * 2],
    "CreateAccount": [
        (account_fields("AA", "JA", Fax="1"), account_fields("AA", "XA", Fax="1")),
        ({"ParentAlias": "ROOT"},) * 2,
    ],
    "UpdateAccountDetails": [
        (UPDATE | {"AccountAlias": "AA"}, UPDATE | {"AccountAlias": "BB"}),
        ({"AccountAlias": "AA"},) * 2,
    ],
    "SuspendAccount": [({"AccountAlias": "AA"}, {"AccountAlias": "BB"})]
    + [({"AccountAlias": a},) * 2 for a in ("ROOT", "ZZZZ")],
    "EnableAccount": [({"AccountAlias": "A1"}, {"AccountAlias": "NW"})]
    + [({"AccountAlias": a},) * 2 for a in ("ROOT", "")],
    "GetLocations": [({},) * 2],
    "GetCustomFields": [({"AccountAlias": a},) * 2 for a in ("AA", "ROOT", "ZZZZ")],
}


@pytest.fixture
def filled(tree: None, session: TestClient, runtime: Runtime, operator: Actor) -> None:
    """NW below AA with every field, A1 and NW suspended, custom fields on AA."""
    create_account(session, "AA", "NW", Address2="Suite 9", Fax="555 0199", Location="GB3")
    for alias in ("A1", "NW"):
        call(session, "SuspendAccount", AccountAlias=alias)
    tier = new_custom_field("Tier", "Option", required=False, options=[("Gold", "g"), ("T", "t")])
    note = new_custom_field("Note", "Text", required=True, options=())
    for definition in (tier, note):
        define_custom_field(runtime, operator, "AA", definition)


def _volatile(reply: dict[str, Any]) -> dict[str, Any]:
    """``reply`` without what differs between twin targets (checked by the caller)."""
    rest = {key: value for key, value in reply.items() if key != "RequestID"}
    if isinstance(rest.get("AccountDetails"), dict):
        rest["AccountDetails"] = {
            k: v for k, v in rest["AccountDetails"].items() if k != "AccountAlias"
        }
    return rest


def _twins(session: TestClient, method: str) -> list[tuple[Any, Any]]:
    """The JSON and XML replies of each pair of ``method``, as comparable data."""
    twins = []
    for json_fields, xml_fields in PAIRS[method]:
        from_json = json_as_xml_data(call(session, method, **json_fields))
        root = call_xml(session, method, **xml_fields)
        from_xml = xml_as_data(root) | {"root": root.tag}
        from_json["root"] = ROOTS[method][0]
        if json_fields is not xml_fields:
            for data, fields in ((from_json, json_fields), (from_xml, xml_fields)):
                sent = fields.get("AccountAlias")
                assert data.get("AccountDetails", {}).get("AccountAlias", sent) == sent
                assert data.get("RequestID", "0").isdigit()
            from_json, from_xml = _volatile(from_json), _volatile(from_xml)
        twins.append((from_json, from_xml))
    return twins


@pytest.mark.usefixtures("filled")
def test_xml_replies_say_what_the_json_replies_say(session: TestClient) -> None:
    twins = {method: _twins(session, method) for method in ROOTS}
    differing = {m: [(j, x) for j, x in pairs if j != x] for m, pairs in twins.items()}
    assert {m: pairs for m, pairs in differing.items() if pairs} == {}
    for method, pairs in twins.items():
        outcomes = [(j["StatusCode"], j["Message"]) for j, _ in pairs]
        # The first pair succeeds with the documented Message; the last is an error.
        assert outcomes[0] == ("0", ROOTS[method][1])
        assert method == "GetLocations" or outcomes[-1][0] != "0", outcomes


def _post_xml(client: TestClient, method: str, root: str, **fields: Any) -> httpx2.Response:
    body = xml_request(root, **fields)
    return client.post(url(method), content=body, headers={"Content-Type": "text/xml"})


# Stateless requests: the XML body must get the very reply of the JSON body.
SAME_REPLY = [
    ("GetAccountDetails", "GetAccountDetailsRequest", {"AccountAlias": "aa"}),
    ("GetAccountDetails", "GetAccountDetailsRequest", {"AccountAlias": "ZZZZ"}),
    ("GetAccountDetails", "GetAccountDetailsRequest", {}),
    ("GetCustomFields", "GetCustomFieldsRequest", {"AccountAlias": "AA"}),
    ("GetCustomFields", "GetCustomFieldsRequest", {"AccountAlias": "BB"}),
    ("SuspendAccount", "AccountStatusRequest", {"AccountAlias": "ROOT"}),
    ("EnableAccount", "AccountStatusRequest", {"AccountAlias": "ZZZZ"}),
    ("CreateAccount", "CreateAccountRequest", account_fields(Address1=None)),
    ("CreateAccount", "CreateAccountRequest", account_fields(Location="XX1")),
    ("CreateAccount", "CreateAccountRequest", account_fields(BillingResponsibilityID=3)),
    ("UpdateAccountDetails", "UpdateAccountDetailsRequest", {"AccountAlias": "AA"}),
    ("UpdateAccountDetails", "UpdateAccountDetailsRequest", ACCOUNT_CONTACT),
]


@pytest.mark.usefixtures("filled")
def test_xml_request_bodies_get_the_json_bodys_reply(session: TestClient) -> None:
    differing = []
    for method, root, fields in SAME_REPLY:
        from_json = session.post(url(method), json=fields)
        from_xml = _post_xml(session, method, root, **fields)
        if comparable(from_xml) != comparable(from_json):
            differing.append((method, fields, from_json.text, from_xml.text))
    assert differing == []


def test_create_account_from_an_xml_body(session: TestClient) -> None:
    fields = account_fields("aa", Fax="1", TimeZone="GMT Standard Time", Location="gb1")
    fields |= {"ShareParentNetworks": "true", "BillingResponsibilityID": "2"}
    by_json = call(session, "CreateAccount", **fields, AccountAlias="JA")
    by_xml = _post_xml(
        session, "CreateAccount", "CreateAccountRequest", **fields, AccountAlias="xa"
    )
    assert by_xml.json() == by_json | {
        "AccountDetails": by_json["AccountDetails"] | {"AccountAlias": "XA"}
    }
    assert account_details(session, "XA")["ShareParentNetworks"] is True


def test_update_account_details_from_an_xml_body(session: TestClient) -> None:
    fields = UPDATE | {"Address2": "Suite 9", "BillingResponsibilityID": 2}
    by_json = call(session, "UpdateAccountDetails", **fields, AccountAlias="AA")
    by_xml = _post_xml(
        session, "UpdateAccountDetails", "UpdateAccountDetailsRequest", **fields, AccountAlias="BB"
    ).json()
    assert by_json["StatusCode"] == 0
    assert by_xml == by_json | {
        "AccountDetails": by_json["AccountDetails"] | {"AccountAlias": "BB"}
    }
    # An empty element clears Address2, as "" does in JSON.
    again = fields | {"Address2": "", "AccountAlias": "BB"}
    cleared = _post_xml(session, "UpdateAccountDetails", "UpdateAccountDetailsRequest", **again)
    assert cleared.json()["AccountDetails"]["Address2"] is None


def test_account_status_request_bodies(session: TestClient) -> None:
    for method, status in (("SuspendAccount", 2), ("EnableAccount", 1)):
        by_json = call(session, method, AccountAlias="AA")
        by_xml = _post_xml(session, method, "AccountStatusRequest", AccountAlias="bb").json()
        assert type(by_xml["RequestID"]) is int
        assert by_xml | {"RequestID": 0} == by_json | {"RequestID": 0}
        assert by_json["Message"] == ROOTS[method][1]
        assert [account_details(session, a)["Status"] for a in ("AA", "BB")] == [status, status]
