"""Changing one's own password (after a recent password entry)."""

from __future__ import annotations

from starlette.responses import Response

from chamberlain.errors import ChamberlainError
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.security import set_cookie
from chamberlain.portal.views.sign_in import account_home
from chamberlain.portal.web import Visit, signed_in
from chamberlain.services import portal_sessions

MISMATCH = "The two new passwords differ."


@signed_in
async def change(visit: Visit) -> Response:
    """``GET/POST /portal/password``: a new password; every other session ends, and this
    browser gets a new session."""
    if visit.form is None:
        return visit.page("password.html", problem=None)
    if not await visit.reauthenticated():
        return visit.page("password.html", problem=messages.REAUTH_REFUSED, status=400)
    new = visit.text("new_password") or ""
    if new != (visit.text("repeat_password") or ""):
        return visit.page("password.html", problem=MISMATCH, status=400)
    identity = await visit.call(
        portal_sessions.authenticate, visit.rt, visit.token, request_id=visit.request_id
    )
    try:
        opened = await visit.call(portal_sessions.change_own_password, visit.rt, identity, new)
    except ChamberlainError as exc:
        return visit.page("password.html", problem=messages.message_for(exc), status=400)
    response = redirect(account_home(opened.user.account_alias) + "?done=password_changed")
    set_cookie(response, visit.transport.session_cookie, opened.token, visit.transport)
    return response
