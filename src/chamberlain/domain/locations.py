"""Data-centre locations (spec section 5.4): the real twelve are the default list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A data centre an account can have as its primary location."""

    alias: str
    region: str


DEFAULT_LOCATIONS: tuple[Location, ...] = (
    Location("WA1", "US West"),
    Location("UT1", "US Central"),
    Location("IL1", "US Central"),
    Location("NY1", "US East"),
    Location("GB1", "Europe"),
    Location("CA1", "Canada"),
    Location("CA2", "Canada"),
    Location("DE1", "Germany"),
    Location("UC1", "US West"),
    Location("VA1", "US East"),
    Location("CA3", "Canada"),
    Location("GB3", "Europe"),
)
