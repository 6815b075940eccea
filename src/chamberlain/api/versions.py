"""Row versions on the wire, for every HTTP face: ``ETag``, ``If-Match`` and writes that
merge into the current version (REST and SCIM share them; neither imports the other)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from chamberlain.domain.versions import Versioned
from chamberlain.errors import InvalidRequest, VersionMismatch

ATTEMPTS = 3
_ETAG = re.compile(r'\s*"(\d{1,12})"\s*')

V = TypeVar("V", bound=Versioned)


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


def patch_with_retry(version: int | None, read: Callable[[], V], write: Callable[[V, int], V]) -> V:
    """Read, then ``write(current, expected_version)``.

    With ``If-Match`` (``version``) a stale version is the caller's 412. Without it the
    write is still checked against the version the merge was made from, and redone when
    another writer came between: last writer wins per field, and no field the caller did
    not send is overwritten with an old value.
    """
    for _ in range(ATTEMPTS):
        current = read()
        try:
            return write(current, current.version if version is None else version)
        except VersionMismatch:
            if version is not None:
                raise
    raise VersionMismatch("the resource kept changing; read it again")
