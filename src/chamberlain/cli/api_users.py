"""``chamberlain api-users``: the operator's tools for v1 API users."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import click

from chamberlain.cli.common import (
    database_url_option,
    json_option,
    operator,
    print_credentials,
    runtime,
)
from chamberlain.domain.api_users import ApiUser
from chamberlain.services import api_users as service


@click.group("api-users")
def api_users() -> None:
    """Manage v1 API users (keys and passwords)."""


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


@api_users.command("create")
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@database_url_option
@json_option
def create(account_alias: str, database_url: str, as_json: bool) -> None:
    """Create an API user in any account; its key and password are printed once.

    \b
    Example:
      chamberlain api-users create --account ABCD --json
    """
    with runtime(database_url) as rt:
        issued = service.create_api_user(rt, operator(), account_alias)
    print_credentials(issued, as_json=as_json, heading="Created API user.")


@api_users.command("list")
@click.option("--account", "account_alias", help="Only this account and its sub-accounts.")
@database_url_option
@json_option
def list_(account_alias: str | None, database_url: str, as_json: bool) -> None:
    """List API users: key, account, created, last used, state. Never a secret.

    \b
    Example:
      chamberlain api-users list --account ABCD
    """
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


def _set_enabled(api_key: str, database_url: str, *, enabled: bool) -> None:
    with runtime(database_url) as rt:
        service.set_api_user_enabled(rt, operator(), api_key, enabled=enabled)
    click.echo(f"{'Enabled' if enabled else 'Disabled'} {api_key}.")


@api_users.command("disable")
@click.argument("api_key")
@database_url_option
def disable(api_key: str, database_url: str) -> None:
    """Stop a key from logging on and end its sessions now."""
    _set_enabled(api_key, database_url, enabled=False)


@api_users.command("enable")
@click.argument("api_key")
@database_url_option
def enable(api_key: str, database_url: str) -> None:
    """Let a disabled key log on again."""
    _set_enabled(api_key, database_url, enabled=True)


@api_users.command("delete")
@click.argument("api_key")
@database_url_option
def delete(api_key: str, database_url: str) -> None:
    """Delete a key now; its sessions end at once."""
    with runtime(database_url) as rt:
        service.delete_api_user(rt, operator(), api_key)
    click.echo(f"Deleted {api_key}.")


@api_users.command("rotate")
@click.argument("api_key")
@click.option(
    "--grace-hours",
    type=click.FloatRange(min=0),
    default=24.0,
    show_default=True,
    help="How long the old key keeps working.",
)
@database_url_option
@json_option
def rotate(api_key: str, grace_hours: float, database_url: str, as_json: bool) -> None:
    """Issue a new key and password for the same account; the old key keeps working for
    the grace period, so scripts can switch without a gap.

    \b
    Example:
      chamberlain api-users rotate 0123456789abcdef0123456789abcdef --grace-hours 48
    """
    with runtime(database_url) as rt:
        issued = service.rotate_api_user(rt, operator(), api_key, timedelta(hours=grace_hours))
        until = rt.clock() + timedelta(hours=grace_hours)
    print_credentials(
        issued,
        as_json=as_json,
        heading=f"Rotated: {api_key} keeps working until {_when(until)}.",
    )
