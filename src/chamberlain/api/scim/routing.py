"""Which SCIM endpoint a path names: ``/scim/v2/[{alias}/]{endpoint}[/{id}|/.search]``.

The account may come in the path or from the token alone. A first segment is an alias
only when it has an alias's shape (2-4 letters or digits) and an endpoint name follows,
so ``/Me`` and ``/Bulk`` stay endpoints while ``/ME/Users`` is account ME's users.
Endpoint names match in any case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chamberlain.domain.accounts import normalise_alias
from chamberlain.errors import InvalidAlias


class Endpoint(StrEnum):
    """Every endpoint RFC 7644 names; the last three answer 501 here."""

    USERS = "Users"
    GROUPS = "Groups"
    SERVICE_PROVIDER_CONFIG = "ServiceProviderConfig"
    RESOURCE_TYPES = "ResourceTypes"
    SCHEMAS = "Schemas"
    BULK = "Bulk"
    ME = "Me"
    SEARCH = ".search"


class Kind(StrEnum):
    """What part of an endpoint is addressed."""

    COLLECTION = "collection"
    ITEM = "item"
    SEARCH = "search"


_BY_FOLDED = {endpoint.value.casefold(): endpoint for endpoint in Endpoint}


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed path: ``alias`` as written (None: from the token), the endpoint, and the
    resource id of an item."""

    alias: str | None
    endpoint: Endpoint
    kind: Kind
    resource_id: str | None = None


def _alias_shaped(segment: str) -> bool:
    try:
        normalise_alias(segment)
    except InvalidAlias:
        return False
    return True


def parse_target(path: str) -> Target | None:
    """The target of ``path`` (the part after ``/scim/v2``); None when it names none."""
    segments = [segment for segment in path.split("/") if segment]
    alias = None
    if len(segments) >= 2 and _alias_shaped(segments[0]) and segments[1].casefold() in _BY_FOLDED:
        alias, segments = segments[0], segments[1:]
    if not segments or len(segments) > 2 or segments[0].casefold() not in _BY_FOLDED:
        return None
    endpoint = _BY_FOLDED[segments[0].casefold()]
    if len(segments) == 1:
        return Target(alias, endpoint, Kind.COLLECTION)
    if segments[1] == Endpoint.SEARCH.value:
        return Target(alias, endpoint, Kind.SEARCH)
    return Target(alias, endpoint, Kind.ITEM, segments[1])
