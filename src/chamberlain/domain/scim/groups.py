"""Groups are roles: every account has one group per role of the closed catalogue.

A group's id is ``<ALIAS>-<role id>`` and its ``displayName`` the role's name, so no group
can be created, renamed or deleted, and one named like a role already exists.
"""

from __future__ import annotations

from chamberlain.domain.roles import CATALOGUE, ROLES_BY_ID, Role
from chamberlain.errors import GroupExists

_ROLE_DIGITS = 3


def group_id(alias: str, role_id: int) -> str:
    """The id of the group of ``role_id`` in account ``alias``."""
    return f"{alias}-{role_id}"


def role_of_group(alias: str, wanted: str) -> Role | None:
    """The role whose group in account ``alias`` has the id ``wanted`` (the alias in any
    case); None for any other id."""
    prefix, _, number = wanted.rpartition("-")
    if prefix.upper() != alias or not (number.isascii() and number.isdigit()):
        return None
    return ROLES_BY_ID.get(int(number)) if len(number) <= _ROLE_DIGITS else None


def refuse_new_group(alias: str, name: object) -> None:
    """Raise ``GroupExists`` when ``name`` is a role's name (ignoring case and surrounding
    blanks): that group exists in every account. Other names are the caller's to refuse."""
    if not isinstance(name, str):
        return
    for role in CATALOGUE:
        if name.strip().casefold() == role.name.casefold():
            raise GroupExists(group_id(alias, role.id), role.name)
