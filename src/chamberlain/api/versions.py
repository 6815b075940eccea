"""Row versions on the wire, for every HTTP face: ``ETag`` and ``If-Match`` (REST and SCIM
share them; neither imports the other). Writes merge into the current version inside the
services' transactions, where ``If-Match`` is checked."""

from __future__ import annotations

import re

from chamberlain.errors import InvalidRequest, VersionMismatch

_ETAG = re.compile(r'\s*"(\d{1,12})"\s*')


def etag(version: int) -> str:
    """The entity tag of a row version."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header asks for (None: absent or ``*``).

    Raises ``VersionMismatch`` for a weak tag (it never matches) and ``InvalidRequest``
    for a header that names no version of ours.
    """
    if if_match is None or if_match.strip() == "*":
        return None
    stripped = if_match.strip()
    if stripped.startswith("W/") and _ETAG.fullmatch(stripped[2:]):
        # If-Match compares strongly (RFC 9110 section 13.1.1): a weak tag never matches.
        raise VersionMismatch("If-Match needs a strong entity tag")
    match = _ETAG.fullmatch(if_match)
    if match is None:
        raise InvalidRequest('If-Match must be an entity tag from this API, such as "3"')
    return int(match.group(1))
