"""Request plumbing shared by the REST routes: runtime, caller, preconditions (entity tags
and ``If-Match`` are in ``chamberlain.api.versions``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from chamberlain.api.bearer import required_bearer_token
from chamberlain.api.pipeline import request_id_of
from chamberlain.domain.audit import Actor
from chamberlain.services.runtime import Runtime
from chamberlain.services.tokens import authenticate_token


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
    token = required_bearer_token(authorization)
    rt: Runtime = request.app.state.runtime
    return await run_in_threadpool(authenticate_token, rt, token, request_id=request_id_of(request))


Caller = Annotated[Actor, Depends(current_actor)]
IfMatch = Annotated[str | None, Header(description="An ETag from a previous read.")]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
