"""How the SDK authenticates: credentials in, a bearer token on every request.

``ApiKeyAuth`` (an API user's key and password, exchanged at ``POST /api/auth/token``)
and ``LoginAuth`` (a person-user, logged on at ``POST /v2/authentication/login``) log on
when the first request needs a token and once more when the server answers 401 (the
token expired or was revoked); ``TokenAuth`` sends a ready token and never logs on.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field

import httpx

from chamberlain.client._errors import ApiError, AuthenticationError, error_from_response
from chamberlain.client._models import BearerToken
from chamberlain.client._operations import CREATE_TOKEN, V2_LOGIN, Operation
from chamberlain.client._reader import Reader


@dataclass(frozen=True, slots=True)
class ApiKeyAuth:
    """An API user's key and password (full power inside its account tree)."""

    api_key: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class LoginAuth:
    """A person-user's name and password (bound by the user's roles)."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class TokenAuth:
    """A bearer token obtained elsewhere; when it expires, calls fail with
    ``AuthenticationError``."""

    token: str = field(repr=False)


Credentials = ApiKeyAuth | LoginAuth | TokenAuth

# Builds a request the way the client does (base URL, default headers).
RequestBuilder = Callable[[Operation, dict[str, str]], httpx.Request]


def _login_error(response: httpx.Response) -> ApiError:
    """The error of a refused log-on. The v2 login refuses bad credentials with a bare
    400 ``{"message": ...}`` (its wire contract), which is an authentication failure."""
    error = error_from_response(response)
    if response.status_code == 400 and not error.problem.get("code"):
        return AuthenticationError(
            error.detail, status=400, request_id=error.request_id, problem=error.problem
        )
    return error


class BearerAuth(httpx.Auth):
    """An httpx auth flow over ``Credentials``: one implementation for both clients."""

    requires_response_body = True

    def __init__(self, credentials: Credentials, build: RequestBuilder) -> None:
        self._credentials = credentials
        self._build = build
        self.token = credentials.token if isinstance(credentials, TokenAuth) else None

    def login_request(self) -> httpx.Request | None:
        """The request that logs on (None for a ready token)."""
        match self._credentials:
            case ApiKeyAuth(api_key, password):
                return self._build(CREATE_TOKEN, {"api_key": api_key, "password": password})
            case LoginAuth(username, password):
                return self._build(V2_LOGIN, {"username": username, "password": password})
        return None

    def accept_login(self, response: httpx.Response) -> BearerToken:
        """Keep the token a log-on answered and return it with its expiry (which only
        the token endpoint states); raises the refusal's error."""
        if not response.is_success:
            raise _login_error(response)
        answer = Reader(response.json(), "log-on answer")
        if isinstance(self._credentials, ApiKeyAuth):
            issued = BearerToken(
                token=answer.text("access_token"), expires_at=answer.opt_time("expires_at")
            )
        else:
            issued = BearerToken(token=answer.text("bearerToken"), expires_at=None)
        self.token = issued.token
        return issued

    def _log_on(self) -> Generator[httpx.Request, httpx.Response, None]:
        request = self.login_request()
        if request is not None:
            self.accept_login((yield request))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send ``request`` with a token; on 401, log on again once and resend it."""
        if self.token is None:
            yield from self._log_on()
        used = self.token
        request.headers["Authorization"] = f"Bearer {used}"
        response = yield request
        if response.status_code != 401 or isinstance(self._credentials, TokenAuth):
            return
        if self.token == used:  # nobody else has logged on again meanwhile
            yield from self._log_on()
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request
