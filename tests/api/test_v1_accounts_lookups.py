"""Account/GetLocations and Account/GetCustomFields (spec 5.4, 5.6)."""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.domain.custom_fields import new_custom_field
from chamberlain.services.accounts import define_custom_field
from chamberlain.services.runtime import Runtime
from tests.api.v1 import call, call_xml

# Spec 5.4: the real list shown in the SDK README, in its order.
LOCATIONS = [
    ("WA1", "US West"),
    ("UT1", "US Central"),
    ("IL1", "US Central"),
    ("NY1", "US East"),
    ("GB1", "Europe"),
    ("CA1", "Canada"),
    ("CA2", "Canada"),
    ("DE1", "Germany"),
    ("UC1", "US West"),
    ("VA1", "US East"),
    ("CA3", "Canada"),
    ("GB3", "Europe"),
]
CUSTOM_FIELD_KEYS = ["ID", "CustomFieldTypeID", "UUID", "CustomFieldType", "Name", "IsRequired"]
CUSTOM_FIELD_KEYS.append("AccountCustomFieldOptions")


def test_get_locations_lists_the_twelve_default_locations(session: TestClient) -> None:
    reply = call(session, "GetLocations")
    assert list(reply) == ["Locations", "Success", "Message", "StatusCode"]
    assert (reply["Success"], reply["Message"], reply["StatusCode"]) == (
        True,
        "Locations successfully queried.",
        0,
    )
    assert reply["Locations"] == [{"Alias": alias, "Region": region} for alias, region in LOCATIONS]
    assert all(list(location) == ["Alias", "Region"] for location in reply["Locations"])


def test_get_locations_in_xml(session: TestClient) -> None:
    root = call_xml(session, "GetLocations")
    assert (root.tag, root.attrib) == (
        "LocationsResponse",
        {"Success": "true", "Message": "Locations successfully queried.", "StatusCode": "0"},
    )
    [container] = list(root)
    assert container.tag == "Locations"
    assert [(item.tag, item.attrib, list(item)) for item in container] == [
        ("Location", {"Alias": alias, "Region": region}, []) for alias, region in LOCATIONS
    ]


@pytest.mark.usefixtures("tree")
def test_every_api_user_gets_the_same_locations(session: TestClient, aa: TestClient) -> None:
    assert call(aa, "GetLocations") == call(session, "GetLocations")


@pytest.mark.usefixtures("tree")
def test_no_custom_fields_by_default(session: TestClient) -> None:
    for alias in ("ROOT", "AA", "a1"):
        reply = call(session, "GetCustomFields", AccountAlias=alias)
        assert reply == {
            "AccountCustomFields": [],
            "Success": True,
            "Message": "Custom Fields retrieved successfully.",
            "StatusCode": 0,
        }
    root = call_xml(session, "GetCustomFields", AccountAlias="AA")
    assert (root.tag, root.attrib["StatusCode"]) == ("AccountCustomFieldsResponse", "0")
    assert [(child.tag, list(child)) for child in root] == [("AccountCustomFields", [])]


@pytest.mark.usefixtures("tree")
def test_defined_custom_fields_are_listed_in_the_documented_shape(
    session: TestClient, aa: TestClient, runtime: Runtime, operator: Actor
) -> None:
    definitions = [
        new_custom_field("Cost centre", "Text", required=True, options=()),
        new_custom_field("Tier", "Option", required=False, options=[("Gold", "g"), ("Tin", "t")]),
        new_custom_field("Audited", "checkbox", required=False, options=()),
    ]
    for definition in definitions:
        define_custom_field(runtime, operator, "AA", definition)
    reply = call(aa, "GetCustomFields", AccountAlias="aa")
    assert (reply["StatusCode"], reply["Message"]) == (0, "Custom Fields retrieved successfully.")
    fields = reply["AccountCustomFields"]
    assert [list(field) for field in fields] == [CUSTOM_FIELD_KEYS] * 3
    assert fields == [
        {
            "ID": -1,
            "CustomFieldTypeID": -1,
            "UUID": definitions[0].uuid,
            "CustomFieldType": "Text",
            "Name": "Cost centre",
            "IsRequired": True,
            "AccountCustomFieldOptions": None,
        },
        {
            "ID": -1,
            "CustomFieldTypeID": -1,
            "UUID": definitions[1].uuid,
            "CustomFieldType": "Option",
            "Name": "Tier",
            "IsRequired": False,
            "AccountCustomFieldOptions": [
                {"Name": "Gold", "Value": "g"},
                {"Name": "Tin", "Value": "t"},
            ],
        },
        {
            "ID": -1,
            "CustomFieldTypeID": -1,
            "UUID": definitions[2].uuid,
            "CustomFieldType": "Checkbox",
            "Name": "Audited",
            "IsRequired": False,
            "AccountCustomFieldOptions": None,
        },
    ]
    assert len({str(uuid.UUID(field["UUID"])) for field in fields}) == 3
    # Definitions belong to their account: the parent does not show them.
    assert call(session, "GetCustomFields", AccountAlias="ROOT")["AccountCustomFields"] == []
    assert call(session, "GetCustomFields", AccountAlias="AA") == reply
