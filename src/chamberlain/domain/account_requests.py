"""Validation of account create and update requests (v1 CreateAccount/UpdateAccountDetails).

Presence is checked in the order of the StatusCode table: address (1601), business name
(1602), city (1603), country (1604), postal code (1605), state or province (1606),
telephone (1607), time zone (1608, update only), parent alias (1609), location (1610),
then billing responsibility (1616), then lengths and characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chamberlain.domain.accounts import Account, BillingResponsibility, Contact
from chamberlain.domain.text import clean_text, required_text
from chamberlain.errors import FieldRequired, InvalidBillingResponsibility

BUSINESS_NAME_MAX = 200
ADDRESS_MAX = 200
PLACE_MAX = 100
POSTAL_CODE_MAX = 20
PHONE_MAX = 50

_REQUIRED_CONTACT = ("address1", "business_name", "city", "country", "postal_code",
                     "state_province", "telephone")  # fmt: skip
_LIMITS = {
    "business_name": BUSINESS_NAME_MAX,
    "address1": ADDRESS_MAX,
    "address2": ADDRESS_MAX,
    "city": PLACE_MAX,
    "state_province": PLACE_MAX,
    "postal_code": POSTAL_CODE_MAX,
    "country": PLACE_MAX,
    "telephone": PHONE_MAX,
    "fax": PHONE_MAX,
}


@dataclass(frozen=True, slots=True)
class AccountFields:
    """Validated descriptive fields of an account. ``time_zone`` is as sent (may be
    unknown: the service falls back to the parent's)."""

    business_name: str
    contact: Contact
    time_zone: str | None
    share_parent_networks: bool | None


@dataclass(frozen=True, slots=True)
class NewAccount:
    """A validated CreateAccount request."""

    parent_alias: str
    alias: str | None
    location: str
    fields: AccountFields
    billing_responsibility: BillingResponsibility


@dataclass(frozen=True, slots=True)
class AccountUpdate:
    """A validated UpdateAccountDetails request; ``sent`` names the optional fields given."""

    alias: str
    fields: AccountFields
    sent: frozenset[str] = field(default_factory=frozenset)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _require(raw: Mapping[str, str | None], names: tuple[str, ...]) -> None:
    for name in names:
        if _blank(raw.get(name)):
            raise FieldRequired(name)


def _fields(raw: Mapping[str, str | None], share: bool | None) -> AccountFields:
    cleaned = {name: clean_text(name, raw.get(name), max_length=limit)
               for name, limit in _LIMITS.items()}  # fmt: skip
    business_name = cleaned.pop("business_name")
    if business_name is None:
        raise FieldRequired("business_name")
    return AccountFields(
        business_name=business_name,
        contact=Contact(**cleaned),
        time_zone=raw.get("time_zone"),
        share_parent_networks=share,
    )


def name_only_fields(business_name: str) -> AccountFields:
    """The fields of an account made with a name alone (the operator's CLI), the name
    validated as every face validates it. Raises ``FieldRequired`` or ``InvalidField``."""
    name = required_text("business_name", business_name, max_length=BUSINESS_NAME_MAX)
    return AccountFields(name, Contact(), time_zone=None, share_parent_networks=None)


def _billing(value: str | None) -> BillingResponsibility:
    """1 or 2, as sent (text); anything else, or nothing, is invalid."""
    for choice in BillingResponsibility:
        if (value or "").strip() == str(int(choice)):
            return choice
    raise InvalidBillingResponsibility()


def validate_new_account(
    raw: Mapping[str, str | None],
    *,
    share_parent_networks: bool | None,
    billing_responsibility: str | None,
) -> NewAccount:
    """Validate CreateAccount. ``raw`` holds text fields by domain name, including
    ``parent_alias``, ``alias``, ``location`` and ``time_zone``."""
    _require(raw, (*_REQUIRED_CONTACT, "parent_alias", "location"))
    billing = _billing(billing_responsibility)
    alias = raw.get("alias")
    return NewAccount(
        parent_alias=(raw.get("parent_alias") or "").strip(),
        alias=None if _blank(alias) else (alias or "").strip(),
        location=(raw.get("location") or "").strip().upper(),
        fields=_fields(raw, share_parent_networks),
        billing_responsibility=billing,
    )


def validate_account_update(
    raw: Mapping[str, str | None], *, share_parent_networks: bool | None
) -> AccountUpdate:
    """Validate UpdateAccountDetails. ``raw`` holds the fields sent, by domain name;
    ``address2`` and ``fax`` not sent stay as they are."""
    _require(raw, ("account_alias",))
    _require(raw, (*_REQUIRED_CONTACT, "time_zone"))
    return AccountUpdate(
        alias=(raw.get("account_alias") or "").strip(),
        fields=_fields(raw, share_parent_networks),
        sent=frozenset(name for name in ("address2", "fax") if name in raw),
    )


@dataclass(frozen=True, slots=True)
class AccountPatch:
    """A partial change of an account: ``sent`` holds only the text fields the caller
    sent, by domain name (None clears ``address2`` or ``fax``, and leaves any other field
    as it is); ``share_parent_networks`` None leaves it. The service merges it into the
    account as it is inside its transaction (``onto``)."""

    sent: Mapping[str, str | None] = field(default_factory=dict)
    share_parent_networks: bool | None = None

    def onto(self, account: Account) -> AccountUpdate:
        """The full update that makes ``account`` what this patch asks, validated as
        UpdateAccountDetails is (a field the account lacks and the patch does not send is
        still required). Raises ``FieldRequired`` or ``InvalidField``."""
        known: dict[str, str | None] = {
            "business_name": account.business_name,
            "time_zone": account.time_zone,
            **{name: getattr(account.contact, name) for name in Contact.__dataclass_fields__},
        }
        merged = {
            name: value for name, value in {**known, **self.sent}.items() if value is not None
        }
        cleared = {
            name: ""
            for name in ("address2", "fax")
            if name in self.sent and self.sent[name] is None
        }
        return validate_account_update(
            {**merged, **cleared, "account_alias": account.alias},
            share_parent_networks=self.share_parent_networks,
        )
