"""Reading request bodies within a size cap, and their declared media type."""

from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    """The request body is over the configured cap."""


def media_type(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case) and charset, if any."""
    raw = request.headers.get("content-type", "")
    media, *params = (part.strip() for part in raw.split(";"))
    charset = next(
        (p.split("=", 1)[1].strip().strip('"') for p in params if p.lower().startswith("charset=")),
        None,
    )
    return media.lower(), charset


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body; raises ``BodyTooLarge`` as soon as more than ``limit`` bytes arrive."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)
