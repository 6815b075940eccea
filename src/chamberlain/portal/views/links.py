"""The pages a mailed link opens (``/portal/set-password?token=``) and "forgot password".

Both purposes (invitation, reset) use one page. The token travels in the link's query;
the page is served with ``Referrer-Policy: no-referrer`` so it never leaks onwards, and the
form posts it back in its body (read from there; its action's query repeats it only so the
address bar still holds the link after a mistake).
"""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.responses import Response

from chamberlain.domain.audit import Face
from chamberlain.domain.user_links import LinkState
from chamberlain.errors import ChamberlainError, LinkNotUsable
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.web import Guest, guest
from chamberlain.services import user_links

MISMATCH = "The two passwords differ."
NO_REFERRER = {"Referrer-Policy": "no-referrer"}


def _state_page(visit: Guest, state: str) -> Response:
    response = visit.page("link_state.html", state=state, status=410)
    response.headers.update(NO_REFERRER)
    return response


def _form(
    visit: Guest, token: str, user_name: str | None, problem: str | None = None, status: int = 200
) -> Response:
    response = visit.page(
        "set_password.html", token=token, user_name=user_name, problem=problem, status=status
    )
    response.headers.update(NO_REFERRER)
    return response


@guest
async def set_password(visit: Guest) -> Response:
    """``GET`` shows the link's state or the form; ``POST`` sets the password once."""
    token = visit.text("token") or ""
    link = await visit.call(user_links.inspect_link, visit.rt, token)
    if link.state is not LinkState.VALID:
        return _state_page(visit, link.state.value)
    if visit.form is None:
        return _form(visit, token, link.user_name)
    password = visit.text("password") or ""
    if password != (visit.text("repeat_password") or ""):
        return _form(visit, token, link.user_name, MISMATCH, status=400)
    try:
        await visit.call(user_links.redeem_link, visit.rt, token, password, face=Face.PORTAL)
    except LinkNotUsable as exc:
        return _state_page(visit, exc.state)
    except ChamberlainError as exc:
        return _form(visit, token, link.user_name, messages.message_for(exc), status=400)
    return redirect("/?done=password_set")


@guest
async def forgot_password(visit: Guest) -> Response:
    """``GET`` the form; ``POST`` asks for a reset link and answers the same whether or not
    the user exists, in reply and in timing: the reply is sent first and the reset asked
    for afterwards (a link is written only for a real user, and that write takes time)."""
    if visit.form is None:
        return visit.page("forgot_password.html")
    response = redirect("/?done=reset_requested")
    response.background = BackgroundTask(
        user_links.request_reset,
        visit.rt,
        visit.text("user_name") or "",
        face=Face.PORTAL,
        source=visit.source,
    )
    return response
