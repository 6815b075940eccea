"""Bearer tokens for the REST face: who is behind one.

Two kinds are accepted: person-user tokens from ``/v2/authentication/login`` (bound by the
user's roles) and API-user tokens from the token endpoint (a v1 session by another name:
full power inside the API user's tree, same expiry rules).
"""

from __future__ import annotations

from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import token_digest
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import person_auth, v1_sessions
from chamberlain.services.runtime import Runtime


def revoke_token(rt: Runtime, token: str) -> None:
    """End the bearer token ``token`` of either kind at once (logging out); a token that
    is unknown or already ended changes nothing."""
    digest = token_digest(token)
    with rt.db.write() as uow:
        uow.bearer_tokens.remove(digest)
        uow.sessions.remove(digest)


def authenticate_token(rt: Runtime, token: str, *, request_id: str | None) -> Actor:
    """The actor behind a bearer token; raises ``AuthenticationFailed``.

    Both kinds are looked up in one read transaction. Roles are read on every request,
    so a role change applies to the next call.
    """
    digest = token_digest(token)
    with rt.db.read() as uow:
        bearer = uow.bearer_tokens.find(digest)
        session = None if bearer else uow.sessions.find(digest)
    if bearer is None:
        actor = v1_sessions.session_actor(
            rt, session, digest, face=Face.REST, request_id=request_id
        )
        if actor is None:
            raise AuthenticationFailed()
        return actor
    user = person_auth.live_bearer_user(rt, bearer)
    return person_auth.person_actor(user, Face.REST, request_id)
