"""The fields and filters the SDK's methods take, as ``TypedDict`` keyword arguments.

A key left out is not sent: on an update it keeps the current value, and ``None`` (where
the type allows it) clears an optional field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, NotRequired, TypedDict


class UserFields(TypedDict, total=False):
    """A user's optional fields."""

    alternate_email: str | None
    title: str | None
    office_number: str | None
    mobile_number: str | None
    fax_number: str | None
    saml_user_name: str | None
    time_zone_id: str | None
    allow_sms: bool
    roles: Sequence[int]


class NewUser(UserFields):
    """A user to create (also one item of a bulk import)."""

    user_name: str
    email: str
    first_name: str
    last_name: str


class UserChanges(UserFields, total=False):
    """Fields of a user to change."""

    email: str
    first_name: str
    last_name: str


class UserFilters(TypedDict, total=False):
    """Conditions on a user listing, all of which must hold. ``user_name`` and ``email``
    match exactly (case-insensitively); ``name_prefix`` matches the start of the first or
    the last name."""

    user_name: str
    email: str
    status: Literal["Active", "Disabled"]
    role: int
    name_prefix: str


class NewAccount(TypedDict):
    """A sub-account to create; the server picks the ``alias`` when it is left out."""

    location: str
    business_name: str
    address1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    telephone: str
    alias: NotRequired[str]
    address2: NotRequired[str]
    fax: NotRequired[str]
    time_zone: NotRequired[str]
    share_parent_networks: NotRequired[bool]
    billing_responsibility: NotRequired[Literal["self", "parent"]]


class AccountChanges(TypedDict, total=False):
    """Fields of an account to change (``None`` clears ``address2`` or ``fax``)."""

    business_name: str
    address1: str
    address2: str | None
    city: str
    state_province: str
    postal_code: str
    country: str
    telephone: str
    fax: str | None
    time_zone: str
    share_parent_networks: bool


class AuditFilters(TypedDict, total=False):
    """Conditions on the audit trail, all of which must hold. ``account`` names the
    subtree (the caller's whole tree by default); ``since`` and ``until`` bound the time
    (a naive date-time is taken as UTC by the server)."""

    account: str
    actor: str
    target: str
    action: str
    since: datetime
    until: datetime
