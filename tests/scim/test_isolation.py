"""A token for account A reads and writes only A's own users: not a child's, not the
parent's, not another tree's; what it cannot see answers 404 and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services.runtime import Runtime
from tests.rest.rest import audit_rows
from tests.scim.conftest import token_for
from tests.scim.scim import Scim, scim_error


@pytest.fixture
def accounts(client: TestClient, runtime: Runtime, operator: Actor, tree: None) -> dict[str, Scim]:
    """A SCIM client per account of the tree, each with one user made through it."""
    clients = {alias: Scim(client, token_for(runtime, operator, alias)) for alias in
               ("ROOT", "AA", "A1", "BB")}  # fmt: skip
    for alias, scim in clients.items():
        scim.made_user(f"user-of-{alias}", externalId=f"ext-{alias}", roles=[{"value": "9"}])
    return clients


def _own(scim: Scim) -> dict[str, Any]:
    (user,) = scim.listed("/Users")
    return user


def test_each_token_lists_its_own_account_only(accounts: dict[str, Scim]) -> None:
    for alias, scim in accounts.items():
        assert [user["userName"] for user in scim.listed("/Users")] == [f"user-of-{alias}"]
        assert scim.listed("/Users", filter='userName sw "user-of"') == [_own(scim)]
        members = scim.get(f"/Groups/{alias}-9").json()["members"]
        assert [member["display"] for member in members] == [f"user-of-{alias}"]


def test_other_accounts_are_not_found(accounts: dict[str, Scim], runtime: Runtime) -> None:
    aa = accounts["AA"]
    before = len(audit_rows(runtime))
    for other in ("ROOT", "A1", "BB"):
        victim = _own(accounts[other])
        path = f"/Users/{victim['id']}"
        scim_error(aa.get(path), 404)
        scim_error(aa.put(path, json={**victim, "title": "pwned"}), 404)
        scim_error(aa.patch(path, {"op": "replace", "path": "active", "value": False}), 404)
        scim_error(aa.delete(path), 404)
        for text in (f'id eq "{victim["id"]}"', f'userName eq "{victim["userName"]}"',
                     f'externalId eq "ext-{other}"'):  # fmt: skip
            assert aa.listed("/Users", filter=text) == []
        scim_error(aa.at(other).get("/Users"), 404)
        scim_error(aa.at(other).get("/ServiceProviderConfig"), 404)
        scim_error(aa.get(f"/Groups/{other}-9"), 404)
        grant = {"op": "add", "path": "members", "value": [{"value": victim["id"]}]}
        scim_error(aa.patch("/Groups/AA-9", grant), 400, "invalidValue")
        assert accounts[other].get(path).json() == victim
    assert len(audit_rows(runtime)) == before


def test_a_token_creates_in_its_own_account(accounts: dict[str, Scim], runtime: Runtime) -> None:
    created = accounts["A1"].at("a1").made_user("made-by-a1")
    assert accounts["A1"].get(f"/Users/{created['id']}").status_code == 200
    assert accounts["AA"].get(f"/Users/{created['id']}").status_code == 404
    assert audit_rows(runtime)[-1].target_account_path == "/ROOT/AA/A1/"
