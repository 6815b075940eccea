"""``/api/accounts/{alias}`` and its child accounts."""

from __future__ import annotations

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, IfMatch, RuntimeDep
from chamberlain.api.rest.requests import AccountIn, AccountPatch
from chamberlain.api.rest.schemas import COMMON_PROBLEMS, AccountOut, problem_responses
from chamberlain.api.versions import etag, expected_version
from chamberlain.domain import account_requests
from chamberlain.domain.account_requests import validate_new_account
from chamberlain.domain.accounts import Account
from chamberlain.domain.audit import Actor
from chamberlain.services import accounts
from chamberlain.services.accounts import StatusChange
from chamberlain.services.runtime import Runtime

router = APIRouter(responses={**COMMON_PROBLEMS, **problem_responses(409, 412)}, tags=["accounts"])


def _tagged(response: Response, account: Account) -> AccountOut:
    response.headers["ETag"] = etag(account.version)
    return AccountOut.of(account)


@router.get("/accounts/{alias}", operation_id="getAccount")
async def get_account(alias: str, response: Response, actor: Caller, rt: RuntimeDep) -> AccountOut:
    """One account of the caller's tree."""
    account = await run_in_threadpool(accounts.get_account, rt, actor, alias)
    return _tagged(response, account)


@router.get("/accounts/{alias}/accounts", operation_id="listChildAccounts")
async def list_children(alias: str, actor: Caller, rt: RuntimeDep) -> list[AccountOut]:
    """The account's direct sub-accounts."""
    found = await run_in_threadpool(accounts.list_accounts, rt, actor, alias)
    start = found[0].alias
    return [AccountOut.of(account) for account in found if account.parent_alias == start]


@router.post("/accounts/{alias}/accounts", operation_id="createChildAccount", status_code=201)
async def create_child(
    alias: str, body: AccountIn, response: Response, actor: Caller, rt: RuntimeDep
) -> AccountOut:
    """Create a sub-account; the alias is generated when left out."""
    raw = body.model_dump(exclude={"share_parent_networks", "billing_responsibility"})
    new = validate_new_account(
        {**raw, "parent_alias": alias},
        share_parent_networks=body.share_parent_networks,
        billing_responsibility=str(body.billing_responsibility),
    )
    account = await run_in_threadpool(accounts.create_account, rt, actor, new)
    response.headers["Location"] = f"/api/accounts/{account.alias}"
    return _tagged(response, account)


@router.patch("/accounts/{alias}", operation_id="updateAccount")
async def update_account(
    *,
    alias: str,
    body: AccountPatch,
    response: Response,
    actor: Caller,
    rt: RuntimeDep,
    if_match: IfMatch = None,
) -> AccountOut:
    """Change an account's details; ``If-Match`` as for users."""
    sent = body.model_dump(exclude_unset=True)
    share = sent.pop("share_parent_networks", None)
    patch = account_requests.AccountPatch(sent=sent, share_parent_networks=share)
    account = await run_in_threadpool(
        accounts.patch_account, rt, actor, alias, patch, expected_version=expected_version(if_match)
    )
    return _tagged(response, account)


async def _status(
    rt: Runtime, actor: Actor, alias: str, change: StatusChange, if_match: str | None
) -> Account:
    account, _ = await run_in_threadpool(
        lambda: accounts.change_account_status(
            rt, actor, alias, change, expected_version=expected_version(if_match)
        )
    )
    return account


@router.post("/accounts/{alias}/suspend", operation_id="suspendAccount")
async def suspend_account(
    alias: str, response: Response, actor: Caller, rt: RuntimeDep, if_match: IfMatch = None
) -> AccountOut:
    """Suspend a sub-account: its API users and those below cannot log on, their sessions
    and tokens end; nothing is deleted."""
    account = await _status(rt, actor, alias, StatusChange.SUSPEND, if_match)
    return _tagged(response, account)


@router.post("/accounts/{alias}/enable", operation_id="enableAccount")
async def enable_account(
    alias: str, response: Response, actor: Caller, rt: RuntimeDep, if_match: IfMatch = None
) -> AccountOut:
    """Put a suspended sub-account back in service."""
    account = await _status(rt, actor, alias, StatusChange.ENABLE, if_match)
    return _tagged(response, account)
