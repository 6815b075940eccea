"""Windows time-zone ids accepted for users and accounts (spec section 8).

The list is copied as published, including the missing space in
``Central Standard Time(Mexico)``.
"""

from __future__ import annotations

DEFAULT_TIME_ZONE = "Pacific Standard Time"

TIME_ZONE_IDS: frozenset[str] = frozenset(
    (
        "Dateline Standard Time",
        "UTC-11",
        "Hawaiian Standard Time",
        "Alaskan Standard Time",
        "Pacific Standard Time (Mexico)",
        "Pacific Standard Time",
        "US Mountain Standard Time",
        "Mountain Standard Time (Mexico)",
        "Mountain Standard Time",
        "Central America Standard Time",
        "Central Standard Time",
        "Central Standard Time(Mexico)",
        "Canada Central Standard Time",
        "SA Pacific Standard Time",
        "Eastern Standard Time",
        "US Eastern Standard Time",
        "Venezuela Standard Time",
        "Paraguay Standard Time",
        "Atlantic Standard Time",
        "Central Brazilian Standard Time",
        "SA Western Standard Time",
        "Pacific SA Standard Time",
        "Newfoundland Standard Time",
        "E. South America Standard Time",
        "Argentina Standard Time",
        "SA Eastern Standard Time",
        "Greenland Standard Time",
        "Montevideo Standard Time",
        "Bahia Standard Time",
        "UTC-02",
        "Mid-Atlantic Standard Time",
        "Azores Standard Time",
        "Cape Verde Standard Time",
        "Morocco Standard Time",
        "UTC",
        "GMT Standard Time",
        "Greenwich Standard Time",
        "W. Europe Standard Time",
        "Central Europe Standard Time",
        "Romance Standard Time",
        "Central European Standard Time",
        "W. Central Africa Standard Time",
        "Namibia Standard Time",
        "Jordan Standard Time",
        "GTB Standard Time",
        "Middle East Standard Time",
        "Egypt Standard Time",
        "Syria Standard Time",
        "South Africa Standard Time",
        "FLE Standard Time",
        "Turkey Standard Time",
        "Israel Standard Time",
        "E. Europe Standard Time",
        "Arabic Standard Time",
        "Kaliningrad Standard Time",
        "Arab Standard Time",
        "E. Africa Standard Time",
        "Iran Standard Time",
        "Arabian Standard Time",
        "Azerbaijan Standard Time",
        "Russian Standard Time",
        "Mauritius Standard Time",
        "Georgian Standard Time",
        "Caucasus Standard Time",
        "Afghanistan Standard Time",
        "Pakistan Standard Time",
        "West Asia Standard Time",
        "India Standard Time",
        "Sri Lanka Standard Time",
        "Nepal Standard Time",
        "Central Asia Standard Time",
        "Bangladesh Standard Time",
        "Ekaterinburg Standard Time",
        "Myanmar Standard Time",
        "SE Asia Standard Time",
        "N. Central Asia Standard Time",
        "China Standard Time",
        "North Asia Standard Time",
        "Singapore Standard Time",
        "W. Australia Standard Time",
        "Taipei Standard Time",
        "Ulaanbaatar Standard Time",
        "North Asia East Standard Time",
        "Tokyo Standard Time",
        "Korea Standard Time",
        "Cen. Australia Standard Time",
        "AUS Central Standard Time",
        "E. Australia Standard Time",
        "AUS Eastern Standard Time",
        "West Pacific Standard Time",
        "Tasmania Standard Time",
        "Yakutsk Standard Time",
        "Central Pacific Standard Time",
        "Vladivostok Standard Time",
        "New Zealand Standard Time",
        "UTC+12",
        "Fiji Standard Time",
        "Magadan Standard Time",
        "Kamchatka Standard Time",
        "Tonga Standard Time",
        "Samoa Standard Time",
    )
)


_BY_FOLDED_ID = {zone.casefold(): zone for zone in TIME_ZONE_IDS}


def known_time_zone(value: str | None) -> str | None:
    """Return the canonical spelling of ``value`` when it is a known id, else ``None``.

    Matching ignores case and surrounding blanks. Callers fall back to the account's time
    zone on ``None``, as the wire contract says for unknown ids.
    """
    if value is None:
        return None
    return _BY_FOLDED_ID.get(value.strip().casefold())
