"""The default caching rule and the last-resort 500 of the REST face."""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chamberlain.api.rest.problems import internal_error

logger = logging.getLogger("chamberlain.rest")


class ReplyDefaults:
    """Mark replies ``Cache-Control: no-store`` unless a route chose otherwise (they carry
    account data). A request that crashes gets a 500 problem with its request id (made by
    ``chamberlain.api.pipeline``, which also sends it as ``X-Request-ID``), and the log
    line with the traceback carries the same id; nothing else of the failure reaches the
    client.

    Pure ASGI rather than ``@app.middleware``: that wrapper costs a task and a stream per
    request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_marked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            await self.app(scope, receive, send_marked)
        except Exception:
            request_id: str = scope["state"]["request_id"]
            logger.exception("REST request %s failed", request_id)
            if started:
                raise  # the reply is under way: only the connection can still be dropped
            crash = internal_error(request_id)
            await crash(scope, receive, send_marked)
