"""Liveness and readiness probes for load balancers and orchestrators, and metrics.

``/healthz`` says the process serves requests and touches nothing else, so a slow
database never gets a healthy process restarted. ``/readyz`` says this node can do work:
the database answers and its schema is the one this code expects (after a deploy that
has not run its migration yet, a node stays out of rotation instead of failing calls).
"""

from __future__ import annotations

import logging

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from chamberlain.db.migrate import is_current
from chamberlain.metrics import REGISTRY
from chamberlain.services.runtime import Runtime

logger = logging.getLogger("chamberlain")
_NO_STORE = {"Cache-Control": "no-store"}


async def healthz(_request: Request) -> JSONResponse:
    """200 while the process runs."""
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


async def readyz(request: Request) -> JSONResponse:
    """200 when the database answers and is migrated to this code's schema, else 503."""
    rt: Runtime = request.app.state.runtime
    try:
        current = await run_in_threadpool(is_current, rt.db.engine)
    except Exception:  # any failure means "not ready"; details go to the log only
        logger.exception("readiness check failed")
        return _unready("database unreachable")
    if not current:
        return _unready("database schema is not current: run `chamberlain db upgrade`")
    return JSONResponse({"status": "ready"}, headers=_NO_STORE)


def _unready(reason: str) -> JSONResponse:
    return JSONResponse(
        {"status": "unavailable", "reason": reason},
        status_code=503,
        headers={**_NO_STORE, "Retry-After": "5"},
    )


async def metrics(_request: Request) -> Response:
    """The process's Prometheus metrics (text exposition format)."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST, headers=_NO_STORE)
