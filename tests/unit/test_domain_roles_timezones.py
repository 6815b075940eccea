"""The role catalogue (spec 6.1) and the time-zone ids (spec 8)."""

from __future__ import annotations

import pytest

from chamberlain.domain.roles import CATALOGUE, ROLES_BY_ID, Role, find_role, validate_role_ids
from chamberlain.domain.timezones import DEFAULT_TIME_ZONE, TIME_ZONE_IDS, known_time_zone
from chamberlain.errors import InvalidRoles

SPEC_ROLES = [
    Role(2, "Server Administrator", "ServerAdministrator", "ServerAdmin"),
    Role(3, "Billing Manager", "BillingManager", "BillingAdmin"),
    Role(8, "DNS Manager", "DNSManager", "DNSManager"),
    Role(9, "Account Administrator", "AccountAdministrator", "AccountAdmin"),
    Role(10, "Account Viewer", "AccountViewer", "AccountViewer"),
    Role(12, "Network Manager", "NetworkManager", "NetworkAdmin"),
    Role(13, "Security Manager", "SecurityManager", "SecurityAdmin"),
    Role(14, "Server Operator", "ServerOperator", "ServerOperator"),
    Role(15, "Server Scheduler", None, "ServerScheduler"),
]

# Spec section 8, copied line by line as published.
SPEC_TIME_ZONES = """
Dateline Standard Time
UTC-11
Hawaiian Standard Time
Alaskan Standard Time
Pacific Standard Time (Mexico)
Pacific Standard Time
US Mountain Standard Time
Mountain Standard Time (Mexico)
Mountain Standard Time
Central America Standard Time
Central Standard Time
Central Standard Time(Mexico)
Canada Central Standard Time
SA Pacific Standard Time
Eastern Standard Time
US Eastern Standard Time
Venezuela Standard Time
Paraguay Standard Time
Atlantic Standard Time
Central Brazilian Standard Time
SA Western Standard Time
Pacific SA Standard Time
Newfoundland Standard Time
E. South America Standard Time
Argentina Standard Time
SA Eastern Standard Time
Greenland Standard Time
Montevideo Standard Time
Bahia Standard Time
UTC-02
Mid-Atlantic Standard Time
Azores Standard Time
Cape Verde Standard Time
Morocco Standard Time
UTC
GMT Standard Time
Greenwich Standard Time
W. Europe Standard Time
Central Europe Standard Time
Romance Standard Time
Central European Standard Time
W. Central Africa Standard Time
Namibia Standard Time
Jordan Standard Time
GTB Standard Time
Middle East Standard Time
Egypt Standard Time
Syria Standard Time
South Africa Standard Time
FLE Standard Time
Turkey Standard Time
Israel Standard Time
E. Europe Standard Time
Arabic Standard Time
Kaliningrad Standard Time
Arab Standard Time
E. Africa Standard Time
Iran Standard Time
Arabian Standard Time
Azerbaijan Standard Time
Russian Standard Time
Mauritius Standard Time
Georgian Standard Time
Caucasus Standard Time
Afghanistan Standard Time
Pakistan Standard Time
West Asia Standard Time
India Standard Time
Sri Lanka Standard Time
Nepal Standard Time
Central Asia Standard Time
Bangladesh Standard Time
Ekaterinburg Standard Time
Myanmar Standard Time
SE Asia Standard Time
N. Central Asia Standard Time
China Standard Time
North Asia Standard Time
Singapore Standard Time
W. Australia Standard Time
Taipei Standard Time
Ulaanbaatar Standard Time
North Asia East Standard Time
Tokyo Standard Time
Korea Standard Time
Cen. Australia Standard Time
AUS Central Standard Time
E. Australia Standard Time
AUS Eastern Standard Time
West Pacific Standard Time
Tasmania Standard Time
Yakutsk Standard Time
Central Pacific Standard Time
Vladivostok Standard Time
New Zealand Standard Time
UTC+12
Fiji Standard Time
Magadan Standard Time
Kamchatka Standard Time
Tonga Standard Time
Samoa Standard Time
""".strip().splitlines()


def test_catalogue_is_exactly_the_spec_table() -> None:
    assert sorted(CATALOGUE, key=lambda role: role.id) == SPEC_ROLES
    assert sorted(ROLES_BY_ID) == [2, 3, 8, 9, 10, 12, 13, 14, 15]
    assert all(ROLES_BY_ID[role.id] == role for role in SPEC_ROLES)
    assert ROLES_BY_ID[15].sdk_name is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], ()),
        ([9], (9,)),
        ([14, 2, 14, 9, 2], (2, 9, 14)),
        ((15, 13, 12, 10, 9, 8, 3, 2, 14), (2, 3, 8, 9, 10, 12, 13, 14, 15)),
        (iter([3, 3, 3]), (3,)),
    ],
)
def test_validate_role_ids_sorts_and_dedupes(given: list[int], expected: tuple[int, ...]) -> None:
    assert validate_role_ids(given) == expected


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ([1], ["1"]),
        ([2, 11, 9], ["11"]),
        ([7, 4, 5, 6, 2], ["4", "5", "6", "7"]),
        ([0, -2, 16, 100], ["-2", "0", "16", "100"]),
    ],
)
def test_validate_role_ids_rejects_unknown_naming_them(given: list[int], named: list[str]) -> None:
    with pytest.raises(InvalidRoles) as caught:
        validate_role_ids(given)
    assert caught.value.detail.rsplit(": ", 1)[-1] == ", ".join(named)


def test_time_zone_ids_are_exactly_the_published_101() -> None:
    assert len(SPEC_TIME_ZONES) == 101
    assert len(TIME_ZONE_IDS) == 101
    assert set(SPEC_TIME_ZONES) == TIME_ZONE_IDS
    assert "Central Standard Time(Mexico)" in TIME_ZONE_IDS
    assert DEFAULT_TIME_ZONE in TIME_ZONE_IDS


@pytest.mark.parametrize("zone", SPEC_TIME_ZONES)
def test_known_time_zone_is_case_insensitive_and_canonical(zone: str) -> None:
    assert known_time_zone(zone) == zone
    assert known_time_zone(zone.upper()) == zone
    assert known_time_zone(f"  {zone.lower()} ") == zone


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("central standard time(mexico)", "Central Standard Time(Mexico)"),
        ("PACIFIC STANDARD TIME", "Pacific Standard Time"),
        ("utc+12", "UTC+12"),
        (None, None),
        ("", None),
        ("Mars Standard Time", None),
        ("America/Chicago", None),
        ("Pacific Standard", None),
        ("PacificStandardTime", None),
    ],
)
def test_known_time_zone(given: str | None, expected: str | None) -> None:
    assert known_time_zone(given) == expected


def test_a_role_is_found_by_id_or_by_any_of_its_names() -> None:
    for text in ("9", " 9 ", "Account Administrator", "account administrator",
                 "AccountAdministrator", "AccountAdmin", "ACCOUNT-ADMINISTRATOR"):  # fmt: skip
        found = find_role(text)
        assert found is not None
        assert found.id == 9, text
    assert find_role("Server Scheduler") == ROLES_BY_ID[15]
    for text in ("", "1", "99", "Admin", "9.0", "٩"):
        assert find_role(text) is None, text
