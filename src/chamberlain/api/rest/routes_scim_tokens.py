"""``/api/accounts/{alias}/scim-tokens`` and ``/api/scim-tokens/{token_id}``: the tokens
identity providers use on ``/scim/v2`` (see ``docs/scim.md``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.requests import RotateIn, ScimTokenIn
from chamberlain.api.rest.schemas import COMMON_PROBLEMS
from chamberlain.domain.scim.tokens import ScimToken
from chamberlain.services import scim_tokens
from chamberlain.services.scim_tokens import IssuedScimToken

router = APIRouter(responses={**COMMON_PROBLEMS}, tags=["scim-tokens"])

State = Literal["active", "retiring", "retired", "revoked", "account suspended"]
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The token's id.")]


class ScimTokenOut(BaseModel):
    """A SCIM token; never its secret, only its public ``hint``."""

    id: int
    account_alias: str
    hint: str
    name: str | None
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    retires_at: datetime | None
    revoked_at: datetime | None
    state: State

    @classmethod
    def of(cls, token: ScimToken, now: datetime) -> ScimTokenOut:
        """Build from the domain object."""
        return cls(
            id=token.id,
            account_alias=token.account_alias,
            hint=token.hint,
            name=token.name,
            created_by=token.created_by,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            retires_at=token.retires_at,
            revoked_at=token.revoked_at,
            state=token.state(now).value,
        )


class NewScimTokenOut(ScimTokenOut):
    """A new token with its secret: shown this once, stored only as a digest."""

    token: str


def _issued(response: Response, issued: IssuedScimToken, now: datetime) -> NewScimTokenOut:
    response.headers["Location"] = f"/api/scim-tokens/{issued.token.id}"
    listed = ScimTokenOut.of(issued.token, now)
    return NewScimTokenOut(**listed.model_dump(), token=issued.secret)


@router.get("/accounts/{alias}/scim-tokens", operation_id="listScimTokens")
async def list_scim_tokens(alias: str, actor: Caller, rt: RuntimeDep) -> list[ScimTokenOut]:
    """The SCIM tokens of an account and its sub-accounts, oldest first (revoked too)."""
    found = await run_in_threadpool(scim_tokens.list_scim_tokens, rt, actor, alias)
    now = rt.clock()
    return [ScimTokenOut.of(token, now) for token in found]


@router.post("/accounts/{alias}/scim-tokens", operation_id="createScimToken", status_code=201)
async def create_scim_token(
    alias: str,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    body: ScimTokenIn | None = None,
) -> NewScimTokenOut:
    """Issue a SCIM token for the account. Only callers who may grant every role may:
    the token can. The answer is the only place the token ever appears."""
    name = body.name if body else None
    issued = await run_in_threadpool(scim_tokens.create_scim_token, rt, actor, alias, name)
    return _issued(response, issued, rt.clock())


@router.delete("/scim-tokens/{token_id}", operation_id="revokeScimToken", status_code=204)
async def revoke_scim_token(token_id: TokenId, actor: Caller, rt: RuntimeDep) -> Response:
    """Revoke a token: it stops working at once."""
    await run_in_threadpool(scim_tokens.revoke_scim_token, rt, actor, token_id)
    return Response(status_code=204)


@router.post("/scim-tokens/{token_id}/rotate", operation_id="rotateScimToken", status_code=201)
async def rotate_scim_token(
    token_id: TokenId,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    body: RotateIn | None = None,
) -> NewScimTokenOut:
    """Issue a replacement token; the old one keeps working for ``grace_hours``."""
    grace = timedelta(hours=(body or RotateIn()).grace_hours)
    issued = await run_in_threadpool(scim_tokens.rotate_scim_token, rt, actor, token_id, grace)
    return _issued(response, issued, rt.clock())
