"""The account tree (spec 2.1, 5.2, 12): ROOT -> AA -> A1 and ROOT -> BB.

An API user of AA reaches AA and A1 only. Anything outside answers exactly like
something that does not exist, so other tenants are not revealed.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from chamberlain.services.runtime import Runtime
from tests.api.v1 import (
    call,
    comparable,
    create_user,
    details,
    post,
    update_fields,
    user_fields,
    user_table,
)

pytestmark = pytest.mark.usefixtures("tree")


@pytest.fixture
def people(tree: None, session: TestClient) -> dict[str, dict[str, Any]]:
    """One user in each account, created by the root API user."""
    return {
        alias: create_user(session, f"user-{alias.lower()}", alias)
        for alias in ("ROOT", "AA", "A1", "BB")
    }


def _same(hidden: httpx2.Response, missing: httpx2.Response, code: int) -> None:
    assert missing.json()["StatusCode"] == code, missing.text
    assert comparable(hidden) == comparable(missing)


def _accounts(client: TestClient, **fields: Any) -> list[tuple[str, str | None]]:
    reply = call(client, "GetAccounts", **fields)
    assert (reply["StatusCode"], reply["Message"]) == (0, "Accounts successfully queried.")
    return [(a["AccountAlias"], a["ParentAlias"]) for a in reply["Accounts"]]


def test_get_accounts_of_root_lists_root_first_then_every_descendant(session: TestClient) -> None:
    found = _accounts(session)
    assert found[0] == ("ROOT", None)
    assert sorted(found[1:]) == [("A1", "AA"), ("AA", "ROOT"), ("BB", "ROOT")]
    assert found.index(("AA", "ROOT")) < found.index(("A1", "AA"))


def test_get_accounts_of_aa_lists_aa_then_a1_only(aa: TestClient) -> None:
    assert _accounts(aa) == [("AA", "ROOT"), ("A1", "AA")]
    assert _accounts(aa, AccountAlias="a1") == [("A1", "AA")]


def test_get_accounts_from_a_hidden_start_is_like_an_unknown_one(aa: TestClient) -> None:
    missing = post(aa, "GetAccounts", AccountAlias="ZZZZ")
    for alias in ("ROOT", "BB"):
        _same(post(aa, "GetAccounts", AccountAlias=alias), missing, 5)


def test_account_entries_carry_the_documented_fields(session: TestClient) -> None:
    entry = call(session, "GetAccounts", AccountAlias="AA")["Accounts"][0]
    assert list(entry) == [
        "AccountAlias",
        "ParentAlias",
        "Location",
        "BusinessName",
        "IsActive",
        "SupportLevel",
    ]
    assert (entry["BusinessName"], entry["IsActive"]) == ("Biz AA", True)


@pytest.mark.usefixtures("people")
def test_aa_reaches_its_own_users_and_those_of_a1(aa: TestClient) -> None:
    assert [u["UserName"] for u in call(aa, "GetUsers", AccountAlias="AA")["Users"]] == ["user-aa"]
    assert [u["UserName"] for u in call(aa, "GetUsers", AccountAlias="A1")["Users"]] == ["user-a1"]
    assert details(aa, "user-a1", "AA")["AccountAlias"] == "A1"
    assert create_user(aa, "made-by-aa", "A1")["AccountAlias"] == "A1"
    assert call(aa, "SuspendUser", UserName="user-a1")["StatusCode"] == 0


@pytest.mark.usefixtures("people")
def test_get_users_of_hidden_accounts_is_like_an_unknown_alias(aa: TestClient) -> None:
    missing = post(aa, "GetUsers", AccountAlias="ZZZZ")
    for alias in ("ROOT", "BB", "root", "bb"):
        _same(post(aa, "GetUsers", AccountAlias=alias), missing, 5)


@pytest.mark.usefixtures("people")
def test_get_user_details_of_hidden_users_is_like_an_unknown_user(aa: TestClient) -> None:
    missing_alias = post(aa, "GetUserDetails", AccountAlias="ZZZZ", UserName="user-root")
    for alias in ("ROOT", "BB"):
        for name in ("user-root", "user-bb", "nobody"):
            hidden = post(aa, "GetUserDetails", AccountAlias=alias, UserName=name)
            _same(hidden, missing_alias, 5)
    missing_user = post(aa, "GetUserDetails", AccountAlias="AA", UserName="nobody")
    for name in ("user-root", "user-bb"):
        _same(post(aa, "GetUserDetails", AccountAlias="AA", UserName=name), missing_user, 1705)


def test_create_user_in_hidden_accounts_is_like_an_unknown_alias(
    aa: TestClient, runtime: Runtime
) -> None:
    before = user_table(runtime)
    missing = post(aa, "CreateUser", **user_fields("intruder", "ZZZZ"))
    for alias in ("ROOT", "BB"):
        _same(post(aa, "CreateUser", **user_fields("intruder", alias)), missing, 5)
    assert user_table(runtime) == before


def test_update_of_hidden_users_is_like_an_unknown_user(
    aa: TestClient, runtime: Runtime, people: dict[str, dict[str, Any]]
) -> None:
    before = user_table(runtime)
    missing = post(aa, "UpdateUser", **update_fields(people["ROOT"], UserName="nobody", Title="x"))
    for alias in ("ROOT", "BB"):
        hidden = post(aa, "UpdateUser", **update_fields(people[alias], Title="x"))
        _same(hidden, missing, 1705)
        under_aa = post(
            aa, "UpdateUser", **update_fields(people[alias], Title="x", AccountAlias="AA")
        )
        _same(under_aa, missing, 1705)
    missing_alias = post(aa, "UpdateUser", **update_fields(people["AA"], AccountAlias="ZZZZ"))
    assert missing_alias.json()["StatusCode"] == 5
    for alias in ("ROOT", "BB"):
        _same(
            post(aa, "UpdateUser", **update_fields(people["AA"], AccountAlias=alias)),
            missing_alias,
            5,
        )
    assert user_table(runtime) == before


def test_lifecycle_of_hidden_users_is_like_an_unknown_user(
    aa: TestClient, session: TestClient, runtime: Runtime, people: dict[str, dict[str, Any]]
) -> None:
    call(session, "SuspendUser", UserName="user-bb")
    before = user_table(runtime)
    for method in ("SuspendUser", "UnsuspendUser", "DeleteUser"):
        missing = post(aa, method, UserName="nobody")
        for name in ("user-root", "user-bb", "USER-ROOT"):
            _same(post(aa, method, UserName=name), missing, 1705)
    assert user_table(runtime) == before


def test_root_api_user_reaches_the_deepest_account(
    session: TestClient, people: dict[str, dict[str, Any]]
) -> None:
    assert [u["UserName"] for u in call(session, "GetUsers", AccountAlias="A1")["Users"]] == [
        "user-a1"
    ]
    assert details(session, "user-a1", "A1") == people["A1"]
    reply = call(session, "UpdateUser", **update_fields(people["A1"], Title="Deep", Roles=[15]))
    assert reply["UserDetails"]["Title"] == "Deep"
    assert call(session, "DeleteUser", UserName="user-a1")["StatusCode"] == 0
    assert call(session, "GetUsers", AccountAlias="A1")["Users"] == []


def test_user_names_are_unique_across_the_whole_tree(
    aa: TestClient, people: dict[str, dict[str, Any]]
) -> None:
    assert call(aa, "CreateUser", **user_fields("user-bb", "AA"))["StatusCode"] == 1701
