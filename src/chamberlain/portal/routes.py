"""The portal's routes: ``/`` (sign-in) and everything under ``/portal``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from chamberlain.api.slash_redirect import relative_slash_redirects
from chamberlain.portal.rendering import render
from chamberlain.portal.views import (
    accounts,
    api_users,
    audit,
    bulk,
    links,
    password,
    sign_in,
    users,
)

GET = ["GET"]
POST = ["POST"]
FORM = ["GET", "POST"]


async def _not_found(scope: Scope, receive: Receive, send: Send) -> None:
    response: Response = render(
        "error.html", {"message": "There is no such page.", "signed_in": False}, status=404
    )
    await response(scope, receive, send)


def _page_routes() -> list[BaseRoute]:
    return [
        Route("/sign-in", sign_in.sign_in, methods=POST),
        Route("/sign-in", sign_in.sign_in_page, methods=GET),
        Route("/sign-out", sign_in.sign_out, methods=POST),
        Route("/password", password.change, methods=FORM),
        Route("/set-password", links.set_password, methods=FORM),
        Route("/forgot-password", links.forgot_password, methods=FORM),
        Route("/accounts/{alias}", accounts.overview, methods=GET),
        Route("/accounts/{alias}/edit", accounts.edit, methods=FORM),
        Route("/accounts/{alias}/new", accounts.new_sub_account, methods=FORM),
        Route("/accounts/{alias}/status", accounts.status, methods=FORM),
        Route("/accounts/{alias}/users", users.listing, methods=GET),
        Route("/accounts/{alias}/users/new", users.create, methods=FORM),
        Route("/users/view", users.view, methods=GET),
        Route("/users/edit", users.edit, methods=FORM),
        Route("/users/delete", users.confirm_delete, methods=GET),
        Route("/users/status", users.change_status, methods=POST),
        Route("/users/invite", users.invite, methods=POST),
        Route("/accounts/{alias}/api-users", api_users.listing, methods=FORM),
        Route("/accounts/{alias}/audit", audit.trail, methods=GET),
        Route("/accounts/{alias}/bulk", bulk.upload, methods=FORM),
        Route("/api-users/{key}/enabled", api_users.set_enabled, methods=POST),
        Route("/api-users/{key}/rotate", api_users.rotate, methods=FORM),
        Route("/api-users/{key}/delete", api_users.delete, methods=FORM),
    ]


def portal_routes() -> list[BaseRoute]:
    """Mount these before the v1 catch-all route."""
    static = StaticFiles(packages=[("chamberlain.portal", "static")])
    router = Router(
        routes=[Mount("/static", app=static, name="static"), *_page_routes()],
        default=_not_found,
    )
    relative_slash_redirects(router)
    return [
        Route("/", sign_in.home, methods=GET),
        # Typed without the slash, /portal would reach the v1 face's XML answer.
        Route("/portal", sign_in.sign_in_page, methods=GET),
        Mount("/portal", app=router),
    ]
