"""Accounts: the person's account and its tree, sub-accounts, details, suspend/enable."""

from __future__ import annotations

from starlette.responses import Response

from chamberlain.domain.account_requests import validate_account_update, validate_new_account
from chamberlain.domain.accounts import Account
from chamberlain.domain.permissions import Permission
from chamberlain.domain.timezones import TIME_ZONE_IDS
from chamberlain.errors import ChamberlainError
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.views.sign_in import account_home
from chamberlain.portal.web import FormValues, Visit, signed_in
from chamberlain.services import accounts
from chamberlain.services.accounts import StatusChange

CONTACT_FIELDS = (
    "address1",
    "address2",
    "city",
    "state_province",
    "postal_code",
    "country",
    "telephone",
    "fax",
)
TIME_ZONE_OPTIONS = [(zone, zone) for zone in sorted(TIME_ZONE_IDS)]
_STATUS_DONE = {StatusChange.SUSPEND: "account_suspended", StatusChange.ENABLE: "account_enabled"}


def _alias(visit: Visit) -> str:
    return str(visit.request.path_params["alias"])


def depth_of(account: Account, top: Account) -> int:
    """How far below ``top`` the account sits (for indenting the tree)."""
    return account.path.count("/") - top.path.count("/")


@signed_in
async def overview(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}``: one account, with the person's whole tree."""
    actor = visit.who.actor
    account = await visit.call(accounts.get_account, visit.rt, actor, _alias(visit))
    tree = await visit.call(accounts.list_accounts, visit.rt, actor, None)
    return visit.page("account.html", account=account, tree=tree, top=tree[0], depth_of=depth_of)


def _form_values(visit: Visit, account: Account | None) -> FormValues:
    """What the details form shows: what was posted, else the account's values."""
    if visit.form is not None:
        return visit.texts(
            ("business_name", "time_zone", "alias", "location", "billing", *CONTACT_FIELDS)
        )
    if account is None:
        return FormValues(billing="1")
    return FormValues(
        business_name=account.business_name,
        time_zone=account.time_zone,
        **{name: getattr(account.contact, name) for name in CONTACT_FIELDS},
    )


def _details_page(
    visit: Visit, account: Account, *, new: bool, problem: str | None = None, status: int = 200
) -> Response:
    return visit.page(
        "account_form.html",
        account=account,
        new=new,
        values=_form_values(visit, None if new else account),
        share=visit.checked("share_parent_networks")
        if visit.form
        else (False if new else account.share_parent_networks),
        time_zones=TIME_ZONE_OPTIONS,
        locations=[
            (loc.alias, f"{loc.alias} · {loc.region}") for loc in visit.rt.settings.locations
        ],
        problem=problem,
        status=status,
    )


@signed_in
async def edit(visit: Visit) -> Response:
    """``GET/POST /portal/accounts/{alias}/edit``: the account's details."""
    actor = visit.who.actor
    account = await visit.call(accounts.get_account, visit.rt, actor, _alias(visit))
    if visit.form is None:
        visit.require(Permission.ACCOUNTS_MANAGE)
        return _details_page(visit, account, new=False)
    raw = {
        **visit.texts(("business_name", "time_zone", *CONTACT_FIELDS)),
        "account_alias": account.alias,
    }
    try:
        change = validate_account_update(
            raw, share_parent_networks=visit.checked("share_parent_networks")
        )
        await visit.call(accounts.update_account, visit.rt, actor, change)
    except ChamberlainError as exc:
        return _details_page(
            visit, account, new=False, problem=messages.message_for(exc), status=400
        )
    return redirect(account_home(account.alias) + "?done=account_updated")


@signed_in
async def new_sub_account(visit: Visit) -> Response:
    """``GET/POST /portal/accounts/{alias}/new``: a sub-account below this one."""
    actor = visit.who.actor
    parent = await visit.call(accounts.get_account, visit.rt, actor, _alias(visit))
    if visit.form is None:
        visit.require(Permission.ACCOUNTS_MANAGE)
        return _details_page(visit, parent, new=True)
    raw = {
        **visit.texts(("business_name", "time_zone", "alias", "location", *CONTACT_FIELDS)),
        "parent_alias": parent.alias,
    }
    try:
        new = validate_new_account(
            raw,
            share_parent_networks=visit.checked("share_parent_networks"),
            billing_responsibility=visit.text("billing"),
        )
        created = await visit.call(accounts.create_account, visit.rt, actor, new)
    except ChamberlainError as exc:
        return _details_page(visit, parent, new=True, problem=messages.message_for(exc), status=400)
    return redirect(account_home(created.alias) + "?done=account_created")


@signed_in
async def status(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}/status?action=suspend|enable`` asks for confirmation;
    ``POST`` makes the change."""
    actor = visit.who.actor
    account = await visit.call(accounts.get_account, visit.rt, actor, _alias(visit))
    try:
        change = StatusChange(visit.text("action") or "")
    except ValueError:
        return redirect(account_home(account.alias))
    if visit.form is None:
        visit.require(Permission.ACCOUNTS_MANAGE)
        return visit.page("confirm_account.html", account=account, change=change.value)
    await visit.call(accounts.change_account_status, visit.rt, actor, account.alias, change)
    return redirect(account_home(account.alias) + "?done=" + _STATUS_DONE[change])
