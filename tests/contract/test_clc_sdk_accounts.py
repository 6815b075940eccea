"""The released clc-sdk 2.51 account calls (``clc.v1.Account``), unchanged, against a real
server process (spec sections 5 and 9).

The SDK keeps module-wide state (cookie, alias, location, locations), so each test resets
it. A sub-account is made once per server through v1 CreateAccount, posted with requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import clc
import pytest
import requests

from chamberlain.domain.locations import DEFAULT_LOCATIONS
from tests.support.live_server import LiveServer

SUB_ALIAS = "SUBA"
SDK_STATUS = {1: "Action", 2: "Disabled", 3: "Deleted", 4: "Demo"}
DETAIL_KEYS = [
    "AccountAlias", "ParentAlias", "Location", "BusinessName", "Address1", "Address2",
    "City", "StateProvince", "PostalCode", "Country", "Telephone", "Fax", "TimeZone",
    "Status", "ShareParentNetworks", "SupportLevel",
]  # fmt: skip


@pytest.fixture
def sdk(live_server: LiveServer) -> Iterator[ModuleType]:
    clc.defaults.ENDPOINT_URL_V1 = f"{live_server.base_url}/REST/"
    clc._LOGIN_COOKIE_V1 = False
    clc._LOGINS = 0
    clc.ALIAS = False
    clc.LOCATION = False
    saved_locations = clc.LOCATIONS
    clc.LOCATIONS = []
    session = requests.Session()
    clc.SetRequestsSession(session)
    clc.v1.SetCredentials(live_server.api_key, live_server.password)
    yield clc
    clc.LOCATIONS = saved_locations
    session.close()


@pytest.fixture(scope="module")
def sub_account(live_server: LiveServer) -> dict[str, Any]:
    """``SUBA`` below the root account, made with v1 CreateAccount; its AccountDetails."""
    with requests.Session() as http:
        logon = http.post(
            f"{live_server.base_url}/REST/Auth/Logon/JSON",
            json={"APIKey": live_server.api_key, "Password": live_server.password},
            timeout=30,
        )
        assert logon.json()["StatusCode"] == 0, logon.text
        reply = http.post(
            f"{live_server.base_url}/REST/Account/CreateAccount/JSON",
            json={
                "ParentAlias": live_server.alias,
                "AccountAlias": SUB_ALIAS,
                "Location": "VA1",
                "BusinessName": "Sub Account Inc.",
                "Address1": "1 Main Street",
                "City": "Richmond",
                "StateProvince": "VA",
                "PostalCode": "23219",
                "Country": "USA",
                "Telephone": "555-0100",
                "TimeZone": "Eastern Standard Time",
                "ShareParentNetworks": False,
                "BillingResponsibilityID": 1,
            },
            timeout=30,
        )
    body: dict[str, Any] = reply.json()
    assert body["StatusCode"] == 0, body
    details: dict[str, Any] = body["AccountDetails"]
    return details


def test_own_account_details_map_status_1_to_the_sdks_action(
    sdk: ModuleType, live_server: LiveServer
) -> None:
    details = sdk.v1.Account.GetAccountDetails()
    assert list(details) == DETAIL_KEYS
    assert details["AccountAlias"] == live_server.alias
    assert details["ParentAlias"] is None
    assert details["Status"] == "Action"
    # No alias given: the SDK found it with GetAccounts first.
    assert sdk.ALIAS == live_server.alias
    assert sdk.LOCATION == details["Location"]


def test_sub_account_details_by_alias(sdk: ModuleType, sub_account: dict[str, Any]) -> None:
    assert sub_account["Status"] in SDK_STATUS
    details = sdk.v1.Account.GetAccountDetails(SUB_ALIAS.lower())
    assert details == {**sub_account, "Status": SDK_STATUS[sub_account["Status"]]}
    assert details["Status"] == "Action"
    assert (details["AccountAlias"], details["Location"], details["City"]) == (
        SUB_ALIAS,
        "VA1",
        "Richmond",
    )
    assert details["TimeZone"] == "Eastern Standard Time"


def test_get_locations_returns_the_twelve_and_sets_clc_locations(sdk: ModuleType) -> None:
    locations = sdk.v1.Account.GetLocations()
    assert locations == [{"Alias": loc.alias, "Region": loc.region} for loc in DEFAULT_LOCATIONS]
    assert len(locations) == 12
    assert sdk.LOCATIONS == [loc.alias for loc in DEFAULT_LOCATIONS]


def test_get_accounts_lists_the_root_first_then_the_sub_account(
    sdk: ModuleType, live_server: LiveServer, sub_account: dict[str, Any]
) -> None:
    accounts = sdk.v1.Account.GetAccounts()
    assert [a["AccountAlias"] for a in accounts] == [live_server.alias, SUB_ALIAS]
    assert [a["ParentAlias"] for a in accounts] == [None, live_server.alias]
    assert all(a["IsActive"] is True for a in accounts)
    assert accounts[1]["Location"] == "VA1"
    assert sdk.ALIAS == live_server.alias

    only_sub = sdk.v1.Account.GetAccounts(SUB_ALIAS)
    assert [a["AccountAlias"] for a in only_sub] == [SUB_ALIAS]
    assert sdk._LOGINS == 1


@pytest.mark.usefixtures("sub_account")
@pytest.mark.parametrize("alias", ["ZZZZ", "toolong", "?"])
def test_unknown_alias_raises(sdk: ModuleType, alias: str) -> None:
    with pytest.raises(Exception, match=r"Error calling Account/GetAccountDetails"):
        sdk.v1.Account.GetAccountDetails(alias)
    with pytest.raises(Exception, match=r"Error calling Account/GetAccounts"):
        sdk.v1.Account.GetAccounts(alias)
