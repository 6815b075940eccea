"""Users: the listing (search, filters, keyset pages), create, edit, suspend, unsuspend,
delete, and resending an invitation."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response

from chamberlain.domain.permissions import Permission, grantable_roles
from chamberlain.domain.roles import ROLES_BY_ID
from chamberlain.domain.timezones import TIME_ZONE_IDS
from chamberlain.domain.users import (
    OPTIONAL_TEXT_FIELDS,
    LifecycleAction,
    User,
    UserFilters,
    UserStatus,
    validate_new_user,
    validate_user_update,
)
from chamberlain.errors import ChamberlainError
from chamberlain.portal import messages
from chamberlain.portal.rendering import redirect
from chamberlain.portal.web import FormValues, Visit, signed_in, whole_number
from chamberlain.services import accounts, user_links, users

PAGE_SIZE = 25
PROFILE_TEXT = ("email", "first_name", "last_name", *sorted(OPTIONAL_TEXT_FIELDS))
TIME_ZONE_OPTIONS = [(zone, zone) for zone in sorted(TIME_ZONE_IDS)]
_DONE = {
    LifecycleAction.SUSPEND: "user_suspended",
    LifecycleAction.UNSUSPEND: "user_unsuspended",
    LifecycleAction.DELETE: "user_deleted",
}


def user_url(user_name: str, page: str = "view", **extra: str) -> str:
    """The URL of a user's page (names may hold any character: they go in the query)."""
    return f"/portal/users/{page}?" + urlencode({"name": user_name, **extra})


def users_url(alias: str, **query: str) -> str:
    """The listing of an account's users."""
    filled = {key: value for key, value in query.items() if value}
    return f"/portal/accounts/{alias}/users" + (f"?{urlencode(filled)}" if filled else "")


def _filters(visit: Visit) -> tuple[UserFilters, dict[str, str]]:
    """The listing's filters from the query, and the query values to keep in links."""
    query = (visit.text("q") or "").strip()
    status = visit.text("status") or ""
    role = whole_number(visit.text("role"))
    filters = UserFilters(
        email=query if "@" in query else None,
        name_prefix=query if query and "@" not in query else None,
        status=UserStatus(status) if status in set(UserStatus) - {UserStatus.DELETED} else None,
        role=role if role in ROLES_BY_ID else None,
    )
    return filters, {"q": query, "status": status, "role": str(filters.role or "")}


@signed_in
async def listing(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}/users``: one page of the account's users."""
    actor = visit.who.actor
    account = await visit.call(
        accounts.get_account, visit.rt, actor, visit.request.path_params["alias"]
    )
    filters, kept = _filters(visit)
    after = whole_number(visit.text("after"))
    page = await visit.call(
        users.search_users,
        visit.rt,
        actor,
        account.alias,
        filters,
        after_id=after or 0,
        limit=PAGE_SIZE,
    )
    next_url = None
    if page.next_after is not None:
        next_url = users_url(account.alias, **kept, after=str(page.next_after))
    return visit.page(
        "users.html",
        account=account,
        page=page,
        kept=kept,
        next_url=next_url,
        first_url=users_url(account.alias, **kept) if after else None,
        user_url=user_url,
    )


@signed_in
async def view(visit: Visit) -> Response:
    """``GET /portal/users/view?name=``: one user and what the person may do to them."""
    user = await visit.call(
        users.get_user, visit.rt, visit.who.actor, None, visit.text("name") or ""
    )
    return visit.page("user.html", user=user, user_url=user_url, roles_by_id=ROLES_BY_ID)


def _values(visit: Visit, user: User | None) -> FormValues:
    if visit.form is not None:
        return visit.texts(("user_name", *PROFILE_TEXT))
    if user is None:
        return FormValues()
    profile = user.profile
    return FormValues(
        user_name=user.user_name, **{name: getattr(profile, name) for name in PROFILE_TEXT}
    )


def _form(
    visit: Visit, *, alias: str, user: User | None, problem: str | None = None, status: int = 200
) -> Response:
    actor = visit.who.actor
    if visit.form is not None:
        chosen = {role for v in visit.values("roles") if (role := whole_number(v)) is not None}
        sms = visit.checked("allow_sms")
    else:
        chosen = set(user.roles) if user else set()
        sms = user.profile.allow_sms if user else False
    own = user is not None and user.user_name == actor.label
    return visit.page(
        "user_form.html",
        alias=alias,
        user=user,
        values=_values(visit, user),
        chosen=chosen,
        allow_sms=sms,
        grantable=frozenset() if own else grantable_roles(actor),
        own=own,
        time_zones=TIME_ZONE_OPTIONS,
        problem=problem,
        status=status,
        user_url=user_url,
    )


def _optional(visit: Visit) -> dict[str, str | None]:
    return {name: visit.text(name) for name in OPTIONAL_TEXT_FIELDS}


@signed_in
async def create(visit: Visit) -> Response:
    """``GET/POST /portal/accounts/{alias}/users/new``: a user with every field and roles
    chosen by name."""
    actor = visit.who.actor
    account = await visit.call(
        accounts.get_account, visit.rt, actor, visit.request.path_params["alias"]
    )
    if visit.form is None:
        visit.require(Permission.USERS_MANAGE)
        return _form(visit, alias=account.alias, user=None)
    try:
        new = validate_new_user(
            user_name=visit.text("user_name"),
            account_alias=account.alias,
            email=visit.text("email"),
            first_name=visit.text("first_name"),
            last_name=visit.text("last_name"),
            optional=_optional(visit),
            allow_sms=visit.checked("allow_sms"),
            roles=visit.values("roles"),
        )
        user = await visit.call(users.create_user, visit.rt, actor, new)
    except ChamberlainError as exc:
        return _form(
            visit, alias=account.alias, user=None, problem=messages.message_for(exc), status=400
        )
    return redirect(user_url(user.user_name, done="user_created"))


@signed_in
async def edit(visit: Visit) -> Response:
    """``GET/POST /portal/users/edit?name=``: change a user's profile and roles."""
    actor = visit.who.actor
    user = await visit.call(
        users.get_user, visit.rt, actor, None, visit.request.query_params.get("name", "")
    )
    if visit.form is None:
        visit.require(Permission.USERS_MANAGE)
        return _form(visit, alias=user.account_alias, user=user)
    own = user.user_name == actor.label
    try:
        change = validate_user_update(
            user_name=user.user_name,
            email=visit.text("email"),
            first_name=visit.text("first_name"),
            last_name=visit.text("last_name"),
            optional=_optional(visit),
            allow_sms=visit.checked("allow_sms"),
            roles=None if own else visit.values("roles"),
        )
        await visit.call(
            users.update_user, visit.rt, actor, change=change, expected_version=_version(visit)
        )
    except ChamberlainError as exc:
        return _form(
            visit,
            alias=user.account_alias,
            user=user,
            problem=messages.message_for(exc),
            status=400,
        )
    return redirect(user_url(user.user_name, done="user_updated"))


def _version(visit: Visit) -> int | None:
    """The version the form was shown at: a change made meanwhile is not overwritten."""
    return whole_number(visit.text("version"))


@signed_in
async def confirm_delete(visit: Visit) -> Response:
    """``GET /portal/users/delete?name=``: asks before deleting."""
    user = await visit.call(
        users.get_user, visit.rt, visit.who.actor, None, visit.text("name") or ""
    )
    visit.require(Permission.USERS_MANAGE)
    return visit.page("confirm_user.html", user=user, user_url=user_url)


@signed_in
async def change_status(visit: Visit) -> Response:
    """``POST /portal/users/status``: suspend, unsuspend or delete (``name``, ``action``)."""
    try:
        action = LifecycleAction(visit.text("action") or "")
    except ValueError:
        return redirect("/")
    user = await visit.call(
        users.change_status, visit.rt, visit.who.actor, visit.text("name") or "", action
    )
    if action is LifecycleAction.DELETE:
        return redirect(users_url(user.account_alias) + "?done=user_deleted")
    return redirect(user_url(user.user_name, done=_DONE[action]))


@signed_in
async def invite(visit: Visit) -> Response:
    """``POST /portal/users/invite``: (re)send the user an invitation to set a password."""
    invitation = await visit.call(
        user_links.request_invitation, visit.rt, visit.who.actor, visit.text("name") or ""
    )
    return redirect(user_url(invitation.user_name, done="invitation_sent"))
