"""Audit vocabulary and field-level diffs.

An audit record names the actor, the face the change came through, the target and, for
each changed field, its value before and after. Secrets never enter a record: callers
pass snapshots that hold none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class AuditAction(StrEnum):
    """What happened, as ``subject.verb``."""

    ACCOUNT_CREATE = "account.create"
    ACCOUNT_UPDATE = "account.update"
    ACCOUNT_SUSPEND = "account.suspend"
    ACCOUNT_ENABLE = "account.enable"
    CUSTOM_FIELD_CREATE = "custom_field.create"
    API_USER_CREATE = "api_user.create"
    API_USER_DISABLE = "api_user.disable"
    API_USER_ENABLE = "api_user.enable"
    API_USER_ROTATE = "api_user.rotate"
    API_USER_DELETE = "api_user.delete"
    USER_SET_PASSWORD = "user.set_password"  # noqa: S105 - an action name, not a secret
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_SUSPEND = "user.suspend"
    USER_UNSUSPEND = "user.unsuspend"
    USER_DELETE = "user.delete"
    USER_INVITE = "user.invite"
    USER_RESET_REQUEST = "user.request_reset"
    SCIM_TOKEN_CREATE = "scim_token.create"  # noqa: S105 - action names, not secrets
    SCIM_TOKEN_REVOKE = "scim_token.revoke"  # noqa: S105
    SCIM_TOKEN_ROTATE = "scim_token.rotate"  # noqa: S105


class Face(StrEnum):
    """The way a change came in."""

    V1 = "v1"
    V2 = "v2"
    REST = "rest"
    CLI = "cli"
    SCIM = "scim"
    PORTAL = "portal"


class ActorKind(StrEnum):
    """What kind of caller an actor is (the audit trail's ``actor_kind``)."""

    OPERATOR = "operator"
    API_USER = "api_user"
    USER = "user"
    SCIM_TOKEN = "scim_token"  # noqa: S105 - a kind of caller, not a secret
    ANONYMOUS = "anonymous"


@dataclass(frozen=True, slots=True)
class Authority:
    """What an actor may do inside its tree (``permissions``), and the most that an
    identity it creates, controls or grants roles to may hold (``reach``); None is every
    permission. For a person-user or an API user both are its permissions; a SCIM token
    does little (users only) but reaches every role, as the one who issued it could."""

    permissions: frozenset[str] | None
    reach: frozenset[str] | None

    @classmethod
    def of(cls, permissions: frozenset[str] | None) -> Authority:
        """Doing and reaching the same: ``permissions`` (None: full power)."""
        return cls(permissions, permissions)


FULL_POWER = Authority(None, None)
NO_AUTHORITY = Authority(frozenset(), frozenset())


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, and from where.

    ``tree_path`` bounds what the actor may touch (its account's subtree); the operator at
    the CLI has ``"/"``, the whole tree. ``authority`` is always stated (nothing is
    granted by default): ``FULL_POWER`` for operators and full-power API users, a
    person-user's roles' permissions, an API user's own, a SCIM token's few.
    """

    kind: ActorKind
    label: str
    account_alias: str | None
    tree_path: str
    face: Face
    authority: Authority
    request_id: str | None = None
    roles: frozenset[int] = frozenset()

    @property
    def permissions(self) -> frozenset[str] | None:
        """What the actor may do (None: every permission)."""
        return self.authority.permissions

    def may(self, permission: str) -> bool:
        """Whether the actor holds ``permission`` (inside its tree)."""
        return self.permissions is None or permission in self.permissions

    def is_self(self, user_name: str) -> bool:
        """Whether the person-user ``user_name`` is the caller themself."""
        return self.kind is ActorKind.USER and self.label == user_name


def operator_actor(label: str) -> Actor:
    """The operator at the CLI (or a tool acting as one, such as the emulator), with full
    power over the whole tree; ``label`` names them in the audit trail."""
    return Actor(
        kind=ActorKind.OPERATOR,
        label=label,
        account_alias=None,
        tree_path="/",
        face=Face.CLI,
        authority=FULL_POWER,
    )


class Auditable(Protocol):
    """An object whose changes are audited field by field."""

    @property
    def audit_target(self) -> tuple[str, str, str]:
        """``(kind, label, account path)`` naming the object in the trail."""
        ...

    def snapshot(self) -> dict[str, object]:
        """The audited fields (never a secret)."""
        ...


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One record of the trail as read back."""

    id: int
    occurred_at: datetime
    action: str
    face: str
    request_id: str | None
    actor_kind: str
    actor_label: str
    actor_account: str | None
    target_kind: str
    target_label: str
    target_account_path: str
    changes: dict[str, list[object]]


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """Conditions on the trail, all of which must hold."""

    actor: str | None = None
    target: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """Return ``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    }
