"""``/api/accounts/{alias}/api-users`` and ``/api/api-users/{api_key}``: create, list,
disable, enable, rotate and delete v1 API users (``services/api_users.py``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.requests import ApiUserIn, RotateIn
from chamberlain.api.rest.schemas import COMMON_PROBLEMS
from chamberlain.domain.api_users import ApiUser
from chamberlain.domain.audit import Actor
from chamberlain.services import api_users
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime

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
    permissions: list[str] | None = Field(
        description="What it may do inside its tree: its creator's permissions when a "
        "person-user or a bounded API user created it; null for a full-power API user "
        "(every permission, as in v1)."
    )

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
            permissions=None if api_user.permissions is None else sorted(api_user.permissions),
        )


class NewApiUserOut(ApiUserOut):
    """A new API user with its password: shown this once, stored only as a hash."""

    password: str


def _issued(response: Response, issued: IssuedCredentials, now: datetime) -> NewApiUserOut:
    response.headers["Location"] = f"/api/api-users/{issued.api_user.api_key}"
    listed = ApiUserOut.of(issued.api_user, now)
    return NewApiUserOut(**listed.model_dump(), password=issued.password)


# No body is the default grace period (a body is optional: the schema says so).
_NO_BODY = RotateIn()
_NEW_KEY = ApiUserIn()


@router.get("/accounts/{alias}/api-users", operation_id="listApiUsers")
async def list_api_users(alias: str, actor: Caller, rt: RuntimeDep) -> list[ApiUserOut]:
    """The API users of an account and its sub-accounts, oldest first."""
    found = await run_in_threadpool(api_users.list_api_users, rt, actor, alias)
    now = rt.clock()
    return [ApiUserOut.of(api_user, now) for api_user in found]


@router.post("/accounts/{alias}/api-users", operation_id="createApiUser", status_code=201)
async def create_api_user(
    alias: str,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    body: ApiUserIn = _NEW_KEY,
) -> NewApiUserOut:
    """Create an API user holding the caller's permissions, or only those of ``roles``;
    the answer is the only place its password ever appears."""
    issued = await run_in_threadpool(api_users.create_api_user, rt, actor, alias, roles=body.roles)
    return _issued(response, issued, rt.clock())


@router.delete("/api-users/{api_key}", operation_id="deleteApiUser", status_code=204)
async def delete_api_user(api_key: str, actor: Caller, rt: RuntimeDep) -> Response:
    """Delete an API user; its sessions and tokens end at once."""
    await run_in_threadpool(api_users.delete_api_user, rt, actor, api_key)
    return Response(status_code=204)


async def _set_enabled(api_key: str, actor: Actor, rt: Runtime, *, enabled: bool) -> ApiUserOut:
    found = await run_in_threadpool(api_users.set_api_user_enabled, rt, actor, api_key, enabled)
    return ApiUserOut.of(found, rt.clock())


@router.post("/api-users/{api_key}/disable", operation_id="disableApiUser")
async def disable_api_user(api_key: str, actor: Caller, rt: RuntimeDep) -> ApiUserOut:
    """Stop a key from logging on; its sessions and tokens end at once (again: no change)."""
    return await _set_enabled(api_key, actor, rt, enabled=False)


@router.post("/api-users/{api_key}/enable", operation_id="enableApiUser")
async def enable_api_user(api_key: str, actor: Caller, rt: RuntimeDep) -> ApiUserOut:
    """Let a disabled key log on again."""
    return await _set_enabled(api_key, actor, rt, enabled=True)


@router.post("/api-users/{api_key}/rotate", operation_id="rotateApiUser", status_code=201)
async def rotate_api_user(
    api_key: str,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    body: RotateIn = _NO_BODY,
) -> NewApiUserOut:
    """Issue a new key and password in the same account; the old key keeps working for
    ``grace_hours`` (never longer than an earlier rotation set). The answer is the only
    place the new password ever appears."""
    grace = timedelta(hours=body.grace_hours)
    issued = await run_in_threadpool(api_users.rotate_api_user, rt, actor, api_key, grace)
    return _issued(response, issued, rt.clock())
