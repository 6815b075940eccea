"""The SCIM face: plain Starlette, one catch-all route, mounted at ``/scim/v2``.

Order of work: read the body within the size cap (413), then in one worker thread
authenticate the bearer token (401), find the endpoint (404, 405; 501 for Bulk, /Me
and root searches), check that an alias in the path is the token's own account (404
otherwise, as for any account the caller cannot see) and run the handler. Every answer
is JSON, ``application/scim+json`` unless the client accepts only ``application/json``;
errors are SCIM error bodies, and nothing unexpected leaves as more than a generic 500.
HEAD is answered as GET is, without the body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chamberlain.api.bearer import required_bearer_token
from chamberlain.api.http_body import BodyTooLarge, media_type, read_body
from chamberlain.api.pipeline import request_id_of
from chamberlain.api.scim import discovery, groups, users
from chamberlain.api.scim.call import Reply, ScimCall
from chamberlain.api.scim.errors import ScimProblem, answer_of, error_body, problem_of
from chamberlain.api.scim.routing import Endpoint, Kind, parse_target
from chamberlain.api.slash_redirect import relative_slash_redirects
from chamberlain.domain.accounts import normalise_alias
from chamberlain.errors import AccountNotFound, ChamberlainError, UnsupportedOperation
from chamberlain.services.runtime import Runtime
from chamberlain.services.scim_tokens import authenticate_scim_token

logger = logging.getLogger("chamberlain.scim")

SCIM_MEDIA_TYPE = "application/scim+json"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]

Handler = Callable[[ScimCall], Reply]
HANDLERS: dict[tuple[Endpoint, Kind], dict[str, Handler]] = {
    (Endpoint.USERS, Kind.COLLECTION): {"GET": users.list_users, "POST": users.create_user},
    (Endpoint.USERS, Kind.SEARCH): {"POST": users.search_users},
    (Endpoint.USERS, Kind.ITEM): {
        "GET": users.get_user,
        "PUT": users.replace_user,
        "PATCH": users.patch_user,
        "DELETE": users.delete_user,
    },
    (Endpoint.GROUPS, Kind.COLLECTION): {"GET": groups.list_groups, "POST": groups.create_group},
    (Endpoint.GROUPS, Kind.SEARCH): {"POST": groups.search_groups},
    (Endpoint.GROUPS, Kind.ITEM): {
        "GET": groups.get_group,
        "PUT": groups.replace_group,
        "PATCH": groups.patch_group,
        "DELETE": groups.delete_group,
    },
    (Endpoint.SERVICE_PROVIDER_CONFIG, Kind.COLLECTION): {"GET": discovery.service_provider_config},
    (Endpoint.RESOURCE_TYPES, Kind.COLLECTION): {"GET": discovery.resource_types},
    (Endpoint.RESOURCE_TYPES, Kind.ITEM): {"GET": discovery.resource_types},
    (Endpoint.SCHEMAS, Kind.COLLECTION): {"GET": discovery.schemas},
    (Endpoint.SCHEMAS, Kind.ITEM): {"GET": discovery.schemas},
}
UNSUPPORTED = {
    Endpoint.BULK: "Bulk is not supported",
    Endpoint.ME: "/Me is not supported: SCIM tokens belong to accounts, not to users",
    Endpoint.SEARCH: "searching all resource types at once is not supported: "
    "use /Users/.search or /Groups/.search",
}


@dataclass(frozen=True, slots=True)
class Incoming:
    """What the worker thread needs of a request."""

    method: str
    path: str
    query: Mapping[str, str]
    authorization: str
    body: bytes
    media_type: str
    if_match: str | None
    root_url: str
    request_id: str


def _dispatch(rt: Runtime, incoming: Incoming) -> Reply:
    token = authenticate_scim_token(rt, required_bearer_token(incoming.authorization))
    target = parse_target(incoming.path)
    if target is None:
        raise ScimProblem(404, "no such SCIM endpoint")
    if target.alias is not None and normalise_alias(target.alias) != token.account_alias:
        raise AccountNotFound(target.alias)
    if target.endpoint in UNSUPPORTED:
        raise UnsupportedOperation(UNSUPPORTED[target.endpoint])
    methods = HANDLERS.get((target.endpoint, target.kind))
    if methods is None:
        raise ScimProblem(404, "no such SCIM endpoint")
    handler = methods.get("GET" if incoming.method == "HEAD" else incoming.method)
    if handler is None:
        allow = ", ".join(sorted({*methods, "HEAD"} if "GET" in methods else methods))
        raise ScimProblem(405, f"use {allow} here", headers={"Allow": allow})
    base_url = incoming.root_url + (f"/{target.alias}" if target.alias else "")
    call = ScimCall(
        rt=rt,
        actor=token.actor(incoming.request_id),
        alias=token.account_alias,
        target=target,
        base_url=base_url,
        query=incoming.query,
        body=incoming.body,
        media_type=incoming.media_type,
        if_match=incoming.if_match,
    )
    return handler(call)


def _failure(problem: ScimProblem) -> Reply:
    return Reply(problem.status, error_body(problem), problem.headers)


def serve(rt: Runtime, incoming: Incoming) -> Reply:
    """Answer one request (in a worker thread); never raises."""
    try:
        return _dispatch(rt, incoming)
    except ScimProblem as problem:
        return _failure(problem)
    except Exception as error:
        if isinstance(error, ChamberlainError) and answer_of(type(error)) is not None:
            return _failure(problem_of(error))
        logger.exception("scim %s failed (request %s)", incoming.method, incoming.request_id)
        return _failure(ScimProblem(500, f"internal error (request {incoming.request_id})"))


def _response(reply: Reply, accept: str, *, head: bool) -> Response:
    # Older clients know SCIM as plain JSON: they get it when it is all they accept.
    wanted = "application/json" if "json" in accept and "scim+json" not in accept else None
    if reply.body is None:
        response = Response(status_code=reply.status)
    else:
        response = JSONResponse(
            reply.body, status_code=reply.status, media_type=wanted or SCIM_MEDIA_TYPE
        )
    if head:
        # The headers GET would send (Content-Length included), and no body.
        response = Response(status_code=reply.status, headers=dict(response.headers))
    response.headers.update(reply.headers)
    response.headers["Cache-Control"] = "no-store"
    return response


async def scim_endpoint(request: Request) -> Response:
    """Serve one SCIM request."""
    rt: Runtime = request.app.state.runtime
    accept = request.headers.get("accept", "").lower()
    head = request.method == "HEAD"
    try:
        body = await read_body(request, rt.settings.max_body_bytes)
    except BodyTooLarge:
        detail = f"the body is larger than {rt.settings.max_body_bytes} bytes"
        return _response(_failure(ScimProblem(413, detail)), accept, head=head)
    incoming = Incoming(
        method=request.method,
        path=request.path_params["path"],
        query={key.lower(): value for key, value in reversed(request.query_params.multi_items())},
        authorization=request.headers.get("authorization", ""),
        body=body,
        media_type=media_type(request)[0],
        if_match=request.headers.get("if-match"),
        root_url=f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}",
        request_id=request_id_of(request),
    )
    reply = await run_in_threadpool(serve, rt, incoming)
    return _response(reply, accept, head=head)


def create_scim_app(runtime: Runtime) -> Starlette:
    """The SCIM face on ``runtime`` (mount it at ``/scim/v2``)."""
    app = Starlette(routes=[Route("/{path:path}", scim_endpoint, methods=ALL_METHODS)])
    app.state.runtime = runtime
    relative_slash_redirects(app.router)  # never used behind the catch-all; as every router
    return app
