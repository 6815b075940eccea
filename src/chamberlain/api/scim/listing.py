"""List parameters (RFC 7644 sections 3.4.2 and 3.4.3) and list responses.

``startIndex`` is 1-based (below 1 means 1); ``count`` is capped at ``MAX_COUNT``, which
ServiceProviderConfig advertises as ``filter.maxResults``, and defaults to it. Sorting
is not offered, and asking for it is refused rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chamberlain.domain.scim.definitions import LIST_RESPONSE_URN
from chamberlain.errors import InvalidField, InvalidRequest

MAX_COUNT = 200
_INTEGER = re.compile(r"\s*-?\d{1,9}\s*")


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What a list or search asks for."""

    filter: str | None = None
    start_index: int = 1
    count: int = MAX_COUNT
    attributes: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def _integer(name: str, value: object, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise InvalidField(name, "must be a whole number")


def _names(name: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise InvalidField(name, "must be attribute names")


def _query(fields: Mapping[str, object]) -> ListQuery:
    """Build from parameters keyed by lower-cased name."""
    if fields.get("sortby") is not None or fields.get("sortorder") is not None:
        raise InvalidField("sortBy", "sorting is not supported")
    text = fields.get("filter")
    if text is not None and not isinstance(text, str):
        raise InvalidField("filter", "must be a string")
    attributes = _names("attributes", fields.get("attributes"))
    excluded = _names("excludedAttributes", fields.get("excludedattributes"))
    if attributes and excluded:
        raise InvalidRequest("attributes and excludedAttributes exclude each other")
    start = _integer("startIndex", fields.get("startindex"), 1)
    count = _integer("count", fields.get("count"), MAX_COUNT)
    return ListQuery(
        filter=text if text and text.strip() else None,
        start_index=max(start, 1),
        count=min(max(count, 0), MAX_COUNT),
        attributes=attributes,
        excluded=excluded,
    )


def query_from_params(params: Mapping[str, str]) -> ListQuery:
    """The list query of a GET (parameter names already lower-cased)."""
    return _query(params)


def query_from_body(body: object) -> ListQuery:
    """The list query of a ``POST .search`` body (a SearchRequest). Raises
    ``InvalidRequest`` for a body that is not an object."""
    if not isinstance(body, Mapping):
        raise InvalidRequest("the body must be a JSON object")
    return _query({str(key).lower(): value for key, value in body.items()})


def list_response(resources: Sequence[object], total: int, start_index: int) -> dict[str, object]:
    """A ListResponse; every member is there, also for an empty page."""
    return {
        "schemas": [LIST_RESPONSE_URN],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": len(resources),
        "Resources": list(resources),
    }
