"""Microsoft Entra's provisioning requests, in the shapes its SCIM documentation shows.

Entra matches by ``userName`` filter, creates with the enterprise extension and
``name.formatted`` (not kept: ignored), updates with ``Replace`` (capitalised) through
value paths such as ``emails[type eq "work"].value``, sends booleans as ``"False"``,
sets attributes chamberlain does not keep (manager), and changes group membership with
``Add``/``Remove`` on ``members`` carrying the members in ``value``.
"""

from __future__ import annotations

from typing import Any

from tests.scim.scim import GROUP_URN, PATCH_URN, USER_URN, Scim, scim_error

ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ENTRA_USER: dict[str, Any] = {
    "schemas": [USER_URN, ENTERPRISE_URN],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    "active": True,
    "emails": [
        {"primary": True, "type": "work",
         "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}
    ],
    "meta": {"resourceType": "User"},
    "name": {"formatted": "givenName familyName", "familyName": "familyName",
             "givenName": "givenName"},
    "roles": [],
    ENTERPRISE_URN: {"employeeNumber": "701984", "department": "Tour Operations"},
}  # fmt: skip


def _patch(scim: Scim, path: str, *operations: dict[str, Any]) -> dict[str, Any]:
    response = scim.patch(path, json={"schemas": [PATCH_URN], "Operations": list(operations)})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_entra_user_sequence(scim: Scim) -> None:
    none = scim.get("/Users", params={"filter": 'userName eq "non-existent user"'})
    assert none.status_code == 200
    assert none.json()["totalResults"] == 0
    assert none.json()["Resources"] == []

    created = scim.post("/Users", json=ENTRA_USER)
    assert created.status_code == 201, created.text
    user = created.json()
    user_id = user["id"]
    assert user["name"] == {"givenName": "givenName", "familyName": "familyName"}
    assert ENTERPRISE_URN not in user

    by_name = scim.get(
        "/Users", params={"filter": f'userName eq "{ENTRA_USER["userName"].upper()}"'}
    ).json()
    assert [found["id"] for found in by_name["Resources"]] == [user_id]
    assert scim.get(f"/Users/{user_id}").json() == user

    updated = _patch(
        scim, f"/Users/{user_id}",
        {"op": "Replace", "path": 'emails[type eq "work"].value',
         "value": "updatedEmail@microsoft.com"},
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
    )  # fmt: skip
    assert updated["emails"][0]["value"] == "updatedEmail@microsoft.com"
    assert updated["name"]["familyName"] == "updatedFamilyName"

    # Phone numbers Entra maps by type; a mobile one the user lacks is created.
    phones = _patch(
        scim, f"/Users/{user_id}",
        {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "+1 555 0100"},
        {"op": "Add", "path": 'phoneNumbers[type eq "work"].value', "value": "+1 555 0199"},
        {"op": "Add", "path": f"{ENTERPRISE_URN}:manager",
         "value": [{"$ref": None, "value": "2819c223-7f76-453a-919d-413861904646"}]},
        {"op": "Replace", "value": {"name.givenName": "Dotted", "displayName": "Ignored"}},
    )  # fmt: skip
    assert phones["phoneNumbers"] == [
        {"value": "+1 555 0199", "type": "work"},
        {"value": "+1 555 0100", "type": "mobile"},
    ]
    assert phones["name"]["givenName"] == "Dotted"

    # A user name never changes in chamberlain: Entra's UPN rename is refused.
    scim_error(
        scim.patch(f"/Users/{user_id}",
                   {"op": "Replace", "path": "userName", "value": "renamed@testuser.com"}),
        400, "mutability",
    )  # fmt: skip

    # App role assignment arrives as roles.
    roles = _patch(
        scim, f"/Users/{user_id}",
        {"op": "Add", "path": "roles",
         "value": [{"primary": True, "type": "WindowsAzureActiveDirectoryRole",
                    "value": "DNSManager"}]},
    )  # fmt: skip
    assert roles["roles"] == [{"value": "DNS Manager"}]

    # Disable with a string boolean, then enable with a real one.
    disabled = _patch(
        scim, f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": "False"}
    )
    assert disabled["active"] is False
    enabled = _patch(scim, f"/Users/{user_id}", {"op": "replace", "path": "active", "value": True})
    assert enabled["active"] is True

    assert scim.delete(f"/Users/{user_id}").status_code == 204
    scim_error(scim.get(f"/Users/{user_id}"), 404)


def test_entra_group_sequence(scim: Scim) -> None:
    member = scim.made_user("entra.member")["id"]
    other = scim.made_user("entra.other")["id"]

    scim_error(
        scim.post("/Groups", json={
            "schemas": [GROUP_URN], "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "displayName", "meta": {"resourceType": "Group"}}),
        501,
    )  # fmt: skip
    found = scim.get(
        "/Groups",
        params={"excludedAttributes": "members", "filter": 'displayName eq "Account Viewer"'},
    ).json()
    assert found["totalResults"] == 1
    group = found["Resources"][0]
    group_id = group["id"]
    assert "members" not in group
    assert scim.get(f"/Groups/{group_id}", params={"excludedAttributes": "members"}).json() == group

    scim_error(
        scim.patch(f"/Groups/{group_id}",
                   {"op": "Replace", "path": "displayName", "value": "updatedDisplayName"}),
        400, "mutability",
    )  # fmt: skip

    add = scim.patch(
        f"/Groups/{group_id}",
        {"op": "Add", "path": "members",
         "value": [{"$ref": None, "value": member}, {"$ref": None, "value": other}]},
    )  # fmt: skip
    assert add.status_code == 204, add.text
    remove = scim.patch(
        f"/Groups/{group_id}",
        {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": member}]},
    )
    assert remove.status_code == 204, remove.text
    members = scim.get(f"/Groups/{group_id}").json()["members"]
    assert [entry["value"] for entry in members] == [other]
    assert scim.get(f"/Users/{member}").json().get("roles") is None
    assert scim.get(f"/Users/{other}").json()["roles"] == [{"value": "Account Viewer"}]

    scim_error(scim.delete(f"/Groups/{group_id}"), 501)


def test_entra_single_app_role_assignment(scim: Scim) -> None:
    # SingleAppRoleAssignment([appRoleAssignments]) mapped to roles[primary eq "True"].value.
    # No role is stored as primary; a PATCH selecting the primary role selects a user's
    # only role, so a new assignment replaces the old one instead of adding to it.
    created = scim.post("/Users", json={**ENTRA_USER, "roles": [
        {"primary": True, "type": "WindowsAzureActiveDirectoryRole", "value": "AccountViewer"},
    ]})  # fmt: skip
    assert created.status_code == 201, created.text
    path = f"/Users/{created.json()['id']}"
    assert created.json()["roles"] == [{"value": "Account Viewer"}]
    primary = 'roles[primary eq "True"].value'
    changed = _patch(scim, path, {"op": "Replace", "path": primary, "value": "DNSManager"})
    assert changed["roles"] == [{"value": "DNS Manager"}]  # Account Viewer is revoked
    assert [group["display"] for group in changed["groups"]] == ["DNS Manager"]
    assert _patch(scim, path, {"op": "Remove", "path": "roles"}).get("roles") is None
    first = _patch(scim, path, {"op": "Add", "path": primary, "value": "9"})
    assert first["roles"] == [{"value": "Account Administrator"}]
    # With several roles (granted elsewhere) none is the primary one: it is added.
    both = _patch(scim, path, {"op": "Add", "path": "roles", "value": [{"value": "8"}]})
    assert both["roles"] == [{"value": "DNS Manager"}, {"value": "Account Administrator"}]
    more = _patch(scim, path, {"op": "Replace", "path": primary, "value": "10"})
    assert [role["value"] for role in more["roles"]] == [
        "DNS Manager",
        "Account Administrator",
        "Account Viewer",
    ]
    # The flag itself is read-only: it cannot be written.
    scim_error(
        scim.patch(path, {"op": "Replace", "path": "roles.primary", "value": True}),
        400, "mutability",
    )  # fmt: skip
