"""The ``Idempotency-Key`` middleware of the REST face (see services.idempotency)."""

from __future__ import annotations

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chamberlain.api.bearer import bearer_token
from chamberlain.api.pipeline import request_id_of
from chamberlain.api.rest import problems
from chamberlain.domain.idempotency import KEY_MAX_LENGTH, request_digest
from chamberlain.errors import ChamberlainError
from chamberlain.services import idempotency
from chamberlain.services.runtime import Runtime
from chamberlain.services.tokens import authenticate_token

HEADER = "idempotency-key"
# Answer headers worth giving back on a replay.
_KEPT_HEADERS = ("content-type", "location", "etag")


async def _owner(request: Request, rt: Runtime) -> str | None:
    """Whose key space this request uses; None when the caller is not authenticated."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return None
    try:
        actor = await run_in_threadpool(
            authenticate_token, rt, token, request_id=request_id_of(request)
        )
    except ChamberlainError:
        return None
    request.state.actor = actor  # the route's dependency reuses it: one lookup per request
    return f"{actor.kind}:{actor.label}"


class IdempotencyMiddleware:
    """Replay the stored answer of a repeated POST, or run it and store its answer.

    Pure ASGI: requests that are not a POST with an ``Idempotency-Key`` pass straight
    through at no cost.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        key = request.headers.get(HEADER)
        if key is None:
            await self.app(scope, receive, send)
            return
        response = await self._answer(request, key, send)
        if response is not None:
            await response(scope, receive, send)

    async def _answer(self, request: Request, key: str, send: Send) -> Response | None:
        """The reply to send, or None when the route already answered on ``send``."""
        if not 0 < len(key) <= KEY_MAX_LENGTH or not key.isprintable():
            return problems.problem(
                400, "invalid_idempotency_key",
                "Idempotency-Key must be 1-255 printable characters", request,
            )  # fmt: skip
        rt: Runtime = request.app.state.runtime
        owner = await _owner(request, rt)
        body = await request.body()
        if owner is None:  # the route answers 401
            await self.app(request.scope, _replay(body), send)
            return None
        digest = request_digest(request.method, request.url.path, request.url.query, body)
        try:
            claim = await run_in_threadpool(idempotency.begin, rt, owner, key, digest)
        except ChamberlainError as exc:
            return await problems.domain_error(request, exc)
        if not isinstance(claim, int):
            replay = Response(
                claim.body, status_code=claim.status_code or 200, headers=claim.headers
            )
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        status, headers, content = await _capture(self.app, request.scope, body)
        kept = {name: headers[name] for name in _KEPT_HEADERS if name in headers}
        await run_in_threadpool(idempotency.finish, rt, claim, status, content.decode(), kept)
        return Response(content, status_code=status, headers=dict(headers))


def _replay(body: bytes) -> Receive:
    """A ``receive`` that hands the already-read body to the app once."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        return pending.pop() if pending else {"type": "http.disconnect"}

    return receive


async def _capture(app: ASGIApp, scope: Scope, body: bytes) -> tuple[int, Headers, bytes]:
    """Run ``app`` on ``body`` and return its status, headers and whole body."""
    start: Message = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, _replay(body), send)
    return start["status"], Headers(raw=start["headers"]), b"".join(chunks)
