"""Row versions: what ``ETag``/``If-Match`` (and SCIM ``meta.version``) stand on."""

from __future__ import annotations

from typing import Protocol

from chamberlain.errors import VersionMismatch


class Versioned(Protocol):
    """Anything with a row version."""

    @property
    def version(self) -> int:
        """The row version, bumped by every write."""
        ...


def check_version(current: Versioned, expected_version: int | None) -> None:
    """Raise ``VersionMismatch`` when the caller expects a version that is not current
    (``None``: the caller asked for no check)."""
    if expected_version is not None and expected_version != current.version:
        raise VersionMismatch(f"the current version is {current.version}")
