"""The released clc-sdk 2.51 (``clc.v1``), unchanged, against a real server process.

The SDK keeps module-wide state (cookie, alias, shared requests session), so each test
resets it. Its quirks are part of the contract: it logs on with the credentials in the
query string and parses the reply as XML, and it turns every error into a plain
``Exception`` after one re-logon (spec section 9).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import clc
import pytest
import requests

from tests.support.live_server import LiveServer, ServerProcess


@pytest.fixture
def sdk(live_server: LiveServer) -> Iterator[ModuleType]:
    clc.defaults.ENDPOINT_URL_V1 = f"{live_server.base_url}/REST/"
    clc._LOGIN_COOKIE_V1 = False
    clc._LOGINS = 0
    clc.ALIAS = False
    clc.LOCATION = False
    session = requests.Session()
    clc.SetRequestsSession(session)
    clc.v1.SetCredentials(live_server.api_key, live_server.password)
    yield clc
    session.close()


def _name() -> str:
    return f"sdk-{uuid.uuid4().hex[:10]}@example.com"


def _create(sdk: ModuleType, name: str, roles: list[str] | None = None) -> dict[str, Any]:
    details: dict[str, Any] = sdk.v1.User.CreateUser(
        name, name, "Jane", "Doe", roles if roles is not None else ["NetworkManager"]
    )
    return details


def test_get_accounts_puts_the_own_account_first(sdk: ModuleType, live_server: LiveServer) -> None:
    accounts = sdk.v1.Account.GetAccounts()
    assert accounts[0]["AccountAlias"] == live_server.alias
    assert sdk.ALIAS == live_server.alias
    assert sdk.LOCATION == accounts[0]["Location"]


def test_full_user_lifecycle(sdk: ModuleType, live_server: LiveServer) -> None:
    name = _name()
    created = _create(sdk, name, ["NetworkManager", "ServerOperator"])
    assert created["UserName"] == name
    assert created["AccountAlias"] == live_server.alias
    assert created["Roles"] == ["NetworkManager", "ServerOperator"]
    assert created["Status"] == "Active"

    listed = sdk.v1.User.GetUsers()
    assert name in [user["UserName"] for user in listed]

    details = sdk.v1.User.GetUserDetails(name)
    assert details["EmailAddress"] == name
    assert details["Roles"] == ["NetworkManager", "ServerOperator"]

    updated = sdk.v1.User.UpdateUser(name, "new@example.com", "Janet", "Dough", ["AccountViewer"])
    assert (updated["EmailAddress"], updated["FirstName"], updated["LastName"]) == (
        "new@example.com",
        "Janet",
        "Dough",
    )
    assert updated["Roles"] == ["AccountViewer"]

    assert sdk.v1.User.SuspendUser(name) is None
    assert sdk.v1.User.GetUserDetails(name)["Status"] == "Disabled"
    assert sdk.v1.User.UnsuspendUser(name) is None
    assert sdk.v1.User.GetUserDetails(name)["Status"] == "Active"

    assert sdk.v1.User.DeleteUser(name) is None
    with pytest.raises(Exception, match=r"Error calling User/GetUserDetails"):
        sdk.v1.User.GetUserDetails(name)
    assert name not in [user["UserName"] for user in sdk.v1.User.GetUsers()]


def test_one_logon_serves_many_calls(sdk: ModuleType) -> None:
    """The XML logon reply and the cookie's Path=/ let the SDK keep its session."""
    for _ in range(3):
        sdk.v1.User.GetUsers()
    assert sdk._LOGINS == 1


def test_update_without_roles_keeps_them(sdk: ModuleType) -> None:
    name = _name()
    _create(sdk, name, ["SecurityManager"])
    updated = sdk.v1.User.UpdateUser(name, name, "Jane", "Doe", [])
    assert updated["Roles"] == ["SecurityManager"]


def test_server_scheduler_comes_back_as_none(sdk: ModuleType, live_server: LiveServer) -> None:
    """Role 15 has no SDK name: the SDK maps it to None, and must not crash on it."""
    name = _name()
    _create(sdk, name)
    reply = sdk.v1.API.Call(
        "post",
        "User/UpdateUser",
        {
            "UserName": name,
            "EmailAddress": name,
            "FirstName": "Jane",
            "LastName": "Doe",
            "Roles": [15],
            "AccountAlias": live_server.alias,
        },
    )
    assert reply["UserDetails"]["Roles"] == [15]
    assert sdk.v1.User.GetUserDetails(name)["Roles"] == [None]


def test_bad_password_fails_after_one_relogon(sdk: ModuleType, live_server: LiveServer) -> None:
    sdk.v1.SetCredentials(live_server.api_key, "not-the-password-at-all")
    with pytest.raises(Exception, match=r"Error calling User/GetUsers"):
        sdk.v1.User.GetUsers(live_server.alias)
    # Swallowed logon, the call answered 100, one re-logon: two logons in all.
    assert sdk._LOGINS == 2


def test_duplicate_user_fails(sdk: ModuleType) -> None:
    name = _name()
    _create(sdk, name)
    with pytest.raises(Exception, match=r"Error calling User/CreateUser"):
        _create(sdk, name.upper())


def test_missing_email_fails(sdk: ModuleType) -> None:
    with pytest.raises(Exception, match=r"Error calling User/CreateUser"):
        sdk.v1.User.CreateUser(_name(), None, "Jane", "Doe", None)


def test_unknown_account_fails(sdk: ModuleType) -> None:
    with pytest.raises(Exception, match=r"Error calling User/GetUsers"):
        sdk.v1.User.GetUsers("ZZZZ")
    with pytest.raises(Exception, match=r"Error calling User/CreateUser"):
        sdk.v1.User.CreateUser(_name(), "x@example.com", "Jane", "Doe", None, alias="ZZZZ")


def test_unknown_user_fails(sdk: ModuleType) -> None:
    for call in (sdk.v1.User.SuspendUser, sdk.v1.User.UnsuspendUser, sdk.v1.User.DeleteUser):
        with pytest.raises(Exception, match=r"Error calling User/"):
            call("nobody-" + uuid.uuid4().hex)


def test_server_log_holds_no_password(
    sdk: ModuleType, live_server: LiveServer, server_process: ServerProcess
) -> None:
    """clc-sdk puts the password in the query string; the access log must not keep it."""
    sdk.v1.User.GetUsers()
    log = server_process.log()
    assert "/REST//Auth/logon" in log
    assert live_server.password not in log
    assert "Password=" not in log
    # The logon is a security event in the log, naming the key only by its first characters.
    assert f"v1 logon key={live_server.api_key[:8]}" in log
    assert live_server.api_key not in log
