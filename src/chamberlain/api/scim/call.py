"""One authenticated SCIM request as the handlers see it, and what they answer."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from chamberlain.api.scim.errors import ScimProblem
from chamberlain.api.scim.routing import Target
from chamberlain.api.versions import expected_version
from chamberlain.domain.audit import Actor
from chamberlain.errors import InvalidRequest
from chamberlain.services.runtime import Runtime

JSON_MEDIA_TYPES = ("application/scim+json", "application/json")


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Objects whose keys repeat are refused: two values for one key have no meaning."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidRequest(f"{key[:40]!r} is given twice")
        result[key] = value
    return result


def _not_json(name: str) -> object:
    raise InvalidRequest(f"{name} is not a JSON value")


def parse_json(body: bytes) -> object:
    """The JSON value of a body (UTF-8, a BOM tolerated). Raises ``InvalidRequest``."""
    if not body.strip():
        raise InvalidRequest("a JSON body is required")
    try:
        return json.loads(
            body.decode("utf-8-sig"), object_pairs_hook=_unique, parse_constant=_not_json
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidRequest("the body is not valid JSON") from exc


@dataclass(frozen=True, slots=True)
class ScimCall:
    """A request after authentication. ``alias`` is the token's account; ``base_url``
    is the SCIM root the client addressed (with the alias when it gave one), which
    ``meta.location`` builds on; ``query`` has lower-cased parameter names."""

    rt: Runtime
    actor: Actor
    alias: str
    target: Target
    base_url: str
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    media_type: str = ""
    if_match: str | None = None

    def json(self) -> object:
        """The request body. Raises ``ScimProblem`` (415) for a body that is not declared
        as JSON, ``InvalidRequest`` for one that is not JSON."""
        if self.media_type not in JSON_MEDIA_TYPES:
            raise ScimProblem(415, "send application/scim+json (or application/json)")
        return parse_json(self.body)

    def expected_version(self) -> int | None:
        """The version ``If-Match`` asks for (None: none, or ``*``)."""
        return expected_version(self.if_match)

    def location(self, endpoint: str, resource_id: str) -> str:
        """The URL of a resource."""
        return f"{self.base_url}/{endpoint}/{resource_id}"


@dataclass(frozen=True, slots=True)
class Reply:
    """What a handler answers: a status, a JSON body (None: no body) and headers."""

    status: int
    body: object | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
