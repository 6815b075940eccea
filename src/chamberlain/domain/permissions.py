"""What each role may do (the role -> permission matrix, spec section 6.2) and the one
rule that keeps permissions from growing.

Person-users (portal, v2, REST) get the union of their roles' permissions on their own
account and its descendants; roles do not inherit from one another. An API user holds the
permissions it was created with: every permission inside its tree when an operator or a
full-power API user created it (v1's behaviour), its creator's permissions otherwise.
``docs/roles.md`` is generated from this module (``chamberlain roles matrix``).

**No escalation.** An actor never obtains, for itself or for an identity it creates,
controls or can sign in as, a permission it does not hold:

- it grants or revokes a role only when it holds every permission of that role, and never
  changes its own roles (``check_role_grant``);
- an API user it creates holds at most its own permissions, and it rotates, disables,
  enables or deletes only API users whose permissions it holds (``check_may_control``);
- it changes, suspends, deletes, invites or resets only users whose permissions it holds
  (``check_may_control``), so it can never point someone else's mail at itself and sign in
  as them.

Permissions of ``None`` mean "every permission inside the tree" throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from chamberlain.domain.audit import Actor, ActorKind
from chamberlain.domain.roles import CATALOGUE
from chamberlain.domain.users import User
from chamberlain.errors import PermissionDenied


class Permission(StrEnum):
    """``scope:resource:action``."""

    ACCOUNTS_VIEW = "account:accounts:view"
    ACCOUNTS_MANAGE = "account:accounts:manage"
    USERS_VIEW = "account:users:view"
    USERS_MANAGE = "account:users:manage"
    API_USERS_VIEW = "account:api_users:view"
    API_USERS_MANAGE = "account:api_users:manage"
    CUSTOM_FIELDS_MANAGE = "account:custom_fields:manage"
    AUDIT_VIEW = "account:audit:view"
    BILLING_VIEW = "account:billing:view"
    BILLING_MANAGE = "account:billing:manage"
    DNS_MANAGE = "account:dns:manage"
    NETWORK_MANAGE = "account:network:manage"
    SERVERS_MANAGE = "account:servers:manage"
    SERVERS_OPERATE = "account:servers:operate"
    SERVERS_POWER = "account:servers:power"


P = Permission
_VIEW_PEOPLE = {P.ACCOUNTS_VIEW, P.USERS_VIEW, P.API_USERS_VIEW}
_SERVER_POWER = {P.SERVERS_POWER}
_SERVER_OPERATE = _SERVER_POWER | {P.SERVERS_OPERATE}

ROLE_PERMISSIONS: dict[int, frozenset[Permission]] = {
    9: frozenset(Permission),
    10: frozenset(_VIEW_PEOPLE | {P.AUDIT_VIEW, P.BILLING_VIEW}),
    3: frozenset(_VIEW_PEOPLE | {P.BILLING_VIEW, P.BILLING_MANAGE}),
    8: frozenset({P.ACCOUNTS_VIEW, P.DNS_MANAGE}),
    12: frozenset({P.ACCOUNTS_VIEW, P.NETWORK_MANAGE, P.DNS_MANAGE}),
    13: frozenset(
        _VIEW_PEOPLE
        | {
            P.ACCOUNTS_MANAGE,
            P.USERS_MANAGE,
            P.API_USERS_MANAGE,
            P.CUSTOM_FIELDS_MANAGE,
            P.AUDIT_VIEW,
            P.BILLING_VIEW,
        }
    ),
    2: frozenset(_VIEW_PEOPLE | _SERVER_OPERATE | {P.SERVERS_MANAGE}),
    14: frozenset(_VIEW_PEOPLE | _SERVER_OPERATE),
    15: frozenset(_VIEW_PEOPLE | _SERVER_POWER),
}

if ROLE_PERMISSIONS.keys() != {role.id for role in CATALOGUE}:  # pragma: no cover - import guard
    raise RuntimeError("every catalogued role needs a permission set")


def permissions_of(role_ids: Iterable[int]) -> frozenset[Permission]:
    """The union of the permissions of ``role_ids`` (unknown ids grant nothing)."""
    granted: set[Permission] = set()
    for role_id in role_ids:
        granted |= ROLE_PERMISSIONS.get(role_id, frozenset())
    return frozenset(granted)


def require(actor: Actor, permission: Permission) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``permission``."""
    if not actor.may(permission):
        raise PermissionDenied(f"{permission.value} is not granted by the caller's roles")


def grants(actor: Actor, permission: Permission) -> list[str]:
    """Why ``actor`` holds ``permission``: the roles that grant it, or the API-user rule;
    empty when it does not."""
    if actor.permissions is None:
        return ["not bound by roles: full power inside its account tree"]
    if actor.kind is ActorKind.API_USER:
        held = permission in actor.permissions
        return ["held since its creation (bounded by its creator's permissions)"] if held else []
    return [
        f"role {role.id} {role.name}"
        for role in CATALOGUE
        if role.id in actor.roles and permission in ROLE_PERMISSIONS[role.id]
    ]


def grantable_roles(actor: Actor) -> frozenset[int]:
    """The roles ``actor`` may grant or revoke: those whose every permission it reaches."""
    held = actor.authority.reach
    return frozenset(role for role, wanted in ROLE_PERMISSIONS.items() if covers(held, wanted))


def check_role_grant(actor: Actor, user: User | None, roles: Iterable[int]) -> None:
    """No escalation: an actor grants or revokes a role only when it reaches every
    permission that role carries, and a person never changes its own roles.

    ``user`` is the user being changed (None for a new one). Raises ``PermissionDenied``.
    """
    if actor.authority.reach is None:
        return
    current = set(user.roles) if user else set()
    changed = current ^ set(roles)
    if user is not None and actor.is_self(user.user_name) and changed:
        raise PermissionDenied("no one changes their own roles")
    refused = sorted(changed - grantable_roles(actor))
    if refused:
        raise PermissionDenied(f"role {refused[0]} carries permissions the caller does not hold")


EVERY_PERMISSION: frozenset[str] = frozenset(Permission)


def covers(held: frozenset[str] | None, wanted: frozenset[str] | None) -> bool:
    """Whether permissions ``held`` include every one of ``wanted`` (None: every
    permission, so a holder of every catalogued permission covers a full-power API
    user)."""
    if held is None:
        return True
    return (EVERY_PERMISSION if wanted is None else wanted) <= held


def check_may_control(actor: Actor, permissions: frozenset[str] | None, target: str) -> None:
    """No escalation: ``actor`` may create, change, suspend, delete, invite, reset, rotate
    or otherwise control an identity (``target`` names it in the error) only when it
    reaches every one of that identity's ``permissions`` (None: every permission).

    Raises ``PermissionDenied``.
    """
    if not covers(actor.authority.reach, permissions):
        raise PermissionDenied(f"{target} holds permissions the caller does not hold")


def check_may_control_user(actor: Actor, user: User) -> None:
    """``check_may_control`` for a person-user, whose permissions are its roles'."""
    check_may_control(actor, permissions_of(user.roles), f"user {user.user_name!r}")
