"""Account/SuspendAccount and Account/EnableAccount (spec 2.1, 5.6, 7, 12).

Suspending AA shuts out the API users of AA and of A1 below it at once, leaves ROOT and BB
alone, and deletes nothing; the root API user still manages AA. Enabling AA lets them
back in, unless A1 is suspended on its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import IssuedCredentials, create_api_user, list_api_users
from chamberlain.services.runtime import Runtime
from tests.api.conftest import ClientFactory
from tests.api.v1 import (
    account_details,
    account_table,
    call,
    call_xml,
    create_user,
    credentials,
    details,
    post,
    update_fields,
    user_table,
    whoami,
)

pytestmark = pytest.mark.usefixtures("tree")

MESSAGES = {"SuspendAccount": "Account Suspended.", "EnableAccount": "Account Enabled."}


@pytest.fixture
def keys(tree: None, runtime: Runtime, operator: Actor) -> dict[str, IssuedCredentials]:
    """An API user in each of AA, A1 and BB."""
    return {alias: create_api_user(runtime, operator, alias) for alias in ("AA", "A1", "BB")}


@pytest.fixture
def clients(keys: dict[str, IssuedCredentials], client_for: ClientFactory) -> dict[str, TestClient]:
    """A logged-on client per API user of ``keys``."""
    return {alias: client_for(creds) for alias, creds in keys.items()}


def _logon(client: TestClient, creds: IssuedCredentials) -> int:
    code: int = client.post("/REST/Auth/Logon/", json=credentials(creds)).json()["StatusCode"]
    return code


def _code(client: TestClient, method: str, **fields: Any) -> int:
    code: int = call(client, method, **fields)["StatusCode"]
    return code


def test_reply_carries_an_integer_request_id(session: TestClient) -> None:
    for method, message in MESSAGES.items():
        first = call(session, method, AccountAlias="aa")
        assert list(first) == ["RequestID", "Success", "Message", "StatusCode"]
        assert (first["Success"], first["Message"], first["StatusCode"]) == (True, message, 0)
        assert type(first["RequestID"]) is int
        again = call(session, method, AccountAlias="AA")
        assert (again["StatusCode"], again["Message"], type(again["RequestID"])) == (
            0,
            message,
            int,
        )
        root = call_xml(session, method, AccountAlias="AA")
        assert (root.tag, root.attrib) == (
            "QueuedItemResponse",
            {"Success": "true", "Message": message, "StatusCode": "0"},
        )
        assert [(child.tag, child.attrib, list(child)) for child in root] == [("RequestID", {}, [])]
        assert (root[0].text or "").isdigit()


def test_own_account_is_access_denied(
    session: TestClient, aa: TestClient, runtime: Runtime
) -> None:
    before = account_table(runtime)
    got = {
        (who, method, alias): call(client, method, AccountAlias=alias)
        for who, client, alias in (("ROOT", session, "ROOT"), ("AA", aa, "aa"))
        for method in MESSAGES
    }
    assert {key: (r["StatusCode"], r["Message"]) for key, r in got.items()} == dict.fromkeys(
        got, (101, "Access Denied")
    )
    assert account_table(runtime) == before
    assert whoami(aa) == 0


def test_unknown_aliases_are_5(session: TestClient, runtime: Runtime) -> None:
    before = account_table(runtime)
    aliases = ("ZZZZ", "ABCDE", "A_1", "ＡＡ")
    got = {method: [_code(session, method, AccountAlias=a) for a in aliases] for method in MESSAGES}
    assert got == dict.fromkeys(MESSAGES, [5] * len(aliases))
    assert account_table(runtime) == before


def test_suspending_aa_shuts_out_aa_and_a1_at_once(
    session: TestClient,
    clients: dict[str, TestClient],
    keys: dict[str, IssuedCredentials],
    client_for: ClientFactory,
) -> None:
    assert {alias: whoami(client) for alias, client in clients.items()} == dict.fromkeys(clients, 0)
    assert _code(session, "SuspendAccount", AccountAlias="AA") == 0
    live = {alias: whoami(client) for alias, client in clients.items()}
    assert live == {"AA": 100, "A1": 100, "BB": 0}
    fresh = client_for(None)
    assert {alias: _logon(fresh, creds) for alias, creds in keys.items()} == live
    assert whoami(session) == 0
    # Another call from the shut-out session: still 100, not a different error.
    assert _code(clients["A1"], "GetAccountDetails", AccountAlias="A1") == 100


def test_root_still_manages_a_suspended_account(session: TestClient) -> None:
    aa_user = create_user(session, "aa-user", "AA")
    assert _code(session, "SuspendAccount", AccountAlias="AA") == 0
    assert account_details(session, "AA")["Status"] == 2
    assert account_details(session, "A1")["Status"] == 1
    active = {a["AccountAlias"]: a["IsActive"] for a in call(session, "GetAccounts")["Accounts"]}
    assert active == {"ROOT": True, "AA": False, "A1": True, "BB": True}
    assert create_user(session, "second", "AA")["AccountAlias"] == "AA"
    updated = call(session, "UpdateUser", **update_fields(aa_user, Title="Still here"))
    assert updated["UserDetails"]["Title"] == "Still here"
    assert _code(session, "SuspendUser", UserName="aa-user") == 0
    names = [u["UserName"] for u in call(session, "GetUsers", AccountAlias="AA")["Users"]]
    assert names == ["aa-user", "second"]


def test_enabling_aa_lets_its_api_users_back_and_nothing_was_deleted(
    session: TestClient,
    keys: dict[str, IssuedCredentials],
    client_for: ClientFactory,
    runtime: Runtime,
    root_actor: Actor,
) -> None:
    create_user(session, "aa-user", "AA")
    create_user(session, "a1-user", "A1")
    users_before = user_table(runtime)
    api_keys_before = [u.api_key for u in list_api_users(runtime, root_actor, None)]
    call(session, "SuspendAccount", AccountAlias="AA")
    reply = call(session, "EnableAccount", AccountAlias="AA")
    assert (reply["StatusCode"], reply["Message"]) == (0, "Account Enabled.")
    fresh = client_for(None)
    assert {alias: _logon(fresh, creds) for alias, creds in keys.items()} == dict.fromkeys(keys, 0)
    assert account_details(session, "AA")["Status"] == 1
    assert user_table(runtime) == users_before
    assert [u.api_key for u in list_api_users(runtime, root_actor, None)] == api_keys_before
    assert len(api_keys_before) == 4
    assert details(client_for(keys["AA"]), "a1-user", "AA")["Status"] == "Active"


def test_a1_suspended_on_its_own_stays_out_when_aa_is_enabled(
    session: TestClient, keys: dict[str, IssuedCredentials], client_for: ClientFactory
) -> None:
    fresh = client_for(None)

    def logons() -> dict[str, int]:
        return {alias: _logon(fresh, creds) for alias, creds in keys.items()}

    call(session, "SuspendAccount", AccountAlias="A1")
    call(session, "SuspendAccount", AccountAlias="AA")
    assert logons() == {"AA": 100, "A1": 100, "BB": 0}
    call(session, "EnableAccount", AccountAlias="AA")
    assert logons() == {"AA": 0, "A1": 100, "BB": 0}
    assert account_details(session, "A1")["Status"] == 2
    call(session, "EnableAccount", AccountAlias="A1")
    assert logons() == {"AA": 0, "A1": 0, "BB": 0}


def test_aa_suspends_and_enables_a1_below_it(
    clients: dict[str, TestClient], keys: dict[str, IssuedCredentials], client_for: ClientFactory
) -> None:
    aa = clients["AA"]
    assert _code(aa, "SuspendAccount", AccountAlias="A1") == 0
    assert (whoami(clients["A1"]), whoami(aa)) == (100, 0)
    assert account_details(aa, "A1")["Status"] == 2
    assert _code(aa, "EnableAccount", AccountAlias="A1") == 0
    assert _logon(client_for(None), keys["A1"]) == 0
    assert post(clients["BB"], "SuspendAccount", AccountAlias="A1").json()["StatusCode"] == 5
