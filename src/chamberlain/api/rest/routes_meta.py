"""Who am I, what roles exist, and tokens for API users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from chamberlain.api.bearer import required_bearer_token
from chamberlain.api.client_address import client_address
from chamberlain.api.logon_gate import LogonGate
from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.requests import TokenIn
from chamberlain.api.rest.schemas import (
    COMMON_PROBLEMS,
    MeOut,
    RoleOut,
    TokenOut,
    problem_responses,
)
from chamberlain.domain.audit import ActorKind
from chamberlain.domain.permissions import ROLE_PERMISSIONS, Permission, grants
from chamberlain.domain.roles import CATALOGUE
from chamberlain.services import accounts, tokens, v1_sessions

router = APIRouter(responses={**COMMON_PROBLEMS}, tags=["meta"])


@router.post(
    "/auth/token", operation_id="createToken", status_code=201, responses=problem_responses(429)
)
async def create_token(body: TokenIn, request: Request, rt: RuntimeDep) -> TokenOut:
    """Exchange an API user's key and password for a bearer token (a v1 session).

    Failed attempts are throttled per key and per address, shared with v1 Logon: a
    throttled caller gets 429 with ``Retry-After``.
    """
    gate: LogonGate = request.app.state.logon_gate
    session = await gate.run(
        v1_sessions.logon,
        rt,
        api_key=body.api_key,
        password=body.password,
        source=client_address(request, rt.settings.trusted_proxies),
    )
    return TokenOut(access_token=session.token, expires_at=session.expires_at)


@router.delete("/auth/token", operation_id="revokeToken", status_code=204)
async def revoke_token(
    rt: RuntimeDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """End the bearer token this request carries (log out), whichever kind it is.

    204 whether or not the token still worked; 401 without a bearer token.
    """
    token = required_bearer_token(authorization)
    await run_in_threadpool(tokens.revoke_token, rt, token)
    return Response(status_code=204)


@router.get("/me", operation_id="getMe")
async def get_me(actor: Caller) -> MeOut:
    """The caller: a person-user with roles, or an API user with the permissions it was
    created with (every one for a full-power API user)."""
    granted = actor.permissions if actor.permissions is not None else set(Permission)
    return MeOut(
        kind="api_user" if actor.kind is ActorKind.API_USER else "user",
        name=actor.label,
        account_alias=actor.account_alias,
        roles=sorted(actor.roles),
        permissions=sorted(str(p) for p in granted),
    )


@router.get("/roles", operation_id="listRoles")
async def list_roles() -> list[RoleOut]:
    """The fixed role catalogue with each role's permissions."""
    return [
        RoleOut(
            id=role.id,
            name=role.name,
            sdk_name=role.sdk_name,
            v2_name=role.v2_name,
            permissions=sorted(ROLE_PERMISSIONS[role.id]),
        )
        for role in CATALOGUE
    ]


class GrantOut(BaseModel):
    """One permission on one account, and why the caller holds it (or not)."""

    permission: str
    granted: bool
    because: list[str]


class PermissionsOut(BaseModel):
    """What the caller may do on an account."""

    account_alias: str
    grants: list[GrantOut]


@router.get("/me/permissions", operation_id="getMyPermissions")
async def get_my_permissions(account: str, actor: Caller, rt: RuntimeDep) -> PermissionsOut:
    """What may I do on this account, and why: the role (or API-user status) behind each
    permission. An account outside the caller's tree is 404, as if it did not exist."""
    found = await run_in_threadpool(accounts.get_account, rt, actor, account)
    return PermissionsOut(
        account_alias=found.alias,
        grants=[
            GrantOut(permission=p.value, granted=actor.may(p), because=grants(actor, p))
            for p in Permission
        ],
    )
