"""``/api/accounts/{alias}`` and its child accounts."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep, etag
from chamberlain.api.rest.schemas import COMMON_PROBLEMS, AccountOut, Strict, problem_responses
from chamberlain.domain.account_requests import validate_new_account
from chamberlain.domain.accounts import Account
from chamberlain.services import accounts

router = APIRouter(responses={**COMMON_PROBLEMS, **problem_responses(409, 412)}, tags=["accounts"])


class AccountIn(Strict):
    """A sub-account to create below the account in the path."""

    alias: str | None = Field(default=None, max_length=16)
    location: str = Field(min_length=1, max_length=16)
    business_name: str = Field(min_length=1, max_length=1024)
    address1: str = Field(min_length=1, max_length=1024)
    address2: str | None = Field(default=None, max_length=1024)
    city: str = Field(min_length=1, max_length=1024)
    state_province: str = Field(min_length=1, max_length=1024)
    postal_code: str = Field(min_length=1, max_length=1024)
    country: str = Field(min_length=1, max_length=1024)
    telephone: str = Field(min_length=1, max_length=1024)
    fax: str | None = Field(default=None, max_length=1024)
    time_zone: str | None = Field(default=None, max_length=1024)
    share_parent_networks: bool = False
    billing_responsibility: int = Field(default=1, ge=1, le=2)


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
