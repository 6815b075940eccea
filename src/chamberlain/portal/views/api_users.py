"""API users: list with last use, create and rotate (secrets shown once, after a recent
password entry), disable, enable, delete."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

from chamberlain.domain.permissions import Permission
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.web import Visit, signed_in
from chamberlain.services import accounts, api_users
from chamberlain.services.api_users import IssuedCredentials


def list_url(alias: str) -> str:
    """The API users of an account (``alias`` may come from a form: kept to one segment)."""
    return f"/portal/accounts/{quote(alias, safe='')}/api-users"


async def _listing(
    visit: Visit, alias: str, *, problem: str | None = None, status: int = 200
) -> Response:
    actor = visit.who.actor
    account = await visit.call(accounts.get_account, visit.rt, actor, alias)
    keys = await visit.call(api_users.list_api_users, visit.rt, actor, account.alias)
    return visit.page(
        "api_users.html",
        account=account,
        keys=keys,
        now=visit.rt.clock(),
        problem=problem,
        status=status,
    )


def _issued(visit: Visit, issued: IssuedCredentials, *, rotated: bool) -> Response:
    return visit.page("api_user_secret.html", issued=issued, rotated=rotated)


@signed_in
async def listing(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}/api-users``; ``POST`` creates one."""
    alias = str(visit.request.path_params["alias"])
    if visit.form is None:
        return await _listing(visit, alias)
    if not await visit.reauthenticated():
        return await _listing(visit, alias, problem=messages.REAUTH_REFUSED, status=400)
    issued = await visit.call(api_users.create_api_user, visit.rt, visit.who.actor, alias)
    return _issued(visit, issued, rotated=False)


def _key_and_back(visit: Visit) -> tuple[str, str]:
    """The key in the path and the account whose list to go back to."""
    back = visit.text("account") or visit.who.user.account_alias
    return str(visit.request.path_params["key"]), back


def _confirm(
    visit: Visit, action: str, *, problem: str | None = None, status: int = 200
) -> Response:
    visit.require(Permission.API_USERS_MANAGE)
    key, back = _key_and_back(visit)
    return visit.page(
        "confirm_api_user.html",
        key=key,
        action=action,
        back=back,
        needs_password=not visit.who.recently_authenticated,
        problem=problem,
        status=status,
    )


@signed_in
async def set_enabled(visit: Visit) -> Response:
    """``POST /portal/api-users/{key}/enabled`` (``enabled`` = yes/no): enable or disable."""
    key, _back = _key_and_back(visit)
    enable = visit.text("enabled") == "yes"
    changed = await visit.call(
        api_users.set_api_user_enabled, visit.rt, visit.who.actor, key, enable
    )
    done = "api_user_enabled" if enable else "api_user_disabled"
    return redirect(f"{list_url(changed.account_alias)}?done={done}")


@signed_in
async def delete(visit: Visit) -> Response:
    """``GET /portal/api-users/{key}/delete`` asks; ``POST`` deletes the key."""
    if visit.form is None:
        return _confirm(visit, "delete")
    key, back = _key_and_back(visit)
    await visit.call(api_users.delete_api_user, visit.rt, visit.who.actor, key)
    return redirect(f"{list_url(back)}?done=api_user_deleted")


@signed_in
async def rotate(visit: Visit) -> Response:
    """``GET /portal/api-users/{key}/rotate`` asks (and for the password, when not entered
    recently); ``POST`` issues the new key and shows it once."""
    if visit.form is None:
        return _confirm(visit, "rotate")
    if not await visit.reauthenticated():
        return _confirm(visit, "rotate", problem=messages.REAUTH_REFUSED, status=400)
    key, _back = _key_and_back(visit)
    issued = await visit.call(api_users.rotate_api_user, visit.rt, visit.who.actor, key)
    return _issued(visit, issued, rotated=True)
