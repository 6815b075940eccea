"""Discovery (RFC 7644 section 4): ``/ServiceProviderConfig``, ``/ResourceTypes``,
``/Schemas``. List parameters are ignored here: these lists are short and fixed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from chamberlain.api.scim.call import Reply, ScimCall
from chamberlain.api.scim.errors import ScimProblem
from chamberlain.api.scim.listing import MAX_COUNT, list_response
from chamberlain.domain.scim.definitions import (
    RESOURCE_TYPES,
    SCHEMAS,
    SERVICE_PROVIDER_CONFIG_URN,
)


def service_provider_config(call: ScimCall) -> Reply:
    """What this service supports: PATCH, filters (up to ``MAX_COUNT`` results) and
    ETags; no Bulk, sorting or password changes."""
    return Reply(
        200,
        {
            "schemas": [SERVICE_PROVIDER_CONFIG_URN],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_COUNT},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": True},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "OAuth Bearer Token",
                    "description": "A SCIM token of the account: Authorization: Bearer <token>",
                    "primary": True,
                }
            ],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": f"{call.base_url}/ServiceProviderConfig",
            },
        },
    )


class _Described(Protocol):
    def to_json(self, location: str) -> dict[str, object]: ...


def _catalogue(call: ScimCall, endpoint: str, items: Sequence[tuple[str, _Described]]) -> Reply:
    """The list, or the one item the path names (404 for an unknown id)."""
    wanted = call.target.resource_id
    documents = {key: item.to_json(f"{call.base_url}/{endpoint}/{key}") for key, item in items}
    if wanted is None:
        return Reply(200, list_response(list(documents.values()), len(documents), 1))
    if wanted not in documents:
        raise ScimProblem(404, f"no {endpoint[:-1]} has the id {wanted[:80]!r}")
    return Reply(200, documents[wanted])


def resource_types(call: ScimCall) -> Reply:
    """``GET /ResourceTypes`` and ``/ResourceTypes/{name}``."""
    return _catalogue(call, "ResourceTypes", [(item.name, item) for item in RESOURCE_TYPES])


def schemas(call: ScimCall) -> Reply:
    """``GET /Schemas`` and ``/Schemas/{urn}``."""
    return _catalogue(call, "Schemas", [(item.id, item) for item in SCHEMAS])
