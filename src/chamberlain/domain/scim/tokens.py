"""SCIM tokens: the bearer credential an identity provider holds for one account.

A token is ``chm_scim_`` and 256 random bits; only its SHA-256 is stored, with a short
public hint (the prefix and six characters) that names it in lists and the audit trail.
A token works until it is revoked, until rotation's grace period ends, and only while
its account and every ancestor are in service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chamberlain.domain.audit import Actor, ActorKind, Authority, Face
from chamberlain.domain.credentials import new_session_token
from chamberlain.domain.permissions import Permission

TOKEN_PREFIX = "chm_scim_"  # noqa: S105 - a public prefix that leak scanners can match
HINT_LENGTH = len(TOKEN_PREFIX) + 6
NAME_MAX = 100

# What a token does: the users of its account, nothing more (never accounts, API users
# or other tokens).
TOKEN_PERMISSIONS: frozenset[str] = frozenset(
    {Permission.ACCOUNTS_VIEW, Permission.USERS_VIEW, Permission.USERS_MANAGE}
)


def new_scim_token() -> str:
    """A fresh token (shown to its creator once)."""
    return TOKEN_PREFIX + new_session_token()


def token_hint(token: str) -> str:
    """The public part of a token: enough to tell tokens apart, far too little to use."""
    return token[:HINT_LENGTH]


class ScimTokenState(StrEnum):
    """What token lists show."""

    ACTIVE = "active"
    RETIRING = "retiring"
    RETIRED = "retired"
    REVOKED = "revoked"
    ACCOUNT_SUSPENDED = "account suspended"


@dataclass(frozen=True, slots=True)
class ScimToken:
    """A stored token (never its secret). ``account_active`` is False while the account
    or an ancestor is suspended."""

    id: int
    account_alias: str
    account_path: str
    hint: str
    name: str | None
    created_by: str
    created_at: datetime
    account_active: bool
    last_used_at: datetime | None = None
    retires_at: datetime | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> ScimTokenState:
        """The token's state at ``now``."""
        if self.revoked_at is not None:
            return ScimTokenState.REVOKED
        if self.retires_at is not None and now >= self.retires_at:
            return ScimTokenState.RETIRED
        if not self.account_active:
            return ScimTokenState.ACCOUNT_SUSPENDED
        return ScimTokenState.ACTIVE if self.retires_at is None else ScimTokenState.RETIRING

    def usable(self, now: datetime) -> bool:
        """Whether the token authenticates at ``now``."""
        return self.state(now) in (ScimTokenState.ACTIVE, ScimTokenState.RETIRING)

    def actor(self, request_id: str | None) -> Actor:
        """Who a request with this token is: it reads and manages the users of its account
        (``TOKEN_PERMISSIONS``, nothing else) and may grant them any role, as only a
        caller who could grant every role may issue a token (``services.scim_tokens``)."""
        return Actor(
            kind=ActorKind.SCIM_TOKEN,
            label=self.hint,
            account_alias=self.account_alias,
            tree_path=self.account_path,
            face=Face.SCIM,
            authority=Authority(permissions=TOKEN_PERMISSIONS, reach=None),
            request_id=request_id,
        )

    @property
    def audit_target(self) -> tuple[str, str, str]:
        """How the audit trail names the token."""
        return ("scim_token", self.hint, self.account_path)

    def snapshot(self) -> dict[str, object]:
        """The audited view of the token (never the secret)."""
        return {
            "account": self.account_alias,
            "name": self.name,
            "retires_at": self.retires_at.isoformat() if self.retires_at else None,
            "revoked": self.revoked_at is not None,
        }
