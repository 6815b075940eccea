"""The sign-in page at ``/``, sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from chamberlain.api.logon_gate import LogonGate
from chamberlain.errors import AuthenticationFailed
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.security import Transport, delete_cookie, set_cookie
from chamberlain.portal.web import Guest, Visit, guest, signed_in
from chamberlain.services import portal_sessions

NEEDS_HTTPS = "The portal must be reached over HTTPS."


def account_home(alias: str) -> str:
    """The page a signed-in person starts on: their account."""
    return f"/portal/accounts/{quote(alias, safe='')}"


@guest
async def home(visit: Guest) -> Response:
    """``GET /``: the sign-in page, or the person's account when signed in."""
    if visit.transport is Transport.PLAIN_HTTP:
        return visit.page("error.html", message=NEEDS_HTTPS, signed_in=False, status=403)
    token = visit.request.cookies.get(visit.transport.session_cookie)
    if token:
        try:
            identity = await visit.call(
                portal_sessions.authenticate, visit.rt, token, request_id=visit.request_id
            )
        except AuthenticationFailed:
            pass
        else:
            return redirect(account_home(identity.user.account_alias))
    return visit.page("sign_in.html", user_name="", refused=None)


@guest
async def sign_in(visit: Guest) -> Response:
    """``POST /portal/sign-in``: a new session (and id) on success; one message for every
    failure, throttled like every other log-on."""
    if visit.transport is Transport.PLAIN_HTTP:
        return visit.page("error.html", message=NEEDS_HTTPS, signed_in=False, status=403)
    gate: LogonGate = visit.request.app.state.logon_gate
    user_name = visit.text("user_name") or ""
    try:
        opened = await gate.run(
            portal_sessions.sign_in,
            visit.rt,
            user_name=user_name,
            password=visit.text("password"),
            source=visit.source,
            replaces=visit.request.cookies.get(visit.transport.session_cookie),
        )
    except AuthenticationFailed:  # Throttled too: the same reply, whatever the reason
        return visit.page(
            "sign_in.html", user_name=user_name, refused=messages.SIGN_IN_REFUSED, status=400
        )
    response = redirect(account_home(opened.user.account_alias))
    set_cookie(response, visit.transport.session_cookie, opened.token, visit.transport)
    return response


async def sign_in_page(_request: Request) -> Response:
    """``GET /portal/sign-in`` (a reload after a refused sign-in): the sign-in page."""
    return redirect("/")


@signed_in
async def sign_out(visit: Visit) -> Response:
    """``POST /portal/sign-out``: end the session on the server and drop the cookie."""
    await visit.call(portal_sessions.sign_out, visit.rt, visit.token)
    response = redirect("/?done=signed_out")
    delete_cookie(response, visit.transport.session_cookie, visit.transport)
    return response
