"""``/api/accounts/{alias}/api-users`` and ``/api/api-users/{api_key}``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.schemas import COMMON_PROBLEMS
from chamberlain.domain.api_users import ApiUser
from chamberlain.services import api_users

router = APIRouter(responses={**COMMON_PROBLEMS}, tags=["api-users"])

State = Literal["enabled", "disabled", "retiring", "retired", "account suspended"]


class ApiUserOut(BaseModel):
    """An API user; never its password."""

    api_key: str
    account_alias: str
    created_at: datetime
    last_used_at: datetime | None
    retires_at: datetime | None
    state: State

    @classmethod
    def of(cls, api_user: ApiUser, now: datetime) -> ApiUserOut:
        """Build from the domain object."""
        return cls(
            api_key=api_user.api_key,
            account_alias=api_user.account_alias,
            created_at=api_user.created_at,
            last_used_at=api_user.last_used_at,
            retires_at=api_user.retires_at,
            state=api_user.state(now).value,
        )


class NewApiUserOut(ApiUserOut):
    """A new API user with its password: shown this once, stored only as a hash."""

    password: str


@router.get("/accounts/{alias}/api-users", operation_id="listApiUsers")
async def list_api_users(alias: str, actor: Caller, rt: RuntimeDep) -> list[ApiUserOut]:
    """The API users of an account and its sub-accounts, oldest first."""
    found = await run_in_threadpool(api_users.list_api_users, rt, actor, alias)
    now = rt.clock()
    return [ApiUserOut.of(api_user, now) for api_user in found]


@router.post("/accounts/{alias}/api-users", operation_id="createApiUser", status_code=201)
async def create_api_user(
    alias: str, response: Response, actor: Caller, rt: RuntimeDep
) -> NewApiUserOut:
    """Create an API user; the answer is the only place its password ever appears."""
    issued = await run_in_threadpool(api_users.create_api_user, rt, actor, alias)
    response.headers["Location"] = f"/api/api-users/{issued.api_user.api_key}"
    listed = ApiUserOut.of(issued.api_user, rt.clock())
    return NewApiUserOut(**listed.model_dump(), password=issued.password)


@router.delete("/api-users/{api_key}", operation_id="deleteApiUser", status_code=204)
async def delete_api_user(api_key: str, actor: Caller, rt: RuntimeDep) -> Response:
    """Delete an API user; its sessions and tokens end at once."""
    await run_in_threadpool(api_users.delete_api_user, rt, actor, api_key)
    return Response(status_code=204)
