"""``chamberlain api-users``: v1 API users, on the database (as the operator, over the
whole tree) or on a server (as the logged-in caller, through the SDK). The target is
chosen as ``cli/target.py`` says; on the database every command prints what it always
printed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import click

from chamberlain.cli.common import operator, print_credentials, runtime
from chamberlain.cli.output import (
    chosen,
    emit_changed,
    emit_one,
    emit_rows,
    field_names,
    output_options,
    record,
)
from chamberlain.cli.remote import TARGET_EPILOG, connect, dual_options, local_json, target_of
from chamberlain.cli.remote_accounts import caller_account
from chamberlain.cli.role_option import ROLE
from chamberlain.cli.target import DatabaseTarget, ServerTarget
from chamberlain.client import ApiUser as RemoteApiUser
from chamberlain.client import NewApiUser
from chamberlain.domain.api_users import ApiUser
from chamberlain.services import api_users as service

_COLUMNS = (
    ("API KEY", "api_key"), ("ACCOUNT", "account_alias"), ("CREATED", "created_at"),
    ("LAST USED", "last_used_at"), ("STATE", "state"), ("RETIRES", "retires_at"),
)  # fmt: skip


@click.group("api-users")
def api_users() -> None:
    """Manage v1 API users (keys and passwords), on the database or on a server.

    \b
    Examples:
      chamberlain api-users list
      chamberlain api-users create --account ABCD
    """


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _print_new(new: NewApiUser, fmt: str, heading: str) -> None:
    """A new key from a server: as ``print_credentials`` words it, or the SDK model."""
    if fmt != "table":
        emit_one(record(new), fmt)
        return
    click.echo(heading)
    click.echo(f"  Account alias: {new.account_alias}")
    click.echo(f"  API key:       {new.api_key}")
    click.echo(f"  Password:      {new.password}")
    click.echo("Store the password now: it is shown only this once.")


def _server_or_local(
    database_url: str | None, profile: str | None, url: str | None
) -> ServerTarget | str:
    """The server to call, or the URL of the database to open."""
    target = target_of(database_url, profile, url)
    return target.url if isinstance(target, DatabaseTarget) else target


@api_users.command("create", epilog=TARGET_EPILOG)
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@click.option(
    "--role",
    "roles",
    type=ROLE,
    multiple=True,
    help="Hold only this role's permissions (id or name); repeat for more. Without: the "
    "caller's own (every permission, locally).",
)
@dual_options
@output_options
def create(
    *,
    account_alias: str,
    roles: tuple[int, ...],
    database_url: str | None,
    profile: str | None,
    url: str | None,
    output: str,
    as_json: bool,
) -> None:
    """Create an API user in an account; its key and password are printed once.

    \b
    Examples:
      chamberlain api-users create --account ABCD --json
      chamberlain api-users create --account ABCD --role "Server Operator" --profile prod
    """
    target = _server_or_local(database_url, profile, url)
    chosen_roles = list(roles) or None
    if isinstance(target, str):
        as_json = local_json(output, as_json)
        with runtime(target) as rt:
            issued = service.create_api_user(rt, operator(), account_alias, roles=chosen_roles)
        print_credentials(issued, as_json=as_json, heading="Created API user.")
        return
    with connect(target) as api:
        new = api.api_users.create(account_alias, roles=chosen_roles)
    _print_new(new, chosen(output, as_json), "Created API user.")


@api_users.command("list", epilog=TARGET_EPILOG)
@click.option("--account", "account_alias", help="Only this account and its sub-accounts.")
@dual_options
@output_options
def list_(
    *,
    account_alias: str | None,
    database_url: str | None,
    profile: str | None,
    url: str | None,
    output: str,
    as_json: bool,
) -> None:
    """List API users: key, account, created, last used, state. Never a secret. On a
    server, without --account: those of your own account and below.

    \b
    Examples:
      chamberlain api-users list --account ABCD
      chamberlain api-users list --profile prod --output csv
    """
    target = _server_or_local(database_url, profile, url)
    if isinstance(target, str):
        _list_local(account_alias, target, local_json(output, as_json))
        return
    with connect(target) as api:
        found = api.api_users.list(caller_account(api, account_alias))
    emit_rows(
        [record(a) for a in found],
        chosen(output, as_json),
        fields=field_names(RemoteApiUser),
        columns=_COLUMNS,
    )


def _list_local(account_alias: str | None, database_url: str, as_json: bool) -> None:
    with runtime(database_url) as rt:
        found = service.list_api_users(rt, operator(), account_alias)
        now = rt.clock()
    rows = [_row(api_user, now) for api_user in found]
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{'API KEY':32}  {'ACCOUNT':7}  {'CREATED':25}  {'LAST USED':25}  STATE")
    for row in rows:
        click.echo(
            f"{row['APIKey']:32}  {row['AccountAlias']:7}  {row['Created']:25}  "
            f"{row['LastUsed'] or '-':25}  {row['State']}"
        )


def _row(api_user: ApiUser, now: datetime) -> dict[str, str | None]:
    state = api_user.state(now).value
    if api_user.retires_at is not None and api_user.may_log_on(now):
        state = f"{state} until {_when(api_user.retires_at)}"
    return {
        "APIKey": api_user.api_key,
        "AccountAlias": api_user.account_alias,
        "Created": _when(api_user.created_at),
        "LastUsed": _when(api_user.last_used_at),
        "State": state,
    }


def _set_enabled(
    api_key: str, target: ServerTarget | str, *, enabled: bool, output: str, as_json: bool
) -> None:
    done = f"{'Enabled' if enabled else 'Disabled'} {api_key}."
    if isinstance(target, str):
        with runtime(target) as rt:
            service.set_api_user_enabled(rt, operator(), api_key, enabled=enabled)
        click.echo(done)
        return
    with connect(target) as api:
        changed = api.api_users.enable(api_key) if enabled else api.api_users.disable(api_key)
    emit_changed(record(changed), chosen(output, as_json), done)


@api_users.command("disable", epilog=TARGET_EPILOG)
@click.argument("api_key")
@dual_options
@output_options
def disable(
    *,
    api_key: str,
    database_url: str | None,
    profile: str | None,
    url: str | None,
    output: str,
    as_json: bool,
) -> None:
    """Stop a key from logging on and end its sessions now.

    \b
    Examples:
      chamberlain api-users disable 0123456789abcdef0123456789abcdef
    """
    target = _server_or_local(database_url, profile, url)
    _set_enabled(api_key, target, enabled=False, output=output, as_json=as_json)


@api_users.command("enable", epilog=TARGET_EPILOG)
@click.argument("api_key")
@dual_options
@output_options
def enable(
    *,
    api_key: str,
    database_url: str | None,
    profile: str | None,
    url: str | None,
    output: str,
    as_json: bool,
) -> None:
    """Let a disabled key log on again.

    \b
    Examples:
      chamberlain api-users enable 0123456789abcdef0123456789abcdef
    """
    target = _server_or_local(database_url, profile, url)
    _set_enabled(api_key, target, enabled=True, output=output, as_json=as_json)


@api_users.command("delete", epilog=TARGET_EPILOG)
@click.argument("api_key")
@dual_options
def delete(*, api_key: str, database_url: str | None, profile: str | None, url: str | None) -> None:
    """Delete a key now; its sessions end at once.

    \b
    Examples:
      chamberlain api-users delete 0123456789abcdef0123456789abcdef
    """
    target = _server_or_local(database_url, profile, url)
    if isinstance(target, str):
        with runtime(target) as rt:
            service.delete_api_user(rt, operator(), api_key)
    else:
        with connect(target) as api:
            api.api_users.delete(api_key)
    click.echo(f"Deleted {api_key}.")


@api_users.command("rotate", epilog=TARGET_EPILOG)
@click.argument("api_key")
@click.option(
    "--grace-hours",
    type=click.FloatRange(min=0),
    default=24.0,
    show_default=True,
    help="How long the old key keeps working.",
)
@dual_options
@output_options
def rotate(
    *,
    api_key: str,
    grace_hours: float,
    database_url: str | None,
    profile: str | None,
    url: str | None,
    output: str,
    as_json: bool,
) -> None:
    """Issue a new key and password for the same account; the old key keeps working for
    the grace period, so scripts can switch without a gap.

    \b
    Examples:
      chamberlain api-users rotate 0123456789abcdef0123456789abcdef --grace-hours 48
    """
    target = _server_or_local(database_url, profile, url)
    if isinstance(target, str):
        as_json = local_json(output, as_json)
        with runtime(target) as rt:
            issued = service.rotate_api_user(rt, operator(), api_key, timedelta(hours=grace_hours))
            until = rt.clock() + timedelta(hours=grace_hours)
        heading = f"Rotated: {api_key} keeps working until {_when(until)}."
        print_credentials(issued, as_json=as_json, heading=heading)
        return
    with connect(target) as api:
        new = api.api_users.rotate(api_key, grace_hours=grace_hours)
    until = datetime.now(UTC) + timedelta(hours=grace_hours)
    _print_new(
        new,
        chosen(output, as_json),
        f"Rotated: {api_key} keeps working until {_when(until)} at most.",
    )
