"""v1 Account methods."""

from __future__ import annotations

from typing import Any

from chamberlain.api.clc_v1.codes import reply
from chamberlain.api.clc_v1.methods.call import Call, Outcome
from chamberlain.domain.accounts import Account
from chamberlain.services import accounts


def account_summary(account: Account) -> dict[str, Any]:
    """One entry of ``Accounts``."""
    return {
        "AccountAlias": account.alias,
        "ParentAlias": account.parent_alias,
        "Location": account.location,
        "BusinessName": account.business_name,
        "IsActive": account.is_active,
        "SupportLevel": account.support_level,
    }


def get_accounts(call: Call) -> Outcome:
    """GetAccounts: the start account first, then every descendant."""
    found = accounts.list_accounts(call.rt, call.caller, call.fields.text("AccountAlias"))
    return Outcome(
        reply(
            0,
            {"Accounts": [account_summary(a) for a in found]},
            message="Accounts successfully queried.",
        )
    )
