"""Templates and the headers every portal page carries."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse, Response

from chamberlain.domain.credentials import PASSWORD_MIN_LENGTH
from chamberlain.domain.roles import CATALOGUE
from chamberlain.portal.security import CONTENT_SECURITY_POLICY

PORTAL_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Every page may hold account data or a form token: never stored by a cache.
    "Cache-Control": "no-store",
}


@functools.cache
def environment() -> Environment:
    """The template environment (built once, on first use)."""
    env = Environment(
        loader=PackageLoader("chamberlain.portal", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["ROLES"] = CATALOGUE
    env.globals["PASSWORD_MIN_LENGTH"] = PASSWORD_MIN_LENGTH
    env.globals["ROLE_OPTIONS"] = [(str(role.id), role.name) for role in CATALOGUE]
    return env


def render(template: str, context: Mapping[str, Any], *, status: int = 200) -> HTMLResponse:
    """A page from ``template`` with the portal's headers."""
    html = environment().get_template(template).render({"notice": None, "error": None, **context})
    return HTMLResponse(html, status_code=status, headers=PORTAL_HEADERS)


def redirect(url: str) -> Response:
    """303 See Other: after a POST, the browser GETs ``url``."""
    return RedirectResponse(url, status_code=303, headers=PORTAL_HEADERS)
