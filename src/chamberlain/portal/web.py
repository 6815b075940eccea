"""The plumbing of every portal page: who is asking, CSRF and origin checks, errors.

``signed_in`` wraps a handler that needs a live session; ``guest`` one that serves
anonymous forms (sign-in, links). Both refuse a POST without the right CSRF token or
from another site before the handler runs, so nothing is written; GET handlers change
nothing.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message

from chamberlain import errors
from chamberlain.api.client_address import client_address
from chamberlain.api.http_body import BodyTooLarge, media_type, read_body
from chamberlain.api.logon_gate import LogonGate
from chamberlain.api.pipeline import request_id_of
from chamberlain.domain.permissions import Permission, require
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect, render
from chamberlain.portal.security import (
    CSRF_FIELD,
    Transport,
    csrf_matches,
    csrf_token,
    delete_cookie,
    same_origin,
    set_cookie,
    transport_of,
)
from chamberlain.services import portal_sessions
from chamberlain.services.portal_sessions import PortalIdentity
from chamberlain.services.runtime import Runtime

logger = logging.getLogger("chamberlain.portal")
P = ParamSpec("P")
T = TypeVar("T")

_URLENCODED = "application/x-www-form-urlencoded"
_MAX_FIELDS = 1000  # as Starlette's own form parser
# Ids and versions are database integers: a longer number names nothing.
_MAX_DIGITS = 18


def whole_number(text: str | None) -> int | None:
    """``text`` as a whole number written in ASCII digits, or None when it is not one or
    is too long to name a stored id or version (``"²".isdigit()`` is true, ``int("²")``
    raises, and SQLite refuses integers past 64 bits)."""
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


class FormValues(dict[str, str | None]):
    """What a form shows in its fields: a field not given is empty (None), not an error."""

    def __missing__(self, key: str) -> None:
        return None


@dataclass(slots=True)
class _Base:
    request: Request
    rt: Runtime
    transport: Transport
    form: FormData | None = None

    @property
    def request_id(self) -> str:
        """The request's id (made by the app's pipeline), for audit rows."""
        return request_id_of(self.request)

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a (blocking) service call on a worker thread."""
        return await run_in_threadpool(fn, *args, **kwargs)

    def text(self, name: str) -> str | None:
        """A text field of the posted form or, for a GET, of the query; None when absent."""
        source = self.form if self.form is not None else self.request.query_params
        value = source.get(name)
        return value if isinstance(value, str) else None

    def texts(self, names: Iterable[str]) -> FormValues:
        """The text fields ``names`` of the posted form (None when absent)."""
        return FormValues((name, self.text(name)) for name in names)

    def values(self, name: str) -> list[str]:
        """Every value of a repeated field (checkboxes of one name)."""
        source = self.form if self.form is not None else self.request.query_params
        return [value for value in source.getlist(name) if isinstance(value, str)]

    def checked(self, name: str) -> bool:
        """Whether a checkbox was ticked."""
        return self.text(name) is not None

    @property
    def source(self) -> str | None:
        """The client's address, for log-on throttling."""
        return client_address(self.request, self.rt.settings.trusted_proxies)

    def notices(self) -> dict[str, str | None]:
        """The confirmation or error a redirect asked to show (closed lists only)."""
        done = self.request.query_params.get("done", "")
        code = self.request.query_params.get("error", "")
        return {"notice": messages.DONE.get(done), "error": messages.message_for_code(code)}


@dataclass(slots=True)
class Visit(_Base):
    """A request of a signed-in person."""

    identity: PortalIdentity | None = None
    token: str = ""

    @property
    def who(self) -> PortalIdentity:
        """The signed-in person (always set once the handler runs)."""
        assert self.identity is not None
        return self.identity

    def can(self, permission: Permission | str) -> bool:
        """Whether the person's roles grant ``permission`` (to show or hide an action)."""
        return self.who.actor.may(permission)

    def require(self, permission: Permission) -> None:
        """Raise ``PermissionDenied`` (a 403 page) unless the person's roles grant
        ``permission``: a change form is not offered only to be refused once filled in.
        The service still decides the change itself."""
        require(self.who.actor, permission)

    async def reauthenticated(self) -> bool:
        """True when the password was entered recently, or is entered right now in the
        form's ``current_password`` field (checked and throttled like a sign-in)."""
        if self.who.recently_authenticated:
            return True
        gate: LogonGate = self.request.app.state.logon_gate
        try:
            await gate.run(
                portal_sessions.reauthenticate,
                self.rt,
                self.who,
                self.text("current_password"),
                source=self.source,
            )
        except errors.AuthenticationFailed:
            return False
        return True

    def page(self, template: str, *, status: int = 200, **context: Any) -> Response:
        """Render a page with what every signed-in page needs."""
        base = {
            "visit": self,
            "me": self.who.user,
            "can": self.can,
            "P": Permission,
            "csrf": csrf_token(self.token),
            **self.notices(),
        }
        return render(template, base | context, status=status)


@dataclass(slots=True)
class Guest(_Base):
    """A request without a session: the sign-in and link pages. ``presession`` binds
    their forms' CSRF token; a new one is set as a cookie on the reply."""

    presession: str = ""
    new_presession: bool = False

    def page(self, template: str, *, status: int = 200, **context: Any) -> Response:
        """Render an anonymous page (setting the pre-session cookie when it is new)."""
        base = {"csrf": csrf_token(self.presession), **self.notices()}
        return self.finish(render(template, base | context, status=status))

    def finish(self, response: Response) -> Response:
        """Set the pre-session cookie on ``response`` if this visit made one."""
        if self.new_presession:
            set_cookie(response, self.transport.presession_cookie, self.presession, self.transport)
        return response


def _error_page(exc: errors.ChamberlainError, *, signed_in: bool) -> Response:
    answer = messages.answer_for(exc)
    if answer.status == 500:
        logger.error("portal: unmapped domain error %s", exc.code)
    context = {"message": answer.text(exc), "signed_in": signed_in}
    return render("error.html", context, status=answer.status)


def refused() -> Response:
    """The answer to a POST that failed the CSRF or origin check: nothing was done."""
    return render("error.html", {"message": messages.FORM_REFUSED, "signed_in": False}, status=403)


class NotText(Exception):
    """A urlencoded form whose fields are not UTF-8 text."""


def _unreadable(exc: BodyTooLarge | NotText, *, signed_in: bool) -> Response:
    """The page for a form that could not be read: too large (413) or not UTF-8 (400)."""
    too_large = isinstance(exc, BodyTooLarge)
    message = messages.TOO_LARGE if too_large else messages.NOT_TEXT
    context = {"message": message, "signed_in": signed_in}
    return render("error.html", context, status=413 if too_large else 400)


def _post_allowed(
    request: Request, transport: Transport, secret: str | None, form: FormData
) -> bool:
    sent = form.get(CSRF_FIELD)
    token_ok = csrf_matches(secret, sent if isinstance(sent, str) else None)
    return token_ok and same_origin(request, transport)


def _urlencoded(body: bytes) -> FormData:
    """Parse a urlencoded form strictly: a byte or escape that is not UTF-8 raises
    ``NotText`` (Starlette would store U+FFFD in its place, or mojibake)."""
    try:
        pairs: list[tuple[str, str | UploadFile]] = list(
            parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                errors="strict",
                max_num_fields=_MAX_FIELDS,
            )
        )
    except ValueError as exc:  # UnicodeDecodeError too
        raise NotText from exc
    return FormData(pairs)


async def _read_form(request: Request, limit: int) -> FormData:
    """The posted form, refusing bodies over ``limit`` bytes (``BodyTooLarge``) and
    urlencoded ones that are not UTF-8 (``NotText``)."""
    body = await read_body(request, limit)
    if media_type(request)[0] == _URLENCODED:
        return _urlencoded(body)

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return await Request(request.scope, replay).form()


Handler = Callable[[Visit], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def signed_in(handler: Handler) -> Endpoint:
    """An endpoint for signed-in people; anyone else is sent to the sign-in page."""
    return _signed_in(handler, max_body=None)


def signed_in_upload(max_body: int) -> Callable[[Handler], Endpoint]:
    """``signed_in`` for a form that uploads a file of up to about ``max_body`` bytes."""
    return functools.partial(_signed_in, max_body=max_body)


def _signed_in(handler: Handler, *, max_body: int | None) -> Endpoint:
    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        rt: Runtime = request.app.state.runtime
        transport = transport_of(request, rt.settings.trusted_proxies)
        visit = Visit(
            request, rt, transport, token=request.cookies.get(transport.session_cookie, "")
        )
        try:
            if not visit.token:
                raise errors.AuthenticationFailed()
            visit.identity = await visit.call(
                portal_sessions.authenticate, rt, visit.token, request_id=visit.request_id
            )
        except errors.AuthenticationFailed:
            response = redirect("/")
            if visit.token:  # a dead session's cookie; without one, nothing to clear
                delete_cookie(response, transport.session_cookie, transport)
            return response
        except errors.ChamberlainError as exc:  # the database is unavailable, say
            return _error_page(exc, signed_in=False)
        if request.method == "POST":
            try:
                visit.form = await _read_form(request, max_body or rt.settings.max_body_bytes)
            except (BodyTooLarge, NotText) as exc:
                return _unreadable(exc, signed_in=True)
            if not _post_allowed(request, transport, visit.token, visit.form):
                return refused()
        try:
            return await handler(visit)
        except errors.ChamberlainError as exc:
            return _error_page(exc, signed_in=True)
        finally:
            if visit.form is not None:
                await visit.form.close()  # uploaded files' temporary files

    return endpoint


def guest(handler: Callable[[Guest], Awaitable[Response]]) -> Endpoint:
    """An endpoint of the anonymous pages, their forms bound to the pre-session cookie."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        rt: Runtime = request.app.state.runtime
        transport = transport_of(request, rt.settings.trusted_proxies)
        presession = request.cookies.get(transport.presession_cookie, "")
        visit = Guest(request, rt, transport, presession=presession)
        if request.method == "POST":
            try:
                visit.form = await _read_form(request, rt.settings.max_body_bytes)
            except BodyTooLarge:
                return refused()
            except NotText as exc:
                return _unreadable(exc, signed_in=False)
            if not _post_allowed(request, transport, presession, visit.form):
                return refused()
        elif not presession and transport is not Transport.PLAIN_HTTP:
            visit.presession, visit.new_presession = secrets.token_urlsafe(32), True
        try:
            return await handler(visit)
        except errors.ChamberlainError as exc:
            return visit.finish(_error_page(exc, signed_in=False))

    return endpoint
