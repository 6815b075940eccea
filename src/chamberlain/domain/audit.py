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


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, and from where.

    ``tree_path`` bounds what the actor may touch (its account's subtree); the operator at
    the CLI has ``"/"``, the whole tree. ``permissions`` is None for callers not bound by
    roles (v1 API users, operators); a person-user holds its ``roles``' permissions.
    """

    kind: str
    label: str
    account_alias: str | None
    tree_path: str
    face: Face
    request_id: str | None = None
    permissions: frozenset[str] | None = None
    roles: frozenset[int] = frozenset()

    def may(self, permission: str) -> bool:
        """Whether the actor holds ``permission`` (inside its tree)."""
        return self.permissions is None or permission in self.permissions


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
