"""The closed role catalogue (spec section 6.1).

One table maps each v1 role id to its portal name, the clc-sdk name and the v2 login
string. Ids outside this table do not exist; 1, 4-7 and 11 are unknown on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chamberlain.errors import InvalidRoles


@dataclass(frozen=True, slots=True)
class Role:
    """One role of the catalogue."""

    id: int
    name: str
    sdk_name: str | None
    v2_name: str


CATALOGUE: tuple[Role, ...] = (
    Role(2, "Server Administrator", "ServerAdministrator", "ServerAdmin"),
    Role(3, "Billing Manager", "BillingManager", "BillingAdmin"),
    Role(8, "DNS Manager", "DNSManager", "DNSManager"),
    Role(9, "Account Administrator", "AccountAdministrator", "AccountAdmin"),
    Role(10, "Account Viewer", "AccountViewer", "AccountViewer"),
    Role(12, "Network Manager", "NetworkManager", "NetworkAdmin"),
    Role(13, "Security Manager", "SecurityManager", "SecurityAdmin"),
    Role(14, "Server Operator", "ServerOperator", "ServerOperator"),
    # clc-sdk 2.51 has no name for 15 and maps it to None.
    Role(15, "Server Scheduler", None, "ServerScheduler"),
)

ROLES_BY_ID: dict[int, Role] = {role.id: role for role in CATALOGUE}


_MAX_ID_DIGITS = 9


def _folded(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


# Every way a person may name a role: its catalogue name, clc-sdk's and v2's, in any case,
# with or without spaces ("Account Administrator", "accountadministrator", "AccountAdmin").
_ROLES_BY_NAME: dict[str, Role] = {
    _folded(name): role
    for role in CATALOGUE
    for name in (role.name, role.sdk_name, role.v2_name)
    if name is not None
}


def find_role(text: str) -> Role | None:
    """The role ``text`` names: an id ("9") or any of its names, in any case and spacing."""
    as_id = _as_id(text)
    return ROLES_BY_ID.get(as_id) if as_id is not None else _ROLES_BY_NAME.get(_folded(text))


def _as_id(value: int | str) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = value.strip()
    # No id has more than a few digits; the cap also keeps int() off huge strings.
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


def validate_role_ids(role_ids: Iterable[int | str]) -> tuple[int, ...]:
    """Return the ids sorted and without repeats; digit strings count as their number.

    Raises ``InvalidRoles`` naming every value that is not a catalogued id.
    """
    values = list(role_ids)
    ids = {_as_id(value) for value in values}
    unknown_ids = sorted(i for i in ids if i is not None and i not in ROLES_BY_ID)
    not_numbers = [repr(value)[:20] for value in values if _as_id(value) is None]
    if unknown_ids or not_numbers:
        names = [str(i) for i in unknown_ids] + not_numbers
        raise InvalidRoles("unknown role id(s): " + ", ".join(names))
    return tuple(sorted(i for i in ids if i is not None))
