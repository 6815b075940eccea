"""The ASGI application: every face mounted on one runtime."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, Route, request_response
from starlette.types import Receive, Scope, Send

from chamberlain.api.clc_v1.endpoint import v1_endpoint
from chamberlain.api.logon_gate import LogonGate
from chamberlain.api.pipeline import RequestPipeline
from chamberlain.api.probes import healthz, metrics, readyz
from chamberlain.api.rest.app import create_rest_app
from chamberlain.api.rest.problems import problem
from chamberlain.api.scim.app import create_scim_app
from chamberlain.api.slash_redirect import relative_slash_redirects
from chamberlain.api.v2.login import v2_login
from chamberlain.db.engine import durability_settings
from chamberlain.db.migrate import is_current
from chamberlain.portal.routes import portal_routes
from chamberlain.services.background import BackgroundWorker
from chamberlain.services.runtime import Runtime
from chamberlain.settings import load_settings

logger = logging.getLogger("chamberlain")

ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


async def _unrouted(scope: Scope, receive: Receive, send: Send) -> None:
    """Paths no route pattern takes (Starlette's patterns stop at a line break): REST
    paths get a problem, everything else the v1 face's own answer."""
    if scope["type"] == "http" and scope["path"].startswith("/api/"):
        response = problem(404, "not_found", "no such resource", Request(scope, receive))
        await response(scope, receive, send)
        return
    await request_response(v1_endpoint)(scope, receive, send)


def create_app(runtime: Runtime) -> Starlette:
    """Build the app around ``runtime`` (the caller owns and closes it)."""
    logon_gate = LogonGate(runtime.hasher.capacity)  # one for every face's logons
    app = Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
            Route("/v2/authentication/login", v2_login, methods=["POST"]),
            Route("/v2/authentication/login/", v2_login, methods=["POST"]),
            Mount("/api", app=create_rest_app(runtime, logon_gate)),
            Mount("/scim/v2", app=create_scim_app(runtime)),
            *portal_routes(),  # GET / and /portal/...: before the v1 catch-all
            # Every verb reaches the v1 face, which answers 405 itself for all but POST.
            Route("/{path:path}", v1_endpoint, methods=list(ALL_METHODS)),
        ],
        # The one outer layer of every face: request id, access log, metrics, headers.
        middleware=[Middleware(RequestPipeline)],
    )
    app.state.runtime = runtime
    app.state.logon_gate = logon_gate
    app.router.default = _unrouted
    # The v1 catch-all takes every path, so this router never redirects; every router
    # that could is made to answer with a relative Location all the same.
    relative_slash_redirects(app.router)
    return app


class NotMigrated(RuntimeError):
    """The database is not at the newest schema revision."""


def app_from_environment() -> Starlette:
    """ASGI factory for ``chamberlain serve``: settings from ``CHAMBERLAIN_*`` variables.

    Refuses to start on a database that is not migrated, and logs the durability
    settings in force. A background thread mails links and purges expired rows.
    """
    runtime = Runtime.from_settings(load_settings())
    if not is_current(runtime.db.engine):
        runtime.close()
        raise NotMigrated(
            "the database is not at the newest schema: run `chamberlain init` (new database) "
            "or `chamberlain db upgrade`"
        )
    logger.info("durability settings: %s", durability_settings(runtime.db.engine))

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        worker = BackgroundWorker(runtime)
        worker.start()
        yield
        worker.stop()
        runtime.close()

    app = create_app(runtime)
    app.router.lifespan_context = lifespan
    return app
