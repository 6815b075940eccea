"""The REST face: FastAPI mounted at ``/api``, OpenAPI 3.1 at ``/api/openapi.json``."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from chamberlain import __version__
from chamberlain.api.logon_gate import LogonGate
from chamberlain.api.rest import problems
from chamberlain.api.rest.deps import PreconditionRequired
from chamberlain.api.rest.docs_page import add_docs_page
from chamberlain.api.rest.encoded_slashes import EncodedSlashes
from chamberlain.api.rest.idempotency import IdempotencyMiddleware
from chamberlain.api.rest.reply_defaults import ReplyDefaults
from chamberlain.api.rest.routes_accounts import router as accounts_router
from chamberlain.api.rest.routes_api_users import router as api_users_router
from chamberlain.api.rest.routes_audit import router as audit_router
from chamberlain.api.rest.routes_bulk import router as bulk_router
from chamberlain.api.rest.routes_invitations import router as invitations_router
from chamberlain.api.rest.routes_meta import router as meta_router
from chamberlain.api.rest.routes_scim_tokens import router as scim_tokens_router
from chamberlain.api.rest.routes_users import router as users_router
from chamberlain.api.slash_redirect import relative_slash_redirects
from chamberlain.errors import ChamberlainError
from chamberlain.services.runtime import Runtime


async def _precondition_required(request: Request, _exc: Exception) -> Response:
    return problems.problem(
        428, "precondition_required", "send If-Match with the ETag you read", request
    )


def create_rest_app(runtime: Runtime, logon_gate: LogonGate | None = None) -> FastAPI:
    """The REST API on ``runtime`` (mount it at ``/api``); ``logon_gate`` is shared with
    the other faces' logons (a new one when None)."""
    app = FastAPI(
        title="chamberlain",
        version=__version__,
        summary="Accounts, users and API users of a multi-tenant cloud.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.logon_gate = logon_gate or LogonGate(runtime.hasher.capacity)
    relative_slash_redirects(app.router)
    add_docs_page(app)
    routers = (
        meta_router, accounts_router, users_router, bulk_router, api_users_router, audit_router,
        scim_tokens_router, invitations_router,
    )  # fmt: skip
    for router in routers:
        app.include_router(router)
    app.add_exception_handler(ChamberlainError, problems.domain_error)
    app.add_exception_handler(RequestValidationError, problems.validation_error)
    app.add_exception_handler(HTTPException, problems.http_error)
    app.add_exception_handler(PreconditionRequired, _precondition_required)

    # Added innermost first: the defaults wrap everything, so every answer has them. The
    # request id comes from the app's pipeline (chamberlain.api.pipeline).
    app.add_middleware(EncodedSlashes)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(ReplyDefaults)
    return app
