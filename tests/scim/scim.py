"""Helpers for talking to the SCIM face (``/scim/v2``) through the Starlette test client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx2
from starlette.testclient import TestClient

SCIM = "/scim/v2"
SCIM_JSON = "application/scim+json"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


@dataclass(frozen=True, slots=True)
class Scim:
    """A client of ``/scim/v2`` (``prefix`` adds an account alias) with a bearer token."""

    client: TestClient
    token: str | None
    prefix: str = SCIM

    def at(self, alias: str) -> Scim:
        """The same client on ``/scim/v2/{alias}``."""
        return Scim(self.client, self.token, f"{SCIM}/{alias}")

    def call(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        headers: dict[str, str] = {"Content-Type": SCIM_JSON, **kwargs.pop("headers", {})}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.client.request(method, self.prefix + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("PUT", path, **kwargs)

    def patch(self, path: str, *operations: dict[str, Any], **kwargs: Any) -> httpx2.Response:
        body = {"schemas": [PATCH_URN], "Operations": list(operations)}
        return self.call("PATCH", path, json=kwargs.pop("json", body), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx2.Response:
        return self.call("DELETE", path, **kwargs)

    def made_user(self, user_name: str, **extra: Any) -> dict[str, Any]:
        """Create a user, insisting on 201; returns its resource."""
        response = self.post("/Users", json=user_body(user_name, **extra))
        assert response.status_code == 201, response.text
        resource: dict[str, Any] = response.json()
        return resource

    def listed(self, path: str, **params: str) -> list[dict[str, Any]]:
        """The ``Resources`` of a list, insisting on 200."""
        response = self.get(path, params=params)
        assert response.status_code == 200, response.text
        resources: list[dict[str, Any]] = response.json()["Resources"]
        return resources


def user_body(user_name: str, **extra: Any) -> dict[str, Any]:
    """A minimal valid SCIM user (a name with an "@" is its own address)."""
    address = user_name if "@" in user_name else f"{user_name}@example.com"
    return {
        "schemas": [USER_URN],
        "userName": user_name,
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "emails": [{"value": address, "type": "work", "primary": True}],
        **extra,
    }


def scim_error(response: httpx2.Response, status: int, scim_type: str | None = None) -> str:
    """Assert a SCIM error with ``status`` (and ``scimType``); returns its detail."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers["content-type"] == SCIM_JSON
    body: dict[str, Any] = response.json()
    assert body["schemas"] == [ERROR_URN]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type, body
    detail = body["detail"]
    assert isinstance(detail, str)
    assert detail
    assert "Traceback" not in detail
    return detail
