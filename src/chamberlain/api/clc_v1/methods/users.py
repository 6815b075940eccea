"""The seven v1 User methods."""

from __future__ import annotations

from typing import Any

from chamberlain.api.clc_v1.codes import reply
from chamberlain.api.clc_v1.methods.call import Call, Outcome
from chamberlain.api.clc_v1.parse import WireFields
from chamberlain.domain.users import (
    LifecycleAction,
    User,
    validate_new_user,
    validate_user_update,
)
from chamberlain.errors import FieldRequired
from chamberlain.services import users

_OPTIONAL_FIELDS = {
    "AlternateEmailAddress": "alternate_email",
    "Title": "title",
    "OfficeNumber": "office_number",
    "MobileNumber": "mobile_number",
    "FaxNumber": "fax_number",
    "SAMLUserName": "saml_user_name",
    "TimeZoneID": "time_zone_id",
}


def user_details(user: User) -> dict[str, Any]:
    """The ``UserDetails`` record, fields in documented order."""
    profile = user.profile
    return {
        "AccountAlias": user.account_alias,
        "UserName": user.user_name,
        "EmailAddress": profile.email,
        "FirstName": profile.first_name,
        "LastName": profile.last_name,
        "AlternateEmailAddress": profile.alternate_email,
        "Title": profile.title,
        "OfficeNumber": profile.office_number,
        "MobileNumber": profile.mobile_number,
        "AllowSMS": profile.allow_sms,
        "FaxNumber": profile.fax_number,
        "SAMLUserName": profile.saml_user_name,
        "TimeZoneID": user.time_zone,
        "Status": user.status.value,
        "Roles": list(user.roles),
    }


def _optional(fields: WireFields) -> dict[str, str | None]:
    """The optional text fields that were sent; absent and null are left out."""
    sent = {domain: fields.text(wire) for wire, domain in _OPTIONAL_FIELDS.items()}
    return {name: value for name, value in sent.items() if value is not None}


def _required_text(fields: WireFields, wire_name: str, domain_name: str) -> str:
    value = fields.text(wire_name)
    if value is None or not value.strip():
        raise FieldRequired(domain_name)
    return value


def _user_fields(fields: WireFields) -> dict[str, Any]:
    """The fields CreateUser and UpdateUser share, as validation keywords."""
    return {
        "user_name": fields.text("UserName"),
        "email": fields.text("EmailAddress"),
        "first_name": fields.text("FirstName"),
        "last_name": fields.text("LastName"),
        "optional": _optional(fields),
        "allow_sms": fields.flag("AllowSMSAlerts", "AllowSMS"),
        "roles": fields.role_ids("Roles"),
    }


def create_user(call: Call) -> Outcome:
    """CreateUser: the new user's details."""
    fields = call.fields
    new = validate_new_user(account_alias=fields.text("AccountAlias"), **_user_fields(fields))
    user = users.create_user(call.rt, call.caller, new)
    return Outcome(
        reply(0, {"UserDetails": user_details(user)}, message="User successfully created.")
    )


def get_users(call: Call) -> Outcome:
    """GetUsers: the live users of one account."""
    alias = _required_text(call.fields, "AccountAlias", "account_alias")
    found = users.list_users(call.rt, call.caller, alias)
    return Outcome(
        reply(0, {"Users": [user_details(u) for u in found]}, message="Users successfully located.")
    )


def get_user_details(call: Call) -> Outcome:
    """GetUserDetails: one user inside the named account's tree."""
    alias = _required_text(call.fields, "AccountAlias", "account_alias")
    user_name = _required_text(call.fields, "UserName", "user_name")
    user = users.get_user(call.rt, call.caller, alias, user_name)
    return Outcome(
        reply(0, {"UserDetails": user_details(user)}, message="User successfully located.")
    )


def update_user(call: Call) -> Outcome:
    """UpdateUser: absent or null fields stay as they are; a sent Roles list replaces."""
    fields = call.fields
    change = validate_user_update(**_user_fields(fields))
    alias = fields.text("AccountAlias")
    under = alias.strip() if alias else None
    user = users.update_user(call.rt, call.caller, under=under, change=change)
    return Outcome(
        reply(0, {"UserDetails": user_details(user)}, message="User successfully updated.")
    )


def _lifecycle(action: LifecycleAction, message: str) -> Any:
    def handler(call: Call) -> Outcome:
        user_name = _required_text(call.fields, "UserName", "user_name")
        users.change_status(call.rt, call.caller, user_name, action)
        return Outcome(reply(0, message=message))

    handler.__doc__ = f"{action.value.capitalize()} a user by UserName."
    return handler


suspend_user = _lifecycle(LifecycleAction.SUSPEND, "User suspended.")
unsuspend_user = _lifecycle(LifecycleAction.UNSUSPEND, "User unsuspended.")
delete_user = _lifecycle(LifecycleAction.DELETE, "User deleted.")
