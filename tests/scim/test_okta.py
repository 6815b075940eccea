"""Okta's SCIM 2.0 provisioning sequence, request by request, in Okta's exact shapes.

Okta matches a user by ``userName`` filter, creates it with a random password (which a
service without password sync ignores), updates the profile with PUT, deactivates and
reactivates with a path-less PATCH, pushes groups by name and changes membership with
``add members`` and ``remove members[value eq "..."]``.
"""

from __future__ import annotations

from typing import Any

from chamberlain.services.runtime import Runtime
from tests.rest.rest import audit_rows
from tests.scim.scim import GROUP_URN, LIST_URN, PATCH_URN, SCIM_JSON, USER_URN, Scim, scim_error

OKTA_USER: dict[str, Any] = {
    "schemas": [USER_URN],
    "userName": "test.user@okta.local",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"primary": True, "value": "test.user@okta.local", "type": "work"}],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}
MATCH = {"filter": 'userName eq "test.user@okta.local"', "startIndex": "1", "count": "100"}


def _active(scim: Scim, user_id: str, active: bool) -> dict[str, Any]:
    response = scim.patch(
        f"/Users/{user_id}",
        json={
            "schemas": [PATCH_URN],
            "Operations": [{"op": "replace", "value": {"active": active}}],
        },
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["active"] is active
    return body


def test_okta_user_lifecycle(scim: Scim, runtime: Runtime) -> None:
    # 1. Is the user there? (no: an empty list, every member present)
    empty = scim.get("/Users", params=MATCH)
    assert empty.status_code == 200
    assert empty.headers["content-type"] == SCIM_JSON
    assert empty.json() == {
        "schemas": [LIST_URN], "totalResults": 0, "startIndex": 1, "itemsPerPage": 0,
        "Resources": [],
    }  # fmt: skip

    # 2. Create.
    created = scim.post("/Users", json=OKTA_USER)
    assert created.status_code == 201, created.text
    user = created.json()
    user_id = user["id"]
    assert created.headers["location"] == user["meta"]["location"]
    assert created.headers["etag"] == user["meta"]["version"]
    assert user["userName"] == "test.user@okta.local"
    assert user["externalId"] == "00ujl29u0le5T6Aj10h7"
    assert user["active"] is True
    assert user["emails"] == [{"value": "test.user@okta.local", "type": "work", "primary": True}]
    assert "password" not in user
    assert "displayName" not in user

    # 3. Read it back, and find it by the same filter.
    fetched = scim.get(f"/Users/{user_id}")
    assert fetched.status_code == 200
    assert fetched.json() == user
    matched = scim.get("/Users", params=MATCH).json()
    assert matched["totalResults"] == 1
    assert matched["Resources"] == [user]

    # 4. Profile update: Okta PUTs the whole user (no roles in it: they stay).
    replaced = scim.put(
        f"/Users/{user_id}",
        json={**OKTA_USER, "id": user_id, "name": {"givenName": "Another", "familyName": "User"},
              "displayName": "Another User", "meta": user["meta"]},
    )  # fmt: skip
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["name"] == {"givenName": "Another", "familyName": "User"}

    # 5. Deactivate: suspended here, still readable; 6. reactivate.
    assert _active(scim, user_id, False)["name"]["givenName"] == "Another"
    assert scim.get(f"/Users/{user_id}").json()["active"] is False
    _active(scim, user_id, True)

    # 7. Delete: gone (404) for reads and writes alike.
    assert scim.delete(f"/Users/{user_id}").status_code == 204
    scim_error(scim.get(f"/Users/{user_id}"), 404)
    scim_error(scim.patch(f"/Users/{user_id}", {"op": "replace", "value": {"active": True}}), 404)
    assert scim.get("/Users", params=MATCH).json()["totalResults"] == 0

    actions = [(row.action, row.face, row.actor_kind) for row in audit_rows(runtime)]
    scim_actions = [action for action, face, kind in actions if face == "scim"]
    # One write, one transaction: the external id is part of the create.
    assert scim_actions == [
        "user.create", "user.update", "user.suspend", "user.unsuspend", "user.delete",
    ]  # fmt: skip
    assert {kind for _, face, kind in actions if face == "scim"} == {"scim_token"}


def test_okta_group_push(scim: Scim) -> None:
    user_id = scim.made_user("pushed.user@okta.local")["id"]
    # Okta looks the group up by name before pushing it; it exists (a role), so it links.
    found = scim.get(
        "/Groups",
        params={"filter": 'displayName eq "DNS Manager"', "startIndex": "1", "count": "100"},
    ).json()
    assert found["totalResults"] == 1
    group = found["Resources"][0]
    assert group["schemas"] == [GROUP_URN]
    group_id = group["id"]
    assert group_id == "ROOT-8"

    # Pushing it anyway names the existing group; an unknown name cannot be created.
    detail = scim_error(
        scim.post("/Groups", json={"schemas": [GROUP_URN], "displayName": "DNS Manager",
                                   "members": []}),
        409, "uniqueness",
    )  # fmt: skip
    assert "ROOT-8" in detail
    scim_error(
        scim.post("/Groups", json={"schemas": [GROUP_URN], "displayName": "Test SCIMv2",
                                   "members": []}),
        501,
    )  # fmt: skip

    # Okta's rename PATCH carries the id and the (unchanged) name: nothing to do.
    same_name = scim.patch(
        f"/Groups/{group_id}",
        {"op": "replace", "value": {"id": group_id, "displayName": "DNS Manager"}},
    )
    assert same_name.status_code == 204
    scim_error(
        scim.patch(f"/Groups/{group_id}",
                   {"op": "replace", "value": {"id": group_id, "displayName": "Another Name"}}),
        400, "mutability",
    )  # fmt: skip

    # Membership: add grants the role, remove revokes it.
    added = scim.patch(
        f"/Groups/{group_id}",
        {"op": "add", "path": "members",
         "value": [{"value": user_id, "display": "pushed.user@okta.local"}]},
    )  # fmt: skip
    assert added.status_code == 204, added.text
    members = scim.get(f"/Groups/{group_id}").json()["members"]
    assert [member["value"] for member in members] == [user_id]
    assert scim.get(f"/Users/{user_id}").json()["roles"] == [{"value": "DNS Manager"}]

    removed = scim.patch(
        f"/Groups/{group_id}", {"op": "remove", "path": f'members[value eq "{user_id}"]'}
    )
    assert removed.status_code == 204
    assert "members" not in scim.get(f"/Groups/{group_id}").json()
    assert "roles" not in scim.get(f"/Users/{user_id}").json()

    # Unpushing with "delete the group in the app" is refused: roles are not deleted.
    scim_error(scim.delete(f"/Groups/{group_id}"), 501)
