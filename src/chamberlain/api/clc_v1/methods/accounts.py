"""The v1 Account methods."""

from __future__ import annotations

from typing import Any

from chamberlain.api.clc_v1.codes import reply
from chamberlain.api.clc_v1.methods.call import Call, Outcome
from chamberlain.api.clc_v1.parse import WireFields
from chamberlain.domain.account_requests import validate_account_update, validate_new_account
from chamberlain.domain.accounts import Account
from chamberlain.domain.custom_fields import CustomField
from chamberlain.errors import FieldRequired
from chamberlain.services import accounts
from chamberlain.services.accounts import StatusChange

# Wire name -> domain name of the text fields of CreateAccount / UpdateAccountDetails.
_TEXT_FIELDS = {
    "ParentAlias": "parent_alias",
    "AccountAlias": "alias",
    "Location": "location",
    "BusinessName": "business_name",
    "Address1": "address1",
    "Address2": "address2",
    "City": "city",
    "StateProvince": "state_province",
    "PostalCode": "postal_code",
    "Country": "country",
    "Telephone": "telephone",
    "Fax": "fax",
    "TimeZone": "time_zone",
}


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


def account_details(account: Account) -> dict[str, Any]:
    """The ``AccountDetails`` record, fields in documented order."""
    contact = account.contact
    return {
        "AccountAlias": account.alias,
        "ParentAlias": account.parent_alias,
        "Location": account.location,
        "BusinessName": account.business_name,
        "Address1": contact.address1,
        "Address2": contact.address2,
        "City": contact.city,
        "StateProvince": contact.state_province,
        "PostalCode": contact.postal_code,
        "Country": contact.country,
        "Telephone": contact.telephone,
        "Fax": contact.fax,
        "TimeZone": account.time_zone,
        "Status": int(account.status),
        "ShareParentNetworks": account.share_parent_networks,
        "SupportLevel": account.support_level,
    }


def _custom_field(definition: CustomField) -> dict[str, Any]:
    options = [{"Name": name, "Value": value} for name, value in definition.options]
    return {
        "ID": -1,
        "CustomFieldTypeID": -1,
        "UUID": definition.uuid,
        "CustomFieldType": definition.field_type,
        "Name": definition.name,
        "IsRequired": definition.is_required,
        "AccountCustomFieldOptions": options or None,
    }


def _texts(fields: WireFields) -> dict[str, str | None]:
    """The text fields that were sent (absent and null left out)."""
    sent = {domain: fields.text(wire) for wire, domain in _TEXT_FIELDS.items()}
    return {name: value for name, value in sent.items() if value is not None}


def _alias(fields: WireFields) -> str:
    alias = fields.text("AccountAlias")
    if alias is None or not alias.strip():
        raise FieldRequired("account_alias")
    return alias


def _details_reply(account: Account, message: str) -> Outcome:
    return Outcome(reply(0, {"AccountDetails": account_details(account)}, message=message))


def get_accounts(call: Call) -> Outcome:
    """GetAccounts: the start account first, then every descendant."""
    found = accounts.list_accounts(call.rt, call.caller, call.fields.text("AccountAlias"))
    data = {"Accounts": [account_summary(a) for a in found]}
    return Outcome(reply(0, data, message="Accounts successfully queried."))


def get_account_details(call: Call) -> Outcome:
    """GetAccountDetails."""
    account = accounts.get_account(call.rt, call.caller, _alias(call.fields))
    return _details_reply(account, "Account details successfully queried.")


def create_account(call: Call) -> Outcome:
    """CreateAccount: a sub-account below a visible parent; alias generated when empty."""
    new = validate_new_account(
        _texts(call.fields),
        share_parent_networks=call.fields.flag("ShareParentNetworks"),
        billing_responsibility=call.fields.text("BillingResponsibilityID"),
    )
    account = accounts.create_account(call.rt, call.caller, new)
    return _details_reply(account, "Account successfully created.")


def update_account_details(call: Call) -> Outcome:
    """UpdateAccountDetails: Address2 and Fax change only when sent."""
    raw = _texts(call.fields)
    raw["account_alias"] = raw.pop("alias", None)
    change = validate_account_update(
        raw, share_parent_networks=call.fields.flag("ShareParentNetworks")
    )
    account = accounts.update_account(call.rt, call.caller, change)
    return _details_reply(account, "Account details successfully updated.")


def _status_change(change: StatusChange, message: str) -> Any:
    def handler(call: Call) -> Outcome:
        _, request_id = accounts.change_account_status(
            call.rt, call.caller, _alias(call.fields), change
        )
        return Outcome(reply(0, {"RequestID": request_id}, message=message))

    handler.__doc__ = f"{change.value.capitalize()} a sub-account; answers a RequestID."
    return handler


suspend_account = _status_change(StatusChange.SUSPEND, "Account Suspended.")
enable_account = _status_change(StatusChange.ENABLE, "Account Enabled.")


def get_locations(call: Call) -> Outcome:
    """GetLocations: the configured data centres."""
    locations = [{"Alias": loc.alias, "Region": loc.region} for loc in call.rt.settings.locations]
    return Outcome(reply(0, {"Locations": locations}, message="Locations successfully queried."))


def get_custom_fields(call: Call) -> Outcome:
    """GetCustomFields: the account's custom field definitions (often none)."""
    found = accounts.list_custom_fields(call.rt, call.caller, _alias(call.fields))
    data = {"AccountCustomFields": [_custom_field(definition) for definition in found]}
    return Outcome(reply(0, data, message="Custom Fields retrieved successfully."))
