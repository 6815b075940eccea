"""PATCH as read, merge, write: safe against a writer that comes between."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from chamberlain.domain.versions import Versioned
from chamberlain.errors import VersionMismatch

ATTEMPTS = 3


V = TypeVar("V", bound=Versioned)


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
