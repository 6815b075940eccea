"""Discovery: what ServiceProviderConfig, ResourceTypes and Schemas say."""

from __future__ import annotations

from typing import Any

from chamberlain.domain.roles import CATALOGUE
from tests.scim.scim import LIST_URN, USER_URN, Scim, scim_error

BASE = "http://127.0.0.1/scim/v2"


def test_service_provider_config(scim: Scim) -> None:
    config = scim.get("/ServiceProviderConfig").json()
    assert config == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": 200},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {"type": "oauthbearertoken", "name": "OAuth Bearer Token",
             "description": "A SCIM token of the account: Authorization: Bearer <token>",
             "primary": True}
        ],
        "meta": {"resourceType": "ServiceProviderConfig",
                 "location": f"{BASE}/ServiceProviderConfig"},
    }  # fmt: skip
    with_alias = scim.at("root").get("/ServiceProviderConfig").json()
    assert with_alias["meta"]["location"] == f"{BASE}/root/ServiceProviderConfig"


def test_resource_types(scim: Scim) -> None:
    listing = scim.get("/ResourceTypes").json()
    assert listing["schemas"] == [LIST_URN]
    assert [(t["id"], t["endpoint"], t["schema"]) for t in listing["Resources"]] == [
        ("User", "/Users", USER_URN),
        ("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group"),
    ]
    user = scim.get("/ResourceTypes/User").json()
    assert user == listing["Resources"][0]
    assert user["meta"]["location"] == f"{BASE}/ResourceTypes/User"
    scim_error(scim.get("/ResourceTypes/Device"), 404)
    scim_error(scim.post("/ResourceTypes"), 405)


def _attributes(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {attribute["name"]: attribute for attribute in schema["attributes"]}


def test_schemas(scim: Scim) -> None:
    listing = scim.get("/Schemas").json()
    assert [s["name"] for s in listing["Resources"]] == [
        "User", "Group", "ServiceProviderConfig", "ResourceType", "Schema",
    ]  # fmt: skip
    user = scim.get(f"/Schemas/{USER_URN}").json()
    attributes = _attributes(user)
    assert list(attributes) == [
        "userName", "name", "title", "timezone", "active", "emails", "phoneNumbers", "roles",
        "groups",
    ]  # fmt: skip
    assert attributes["userName"]["mutability"] == "immutable"
    assert attributes["groups"]["mutability"] == "readOnly"
    roles = {sub["name"]: sub for sub in attributes["roles"]["subAttributes"]}
    assert roles["value"]["canonicalValues"] == [role.name for role in CATALOGUE]
    assert all(a["mutability"] == "readOnly" for s in listing["Resources"][2:]
               for a in s["attributes"])  # fmt: skip
    scim_error(scim.get("/Schemas/urn:nope"), 404)
    scim_error(scim.delete("/Schemas"), 405)
