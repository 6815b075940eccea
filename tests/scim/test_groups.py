"""``/scim/v2/Groups``: one group per role, membership is holding the role."""

from __future__ import annotations

from datetime import datetime

import pytest

from chamberlain.db.repositories.users import UserRepository
from chamberlain.domain.roles import CATALOGUE
from chamberlain.domain.users import User
from chamberlain.services import scim as scim_service
from chamberlain.services.runtime import Runtime
from tests.rest.rest import audit_rows
from tests.scim.scim import GROUP_URN, Scim, scim_error


def test_one_group_per_role(scim: Scim) -> None:
    listing = scim.get("/Groups").json()
    assert listing["totalResults"] == len(CATALOGUE)
    assert [(g["id"], g["displayName"]) for g in listing["Resources"]] == [
        (f"ROOT-{role.id}", role.name) for role in CATALOGUE
    ]
    group = listing["Resources"][0]
    assert group["schemas"] == [GROUP_URN]
    assert group["meta"] == {
        "resourceType": "Group", "location": "http://127.0.0.1/scim/v2/Groups/ROOT-2",
    }  # fmt: skip
    assert "members" not in group  # nobody holds the role yet
    page = scim.get("/Groups", params={"startIndex": "3", "count": "2"}).json()
    assert [g["id"] for g in page["Resources"]] == ["ROOT-8", "ROOT-9"]
    assert page["totalResults"] == len(CATALOGUE)


def test_members_are_role_holders(scim: Scim) -> None:
    admin = scim.made_user("admin", roles=[{"value": "9"}])
    viewer = scim.made_user("viewer", roles=[{"value": "9"}, {"value": "10"}], active=False)
    members = scim.get("/Groups/ROOT-9").json()["members"]
    assert members == [
        {"value": admin["id"], "$ref": f"http://127.0.0.1/scim/v2/Users/{admin['id']}",
         "type": "User", "display": "admin"},
        {"value": viewer["id"], "$ref": f"http://127.0.0.1/scim/v2/Users/{viewer['id']}",
         "type": "User", "display": "viewer"},
    ]  # fmt: skip
    holding = scim.listed("/Groups", filter=f'members[value eq "{viewer["id"]}"]')
    assert [group["id"] for group in holding] == ["ROOT-9", "ROOT-10"]
    named = scim.listed(
        "/Groups", filter='displayName co "account admin"', attributes="displayName"
    )
    assert named == [
        {"schemas": [GROUP_URN], "id": "ROOT-9", "displayName": "Account Administrator"}
    ]
    lean = scim.get("/Groups/ROOT-9", params={"attributes": "members.value"}).json()
    assert lean["members"] == [{"value": admin["id"]}, {"value": viewer["id"]}]
    searched = scim.post("/Groups/.search", json={"filter": 'id eq "ROOT-10"',
                                                  "excludedAttributes": ["members"]})  # fmt: skip
    assert searched.json()["Resources"] == [
        {"schemas": [GROUP_URN], "id": "ROOT-10", "displayName": "Account Viewer",
         "meta": {"resourceType": "Group", "location": "http://127.0.0.1/scim/v2/Groups/ROOT-10"}}
    ]  # fmt: skip
    scim_error(scim.get("/Groups", params={"filter": 'members.display eq "x" and x pr'}), 400,
               "invalidFilter")  # fmt: skip


def test_put_and_patch_membership(scim: Scim, runtime: Runtime) -> None:
    a, b, c = (scim.made_user(name)["id"] for name in ("ann", "ben", "cy"))
    replaced = scim.put(
        "/Groups/ROOT-14",
        json={"schemas": [GROUP_URN], "displayName": "Server Operator",
              "members": [{"value": a}, {"value": b}]},
    )  # fmt: skip
    assert replaced.status_code == 200, replaced.text
    assert [m["value"] for m in replaced.json()["members"]] == [a, b]

    swapped = scim.patch(
        "/Groups/ROOT-14", {"op": "replace", "path": "members", "value": [{"value": c}]}
    )
    assert swapped.status_code == 204
    assert [m["value"] for m in scim.get("/Groups/ROOT-14").json()["members"]] == [c]
    assert scim.patch("/Groups/ROOT-14", {"op": "remove", "path": "members"}).status_code == 204
    assert "members" not in scim.get("/Groups/ROOT-14").json()

    grants = [
        (row.target_label, row.changes["roles"])
        for row in audit_rows(runtime)
        if row.face == "scim" and row.action == "user.update"
    ]
    assert grants == [
        ("ann", [[], [14]]), ("ben", [[], [14]]), ("cy", [[], [14]]),
        ("ann", [[14], []]), ("ben", [[14], []]), ("cy", [[14], []]),
    ]  # fmt: skip


def test_membership_changes_are_checked_first(scim: Scim) -> None:
    user = scim.made_user("solo")["id"]
    detail = scim_error(
        scim.patch("/Groups/ROOT-8", {"op": "add", "path": "members",
                                      "value": [{"value": user}, {"value": "424242"}]}),
        400, "invalidValue",
    )  # fmt: skip
    assert "424242" in detail
    assert "roles" not in scim.get(f"/Users/{user}").json()  # nothing was granted
    scim_error(
        scim.put("/Groups/ROOT-8", json={"displayName": "Renamed", "members": []}),
        400,
        "mutability",
    )
    scim_error(scim.patch("/Groups/ROOT-8", {"op": "add", "path": "members[value eq \"1\"].display",
                                             "value": "x"}), 400, "mutability")  # fmt: skip


def test_groups_have_no_version(scim: Scim) -> None:
    add = {"op": "add", "path": "members", "value": []}
    scim_error(scim.patch("/Groups/ROOT-8", add, headers={"If-Match": '"1"'}), 412)
    assert scim.patch("/Groups/ROOT-8", add, headers={"If-Match": "*"}).status_code == 204
    assert "etag" not in scim.get("/Groups/ROOT-8").headers


def test_unknown_groups(scim: Scim) -> None:
    for group_id in ("ROOT-1", "ROOT-x", "BB-9", "ROOT-0009", "ROOT", "9", "ROOT-99999999999"):
        scim_error(scim.get(f"/Groups/{group_id}"), 404)
        scim_error(scim.patch(f"/Groups/{group_id}", {"op": "remove", "path": "members"}), 404)
    scim_error(scim.delete("/Groups/ROOT-1"), 404)
    scim_error(
        scim.post("/Groups", json={"displayName": "account administrator"}), 409, "uniqueness"
    )
    scim_error(scim.post("/Groups", json={"displayName": "New"}), 501)


def test_a_group_filter_reads_only_the_holders_it_shows(
    scim: Scim, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("admin1", "admin2"):
        scim.made_user(name, roles=[{"value": "9"}])
    dns = scim.made_user("dns", roles=[{"value": "8"}])["id"]
    # Room for one role holder only: the administrators' group cannot be listed with its
    # members, but DNS Manager's can, by filter or by page, without reading the others.
    monkeypatch.setattr(scim_service, "MAX_MEMBERS", 1)
    (found,) = scim.listed("/Groups", filter='displayName eq "DNS Manager"')
    assert [member["value"] for member in found["members"]] == [dns]
    (paged,) = scim.listed("/Groups", startIndex="3", count="1")
    assert (paged["id"], [member["value"] for member in paged["members"]]) == ("ROOT-8", [dns])
    scim_error(scim.get("/Groups/ROOT-9"), 400, "tooMany")
    scim_error(scim.get("/Groups"), 400, "tooMany")
    assert len(scim.listed("/Groups", excludedAttributes="members")) == len(CATALOGUE)


def test_a_membership_change_is_one_transaction(
    scim: Scim, runtime: Runtime, write_transactions: list[str]
) -> None:
    ids = [scim.made_user(name)["id"] for name in ("m1", "m2", "m3")]
    write_transactions.clear()
    added = scim.patch(
        "/Groups/ROOT-8", {"op": "add", "path": "members", "value": [{"value": i} for i in ids]}
    )
    assert added.status_code == 204, added.text
    assert write_transactions == ["write"]
    write_transactions.clear()
    kept = scim.put("/Groups/ROOT-8", json={"displayName": "DNS Manager",
                                             "members": [{"value": ids[1]}]})  # fmt: skip
    assert kept.status_code == 200, kept.text
    assert [member["value"] for member in kept.json()["members"]] == [ids[1]]
    assert write_transactions == ["write"]
    grants = [
        (row.target_label, row.changes)
        for row in audit_rows(runtime)
        if row.face == "scim" and row.action == "user.update"
    ]
    assert grants == [
        ("m1", {"roles": [[], [8]]}), ("m2", {"roles": [[], [8]]}), ("m3", {"roles": [[], [8]]}),
        ("m1", {"roles": [[8], []]}), ("m3", {"roles": [[8], []]}),
    ]  # fmt: skip


def test_membership_changes_per_request_are_capped(
    scim: Scim, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [scim.made_user(name, roles=[{"value": "8"}])["id"] for name in ("c1", "c2", "c3")]
    monkeypatch.setattr(scim_service, "MAX_MEMBER_CHANGES", 2)
    detail = scim_error(
        scim.patch("/Groups/ROOT-8", {"op": "remove", "path": "members"}), 400, "invalidValue"
    )
    assert "members" in detail
    assert [m["value"] for m in scim.get("/Groups/ROOT-8").json()["members"]] == ids
    two = {"op": "remove", "path": "members", "value": [{"value": ids[0]}, {"value": ids[1]}]}
    assert scim.patch("/Groups/ROOT-8", two).status_code == 204


def test_a_failed_membership_change_changes_nobody(
    scim: Scim, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [scim.made_user(name)["id"] for name in ("f1", "f2")]
    saved = 0
    original = UserRepository.save

    def fails_second(self: UserRepository, user: User, now: datetime) -> User:
        nonlocal saved
        saved += 1
        if saved == 2:
            raise RuntimeError("the disk is full")
        return original(self, user, now)

    monkeypatch.setattr(UserRepository, "save", fails_second)
    everyone = {"op": "add", "path": "members", "value": [{"value": i} for i in ids]}
    scim_error(scim.patch("/Groups/ROOT-8", everyone), 500)
    assert "members" not in scim.get("/Groups/ROOT-8").json()
