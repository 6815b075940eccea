"""v1 path normalisation: ``/REST/{Area}/{Method}[/{Format}][/]``.

Runs of ``/`` collapse, a trailing slash is optional, and area, method and format match
without regard to case (clc-sdk posts to ``/REST//Auth/logon``; other clients use
``/rest/auth/logon/json``). No redirects: every spelling is answered where it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    """The reply format a client asked for."""

    JSON = "json"
    XML = "xml"


@dataclass(frozen=True, slots=True)
class V1Path:
    """A normalised v1 path; ``area`` and ``method`` are lower case."""

    area: str
    method: str
    format: Format | None


class UnknownFormat(ValueError):
    """The path's last segment names a format other than JSON or XML."""


def parse_path(path: str) -> V1Path | None:
    """Return the v1 parts of ``path``, or None when it is not shaped like a v1 call.

    Raises ``UnknownFormat`` for ``/REST/Area/Method/<something else>``.
    """
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) not in (3, 4) or segments[0].lower() != "rest":
        return None
    fmt: Format | None = None
    if len(segments) == 4:
        try:
            fmt = Format(segments[3].lower())
        except ValueError:
            raise UnknownFormat(segments[3]) from None
    return V1Path(area=segments[1].lower(), method=segments[2].lower(), format=fmt)
