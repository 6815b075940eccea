"""``/api/accounts/{alias}/users`` and ``/api/users/{user_name}``."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, IfMatch, PreconditionRequired, RuntimeDep
from chamberlain.api.rest.encoded_slashes import slashed
from chamberlain.api.rest.paging import MAX_PAGE, after_id, next_link, refuse_unknown_parameters
from chamberlain.api.rest.requests import UserIn, UserPatch
from chamberlain.api.rest.schemas import COMMON_PROBLEMS, UserOut, UserPageOut, problem_responses
from chamberlain.api.versions import etag, expected_version
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import (
    OPTIONAL_TEXT_FIELDS,
    LifecycleAction,
    User,
    UserFilters,
    UserStatus,
    validate_new_user,
    validate_user_patch,
)
from chamberlain.services import users
from chamberlain.services.runtime import Runtime

router = APIRouter(
    responses={**COMMON_PROBLEMS, **problem_responses(409, 412, 428)}, tags=["users"]
)

_LIST_PARAMETERS = frozenset(
    {"user_name", "email", "status", "role", "name_prefix", "limit", "cursor", "total"}
)


def _with_tags(response: Response, user: User) -> UserOut:
    response.headers["ETag"] = etag(user.version)
    return UserOut.of(user)


@router.get("/accounts/{alias}/users", operation_id="listUsers")
async def list_users(  # one parameter per documented filter
    *,
    alias: str,
    request: Request,
    actor: Caller,
    rt: RuntimeDep,
    user_name: str | None = None,
    email: str | None = None,
    status: Literal["Active", "Disabled"] | None = None,
    role: int | None = None,
    name_prefix: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: str | None = None,
    total: bool = False,
) -> UserPageOut:
    """An account's live users, oldest first; all filters must hold. An unknown query
    parameter is refused (400), never ignored."""
    refuse_unknown_parameters(request, _LIST_PARAMETERS)
    filters = UserFilters(
        user_name=user_name,
        email=email,
        status=UserStatus(status) if status else None,
        role=role,
        name_prefix=name_prefix,
    )
    page = await run_in_threadpool(
        users.search_users,
        rt,
        actor,
        alias,
        filters,
        after_id=after_id(cursor),
        limit=limit,
        with_total=total,
    )
    return UserPageOut(
        items=[UserOut.of(user) for user in page.items],
        next=next_link(request, page.next_after),
        total=page.total,
    )


@router.post("/accounts/{alias}/users", operation_id="createUser", status_code=201)
async def create_user(
    alias: str, body: UserIn, response: Response, actor: Caller, rt: RuntimeDep
) -> UserOut:
    """Create a user in the account; answers its ``Location`` and ``ETag``."""
    sent = body.model_dump(include=set(OPTIONAL_TEXT_FIELDS), exclude_unset=True)
    new = validate_new_user(
        user_name=body.user_name,
        account_alias=alias,
        email=body.email,
        first_name=body.first_name,
        last_name=body.last_name,
        optional=sent,
        allow_sms=body.allow_sms,
        roles=body.roles,
    )
    user = await run_in_threadpool(users.create_user, rt, actor, new)
    response.headers["Location"] = f"/api/users/{quote(user.user_name, safe='')}"
    return _with_tags(response, user)


@router.get("/users/{user_name}", operation_id="getUser")
async def get_user(user_name: str, response: Response, actor: Caller, rt: RuntimeDep) -> UserOut:
    """One user anywhere in the caller's tree."""
    user = await run_in_threadpool(users.get_user, rt, actor, None, slashed(user_name))
    return _with_tags(response, user)


def _patch(rt: Runtime, actor: Actor, user_name: str, body: UserPatch, version: int | None) -> User:
    """Send the fields of the patch; the service merges them into the current user."""
    change = validate_user_patch(user_name=user_name, sent=body.model_dump(exclude_unset=True))
    return users.update_user(rt, actor, change=change, expected_version=version)


@router.patch("/users/{user_name}", operation_id="updateUser")
async def update_user(
    *,
    user_name: str,
    body: UserPatch,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    if_match: IfMatch = None,
) -> UserOut:
    """Change fields of a user. With ``If-Match`` a stale version gets 412; without it the
    write still succeeds (last writer wins)."""
    version = expected_version(if_match)
    user = await run_in_threadpool(_patch, rt, actor, slashed(user_name), body, version)
    return _with_tags(response, user)


async def _lifecycle(
    rt: Runtime, actor: Actor, user_name: str, action: LifecycleAction, if_match: str | None
) -> User:
    return await run_in_threadpool(
        lambda: users.change_status(
            rt, actor, slashed(user_name), action, expected_version=expected_version(if_match)
        )
    )


@router.post("/users/{user_name}/suspend", operation_id="suspendUser")
async def suspend_user(
    user_name: str, response: Response, actor: Caller, rt: RuntimeDep, if_match: IfMatch = None
) -> UserOut:
    """Suspend a user (repeating it changes nothing)."""
    user = await _lifecycle(rt, actor, user_name, LifecycleAction.SUSPEND, if_match)
    return _with_tags(response, user)


@router.post("/users/{user_name}/unsuspend", operation_id="unsuspendUser")
async def unsuspend_user(
    user_name: str, response: Response, actor: Caller, rt: RuntimeDep, if_match: IfMatch = None
) -> UserOut:
    """Let a suspended user log on again."""
    user = await _lifecycle(rt, actor, user_name, LifecycleAction.UNSUSPEND, if_match)
    return _with_tags(response, user)


@router.delete(
    "/users/{user_name}",
    operation_id="deleteUser",
    status_code=204,
    responses={428: {"description": "If-Match is required"}},
)
async def delete_user(
    user_name: str, actor: Caller, rt: RuntimeDep, if_match: IfMatch = None
) -> Response:
    """Delete a user. ``If-Match`` is required (428 without it): deletion is final."""
    if if_match is None:
        raise PreconditionRequired()
    await _lifecycle(rt, actor, user_name, LifecycleAction.DELETE, if_match)
    return Response(status_code=204)
