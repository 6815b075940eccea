"""Request plumbing shared by the REST routes: runtime, caller, preconditions (entity tags
and ``If-Match`` are in ``chamberlain.api.versions``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from chamberlain.domain.audit import Actor
from chamberlain.errors import AuthenticationFailed
from chamberlain.services.runtime import Runtime
from chamberlain.services.tokens import authenticate_token


class PreconditionRequired(Exception):
    """A write that needs ``If-Match`` came without it (answered 428)."""


async def runtime_of(request: Request) -> Runtime:
    """The process's runtime (async: a plain function would cost a thread hop)."""
    rt: Runtime = request.app.state.runtime
    return rt


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer`` header; ``AuthenticationFailed`` without."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("a bearer token is required")
    return token.strip()


async def current_actor(
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor:
    """The caller behind ``Authorization: Bearer <token>``; 401 otherwise."""
    known: Actor | None = getattr(request.state, "actor", None)
    if known is not None:
        return known
    token = bearer_token(authorization)
    request_id: str = request.state.request_id
    rt: Runtime = request.app.state.runtime
    return await run_in_threadpool(authenticate_token, rt, token, request_id=request_id)


Caller = Annotated[Actor, Depends(current_actor)]
IfMatch = Annotated[str | None, Header(description="An ETag from a previous read.")]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
