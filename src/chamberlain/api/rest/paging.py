"""Cursor pagination and strict query parameters, shared by every listing."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

from fastapi import Request

from chamberlain.errors import InvalidRequest, UnknownParameter

MAX_PAGE = 1000
_MAX_POSITION = 2**31 - 1  # row ids are 32-bit integers


def refuse_unknown_parameters(request: Request, known: Iterable[str]) -> None:
    """A query parameter the operation does not know is refused, never ignored."""
    unknown = set(request.query_params) - set(known)
    if unknown:
        raise UnknownParameter(f"unknown query parameter(s): {', '.join(sorted(unknown))}")


def after_id(cursor: str | None) -> int:
    """The position a cursor stands for (0: the start, also for an empty cursor)."""
    if not cursor:
        return 0
    try:
        position = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        position = -1
    if not 0 <= position <= _MAX_POSITION:
        raise InvalidRequest("cursor is not one this API issued")
    return position


def next_link(request: Request, after: int | None) -> str | None:
    """The URL of the next page, or None on the last one."""
    if after is None:
        return None
    token = base64.urlsafe_b64encode(str(after).encode()).decode().rstrip("=")
    return str(request.url.include_query_params(cursor=token))
