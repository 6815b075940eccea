"""The one reader of ``Authorization: Bearer <token>`` headers, for every face that
takes bearer tokens (REST, its idempotency keys, SCIM)."""

from __future__ import annotations

from chamberlain.errors import AuthenticationFailed


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization`` header of the ``Bearer`` scheme (any case;
    blanks around scheme and token ignored); None when there is no header, another
    scheme, or no token."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def required_bearer_token(authorization: str | None) -> str:
    """``bearer_token``, or ``AuthenticationFailed`` when there is none."""
    token = bearer_token(authorization)
    if token is None:
        raise AuthenticationFailed("a bearer token is required")
    return token
