"""``POST /v2/authentication/login``: person-users get a bearer token (spec section 3).

The body is JSON (single quotes tolerated) or form-encoded; ``username`` and ``password``
match in any case. Bad credentials answer HTTP 400 with the documented message.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from chamberlain.api.clc_v1.parse import WireFields, decode_body
from chamberlain.api.client_address import client_address
from chamberlain.api.http_body import BodyTooLarge, media_type, read_body
from chamberlain.api.logon_gate import LogonGate
from chamberlain.domain.roles import ROLES_BY_ID
from chamberlain.errors import AuthenticationFailed, InvalidRequest, ServiceUnavailable, Throttled
from chamberlain.services import person_auth
from chamberlain.services.runtime import Runtime

BAD_CREDENTIALS = "We didn't recognize the username or password you entered. Please try again."
_NO_STORE = {"Cache-Control": "no-store"}


def _message(status: int, text: str) -> JSONResponse:
    return JSONResponse({"message": text}, status_code=status, headers=_NO_STORE)


async def v2_login(request: Request) -> JSONResponse:
    """Log a person-user on; answers the v2 login record with a bearer token."""
    rt: Runtime = request.app.state.runtime
    try:
        body = await read_body(request, rt.settings.max_body_bytes)
        media, charset = media_type(request)
        fields = WireFields("", decode_body(body, charset), json_declared=media.endswith("json"))
        gate: LogonGate = request.app.state.logon_gate
        login = await gate.run(
            person_auth.login,
            rt,
            user_name=fields.text("username"),
            password=fields.text("password"),
            source=client_address(request, rt.settings.trusted_proxies),
        )
    except BodyTooLarge:
        return _message(413, "The request body is too large.")
    except InvalidRequest as exc:
        return _message(400, f"The request could not be read: {exc.detail}")
    except Throttled as exc:
        response = _message(429, "Too many failed sign-ins; try again later.")
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except AuthenticationFailed:
        return _message(400, BAD_CREDENTIALS)
    except ServiceUnavailable:
        response = _message(503, "The service is unavailable; try again shortly.")
        response.headers["Retry-After"] = "2"
        return response
    user = login.user
    return JSONResponse(
        {
            "userName": user.user_name,
            "accountAlias": user.account_alias,
            "locationAlias": login.location,
            # Sorted by name, as in the one recorded real reply.
            "roles": sorted(ROLES_BY_ID[role].v2_name for role in user.roles),
            "bearerToken": login.token,
        },
        headers=_NO_STORE,
    )
