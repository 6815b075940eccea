"""The ASGI wrapper that puts an emulated server's switches between client and app."""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from chamberlain.testing import ids
from chamberlain.testing.faults import Faults
from chamberlain.testing.replies import answer_failure, answer_logon_refusal


class EmulatorApp:
    """Wraps the real app; production code knows nothing of it.

    For each HTTP request: make ``id_source`` the request's id source (None: random ids),
    hold the request back for a matching ``slow`` rule, answer a queued failure or log-on
    refusal if one applies, and otherwise pass the request to the app untouched.
    """

    def __init__(self, app: ASGIApp, faults: Faults, id_source: ids.IdSource | None) -> None:
        self.app = app
        self.faults = faults
        self.id_source = id_source

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        with ids.using(self.id_source):
            delay = self.faults.delay_for(method, path)
            if delay:
                await anyio.sleep(delay)
            failure = self.faults.take_failure(method, path)
            if failure is not None:
                await answer_failure(scope, receive, send, failure)
            elif self.faults.take_logon_refusal(method, path):
                await answer_logon_refusal(scope, receive, send)
            else:
                await self.app(scope, receive, send)
