"""The ``Idempotency-Key`` middleware of the REST face (see services.idempotency)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest import problems
from chamberlain.domain.idempotency import KEY_MAX_LENGTH, request_digest
from chamberlain.errors import ChamberlainError
from chamberlain.services import idempotency
from chamberlain.services.runtime import Runtime
from chamberlain.services.tokens import authenticate_token

HEADER = "idempotency-key"
# Answer headers worth giving back on a replay.
_KEPT_HEADERS = ("content-type", "location", "etag")

CallNext = Callable[[Request], Awaitable[Response]]


async def _owner(request: Request, rt: Runtime) -> str | None:
    """Whose key space this request uses; None when the caller is not authenticated."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        actor = await run_in_threadpool(
            authenticate_token, rt, token.strip(), request_id=request.state.request_id
        )
    except ChamberlainError:
        return None
    request.state.actor = actor  # the route's dependency reuses it: one lookup per request
    return f"{actor.kind}:{actor.label}"


async def honour_idempotency_key(request: Request, call_next: CallNext) -> Response:
    """Replay the stored answer of a repeated POST, or run it and store its answer."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return await call_next(request)
    if not 0 < len(key) <= KEY_MAX_LENGTH or not key.isprintable():
        return problems.problem(
            400, "invalid_idempotency_key", "Idempotency-Key must be 1-255 printable characters",
            request,
        )  # fmt: skip
    rt: Runtime = request.app.state.runtime
    owner = await _owner(request, rt)
    if owner is None:
        return await call_next(request)  # the route answers 401
    body = await request.body()
    digest = request_digest(request.method, request.url.path, request.url.query, body)
    try:
        claim = await run_in_threadpool(idempotency.begin, rt, owner, key, digest)
    except ChamberlainError as exc:
        return await problems.domain_error(request, exc)
    if not isinstance(claim, int):
        replay = Response(claim.body, status_code=claim.status_code or 200, headers=claim.headers)
        replay.headers["Idempotent-Replayed"] = "true"
        return replay
    response = await call_next(request)
    chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
    content = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
    kept = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    await run_in_threadpool(
        idempotency.finish, rt, claim, response.status_code, content.decode(), kept
    )
    return Response(content, status_code=response.status_code, headers=dict(response.headers))
