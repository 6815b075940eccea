"""Request plumbing shared by the REST routes: runtime, caller, preconditions."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from chamberlain.domain.audit import Actor
from chamberlain.errors import AuthenticationFailed, InvalidRequest, VersionMismatch
from chamberlain.services.runtime import Runtime
from chamberlain.services.tokens import authenticate_token

_ETAG = re.compile(r'\s*"(\d{1,12})"\s*')


class PreconditionRequired(Exception):
    """A write that needs ``If-Match`` came without it (answered 428)."""


async def runtime_of(request: Request) -> Runtime:
    """The process's runtime (async: a plain function would cost a thread hop)."""
    rt: Runtime = request.app.state.runtime
    return rt


async def current_actor(
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor:
    """The caller behind ``Authorization: Bearer <token>``; 401 otherwise."""
    known: Actor | None = getattr(request.state, "actor", None)
    if known is not None:
        return known
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("a bearer token is required")
    request_id: str = request.state.request_id
    rt: Runtime = request.app.state.runtime
    return await run_in_threadpool(authenticate_token, rt, token.strip(), request_id=request_id)


Caller = Annotated[Actor, Depends(current_actor)]
IfMatch = Annotated[str | None, Header(description="An ETag from a previous read.")]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


def etag(version: int) -> str:
    """The entity tag of a row version."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header asks for (None: absent or ``*``).

    Raises ``InvalidRequest`` for a header that names no version of ours.
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
