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


def validate_role_ids(role_ids: Iterable[int]) -> tuple[int, ...]:
    """Return the ids sorted and without repeats.

    Raises ``InvalidRoles`` naming every id that is not in the catalogue.
    """
    ids = set(role_ids)
    unknown = sorted(ids - ROLES_BY_ID.keys())
    if unknown:
        raise InvalidRoles("unknown role id(s): " + ", ".join(map(str, unknown)))
    return tuple(sorted(ids))
