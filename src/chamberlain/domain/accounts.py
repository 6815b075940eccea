"""Accounts: alias rules, status values and the account tree.

An account's position in the tree is its *path*: the aliases from the root down to it,
each followed by ``/`` (``"/T3N/ABCD/"``). Aliases never change and are never reused, so a
path never changes either, and "is B inside A's tree" is a prefix test.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from enum import IntEnum

from chamberlain.errors import InvalidAlias

ALIAS_MIN_LENGTH = 2
ALIAS_MAX_LENGTH = 4
_ALIAS_CHARS = frozenset(string.ascii_uppercase + string.digits)
_GENERATED_ALIAS_CHARS = string.ascii_uppercase


class AccountStatus(IntEnum):
    """v1 account status values (spec section 12: used everywhere)."""

    ACTIVE = 1
    DISABLED = 2
    DELETED = 3
    DEMO = 4

    @property
    def label(self) -> str:
        """The status as the REST API and the SDK spell it (``Active``, ``Disabled``...)."""
        return self.name.capitalize()


ACTIVE_STATUSES = frozenset({AccountStatus.ACTIVE, AccountStatus.DEMO})


def normalise_alias(value: str) -> str:
    """Return the alias in its stored form (upper case).

    Raises ``InvalidAlias`` unless the value is 2-4 ASCII letters or digits. Full-width and
    other look-alike characters are refused rather than folded, so that a lookup and the
    unique index always agree on what an alias is.
    """
    stripped = value.strip()
    # Check before upper-casing: upper() turns some non-ASCII letters into ASCII ones.
    if not stripped.isascii():
        raise InvalidAlias("must be 2 to 4 ASCII letters or digits")
    alias = stripped.upper()
    if not ALIAS_MIN_LENGTH <= len(alias) <= ALIAS_MAX_LENGTH or not set(alias) <= _ALIAS_CHARS:
        raise InvalidAlias("must be 2 to 4 ASCII letters or digits")
    return alias


def generate_alias() -> str:
    """Return a random four-letter alias (the caller retries on a collision)."""
    return "".join(secrets.choice(_GENERATED_ALIAS_CHARS) for _ in range(ALIAS_MAX_LENGTH))


def child_path(parent_path: str | None, alias: str) -> str:
    """Return the tree path of an account with ``alias`` below ``parent_path``."""
    return f"{parent_path or '/'}{alias}/"


def parent_alias_of(path: str) -> str | None:
    """Return the alias of the parent of the account at ``path`` (None for a root)."""
    aliases = path.strip("/").split("/")
    return aliases[-2] if len(aliases) > 1 else None


def is_within(tree_path: str, path: str) -> bool:
    """True when ``path`` is the account at ``tree_path`` or one of its descendants."""
    return path.startswith(tree_path)


def ancestor_aliases(path: str) -> list[str]:
    """The aliases from the root down to the account at ``path`` itself."""
    return path.strip("/").split("/")


class BillingResponsibility(IntEnum):
    """Who pays for a sub-account (CreateAccount ``BillingResponsibilityID``)."""

    SELF = 1
    PARENT = 2

    @property
    def label(self) -> str:
        """Who pays, as the REST API and the SDK spell it (``self`` or ``parent``)."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Contact:
    """An account's postal and phone details (all optional for the root account)."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    country: str | None = None
    telephone: str | None = None
    fax: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    """An account as the services see it."""

    id: int
    alias: str
    path: str
    location: str
    business_name: str
    time_zone: str
    status: AccountStatus
    share_parent_networks: bool
    support_level: str
    contact: Contact = Contact()
    billing_responsibility: BillingResponsibility = BillingResponsibility.SELF
    version: int = 1

    @property
    def parent_alias(self) -> str | None:
        """The parent's alias, None for a root account."""
        return parent_alias_of(self.path)

    @property
    def is_active(self) -> bool:
        """Whether the account is in service (Active or Demo)."""
        return self.status in ACTIVE_STATUSES

    @property
    def audit_target(self) -> tuple[str, str, str]:
        """How the audit trail names the account."""
        return ("account", self.alias, self.path)

    def snapshot(self) -> dict[str, object]:
        """The audited view of the account."""
        values: dict[str, object] = {
            "alias": self.alias,
            "parent_alias": self.parent_alias,
            "location": self.location,
            "business_name": self.business_name,
            "time_zone": self.time_zone,
            "status": int(self.status),
            "share_parent_networks": self.share_parent_networks,
            "billing_responsibility": int(self.billing_responsibility),
        }
        values.update((name, getattr(self.contact, name)) for name in Contact.__dataclass_fields__)
        return values
