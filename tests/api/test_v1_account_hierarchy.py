"""Who reaches what in a three-level tree (spec 2.1, 5.1, 12): ROOT -> AA -> A1, ROOT -> BB.

Every Account and User method is tried by an API user of each account on each account.
A target outside the caller's tree must answer exactly (byte for byte, bar X-Request-ID)
as a target that does not exist: 5 for an alias, 1705 for a user. Suspending or enabling
one's own account is 101 Access Denied, not a denial by hiding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from tests.api.conftest import ClientFactory
from tests.api.v1 import (
    ACCOUNT_CONTACT,
    account_fields,
    comparable,
    create_user,
    post,
    user_fields,
)

pytestmark = pytest.mark.usefixtures("tree")

ACCOUNTS = ("ROOT", "AA", "A1", "BB")
# Callers act in this order so that a suspension only shuts out callers already done.
CALLER_ORDER = ("A1", "BB", "AA", "ROOT")
NOBODY = "ZZZZ"

# What an API user of each account (row) gets on each target (column).
# ok = allowed; 5 / 1705 = answered as a nonexistent alias / user; 101 = Access Denied.
# fmt: off
#  caller:  target: ROOT  AA    A1    BB
ALIAS_SCOPE = {
    "ROOT":        "ok    ok    ok    ok",
    "AA":          "5     ok    ok    5",
    "A1":          "5     5     ok    5",
    "BB":          "5     5     5     ok",
}
USER_SCOPE = {
    "ROOT":        "ok    ok    ok    ok",
    "AA":          "1705  ok    ok    1705",
    "A1":          "1705  1705  ok    1705",
    "BB":          "1705  1705  1705  ok",
}
OWN_STATUS = {
    "ROOT":        "101   ok    ok    ok",
    "AA":          "5     101   ok    5",
    "A1":          "5     5     101   5",
    "BB":          "5     5     5     101",
}
# fmt: on
NO_TARGET = dict.fromkeys(ACCOUNTS, "ok ok ok ok")

# Methods run top to bottom (SuspendAccount last: it ends sessions).
ACCOUNT_TABLE = {
    "GetAccounts": ALIAS_SCOPE,
    "GetAccountDetails": ALIAS_SCOPE,
    "GetCustomFields": ALIAS_SCOPE,
    "GetLocations": NO_TARGET,
    "CreateAccount": ALIAS_SCOPE,
    "UpdateAccountDetails": ALIAS_SCOPE,
    "EnableAccount": OWN_STATUS,
    "SuspendAccount": OWN_STATUS,
}
USER_TABLE = {
    "CreateUser": ALIAS_SCOPE,
    "GetUsers": ALIAS_SCOPE,
    "GetUserDetails": USER_SCOPE,
    "UpdateUser": USER_SCOPE,
    "SuspendUser": USER_SCOPE,
    "UnsuspendUser": USER_SCOPE,
    "DeleteUser": USER_SCOPE,
}

Fields = Callable[[str, str], dict[str, Any]]


def _person(caller: str, target: str) -> str:
    """The user each (caller, target) cell acts on: its own, so cells do not interfere."""
    return f"u-{caller}-{target}".lower()


def _account_fields(method: str) -> Fields:
    def fields(caller: str, target: str) -> dict[str, Any]:
        if method == "GetLocations":
            return {}
        if method == "CreateAccount":
            return account_fields(target)
        if method == "UpdateAccountDetails":
            return ACCOUNT_CONTACT | {"AccountAlias": target, "TimeZone": "UTC"}
        return {"AccountAlias": target}

    return fields


def _user_fields(method: str) -> Fields:
    def fields(caller: str, target: str) -> dict[str, Any]:
        name = _person(caller, target) if target in ACCOUNTS else "nobody"
        if method == "CreateUser":
            return user_fields(f"new-{name}", target)
        if method == "GetUsers":
            return {"AccountAlias": target}
        if method == "GetUserDetails":
            return {"AccountAlias": caller, "UserName": name}
        if method == "UpdateUser":
            update = user_fields(name, Title=f"by {caller}")
            del update["AccountAlias"]  # UpdateUser finds the user by name alone
            return update
        return {"UserName": name}

    return fields


@pytest.fixture
def callers(
    session: TestClient, runtime: Runtime, operator: Actor, client_for: ClientFactory
) -> dict[str, TestClient]:
    """A logged-on client for an API user of each account (ROOT's is ``session``)."""
    keys: dict[str, IssuedCredentials] = {
        alias: create_api_user(runtime, operator, alias) for alias in ("AA", "A1", "BB")
    }
    return {"ROOT": session} | {alias: client_for(creds) for alias, creds in keys.items()}


def _run(
    callers: dict[str, TestClient],
    table: dict[str, dict[str, str]],
    builder: Callable[[str], Fields],
) -> None:
    got: dict[str, dict[str, str]] = {}
    not_like_missing: list[tuple[str, str, str]] = []
    for method, rows in table.items():
        fields = builder(method)
        got[method] = {}
        for caller in CALLER_ORDER:
            client = callers[caller]
            expected = dict(zip(ACCOUNTS, rows[caller].split(), strict=True))
            cells = []
            for target in ACCOUNTS:
                response = post(client, method, **fields(caller, target))
                code = response.json()["StatusCode"]
                cells.append("ok" if code == 0 else str(code))
                if expected[target] in ("5", "1705"):
                    missing = post(client, method, **fields(caller, NOBODY))
                    if comparable(response) != comparable(missing):
                        not_like_missing.append((method, caller, target))
            got[method][caller] = " ".join(cells)
    assert got == {
        method: {caller: " ".join(rows[caller].split()) for caller in CALLER_ORDER}
        for method, rows in table.items()
    }
    assert not_like_missing == []


def test_account_methods_by_caller_and_target(callers: dict[str, TestClient]) -> None:
    _run(callers, ACCOUNT_TABLE, _account_fields)


def test_user_methods_by_caller_and_target(
    session: TestClient, callers: dict[str, TestClient]
) -> None:
    for caller in ACCOUNTS:
        for target in ACCOUNTS:
            create_user(session, _person(caller, target), target)
    _run(callers, USER_TABLE, _user_fields)
