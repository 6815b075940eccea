"""Trailing-slash redirects whose ``Location`` is a path, never a host.

Starlette's routers answer a path that matches a route only with (or only without) a
trailing slash with a redirect to the other form, but build its ``Location`` from the
request's ``Host`` header: whoever writes that header (a client, or a cache poisoned by
one) chooses where the redirect points. ``relative_slash_redirects`` turns that off on a
router and answers the same redirects itself with a relative ``Location``: the path as
it was requested (still percent-encoded), the slash removed or added, and the query.
The browser resolves it against the URL it asked for, so it never leaves the server.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send


def relative_slash_redirects(router: Router) -> None:
    """Make ``router`` answer trailing-slash redirects (307) with a relative
    ``Location`` (see the module doc); other paths no route takes still reach the
    router's ``default``. Call it once the router has its routes or after: the routes
    are read per request."""
    router.redirect_slashes = False
    router.default = _SlashRedirect(router, router.default)


class _SlashRedirect:
    """A router's ``default``: the redirect when the other form of the path has a
    route, else ``fallback``."""

    def __init__(self, router: Router, fallback: ASGIApp) -> None:
        self._router = router
        self._fallback = fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        location = self._location(scope) if scope["type"] == "http" else None
        if location is None:
            await self._fallback(scope, receive, send)
            return
        await RedirectResponse(location)(scope, receive, send)

    def _location(self, scope: Scope) -> str | None:
        path: str = scope["path"]
        if path.removeprefix(scope.get("root_path", "")) in ("", "/"):
            return None  # the router's own root: no other form (as Starlette has it)
        slashed = path.endswith("/")
        other = {**scope, "path": path.rstrip("/") if slashed else path + "/"}
        if all(route.matches(other)[0] is Match.NONE for route in self._router.routes):
            return None
        raw = (scope.get("raw_path") or path.encode("utf-8")).decode("latin-1")
        if raw.endswith("/") != slashed:
            return None  # the slash was written %2F: it is part of a name, not the path's end
        target = raw.rstrip("/") if slashed else raw + "/"
        # One leading slash: "//host/..." (or "/\host") would name another host.
        target = "/" + target.lstrip("/\\")
        query = scope.get("query_string", b"").decode("latin-1")
        return f"{target}?{query}" if query else target
