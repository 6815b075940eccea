"""``chamberlain api-users``: v1 API users, on the database (as the operator, over the
whole tree) or on a server (as the logged-in caller, through the SDK). The target is
chosen as ``cli/target.py`` says; either way a command prints the SDK's models (the
REST API's snake_case fields), so a script reads the same answer from both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from chamberlain.cli.common import print_new_key
from chamberlain.cli.dual import api_user_model, new_api_user_model, on_target
from chamberlain.cli.output import (
    emit_changed,
    emit_one,
    emit_rows,
    field_names,
    output_options,
    record,
)
from chamberlain.cli.remote import TARGET_EPILOG, dual_options
from chamberlain.cli.remote_accounts import caller_account
from chamberlain.cli.role_option import ROLE
from chamberlain.cli.target import Target
from chamberlain.client import ApiUser, NewApiUser

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


def _print_new(new: NewApiUser, fmt: str, heading: str) -> None:
    """A new key and its password: ``heading`` and one line each for people (table), the
    SDK model for scripts."""
    if fmt != "table":
        emit_one(record(new), fmt)
        return
    print_new_key(new.account_alias, new.api_key, new.password, heading=heading)


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
def create(*, account_alias: str, roles: tuple[int, ...], target: Target, fmt: str) -> None:
    """Create an API user in an account; its key and password are printed once.

    \b
    Examples:
      chamberlain api-users create --account ABCD --json
      chamberlain api-users create --account ABCD --role "Server Operator" --profile prod
    """
    from chamberlain.services import api_users as service

    chosen_roles = list(roles) or None
    new = on_target(
        target,
        local=lambda rt, actor: new_api_user_model(
            service.create_api_user(rt, actor, account_alias, roles=chosen_roles), rt.clock()
        ),
        remote=lambda api: api.api_users.create(account_alias, roles=chosen_roles),
    )
    _print_new(new, fmt, "Created API user.")


@api_users.command("list", epilog=TARGET_EPILOG)
@click.option("--account", "account_alias", help="Only this account and its sub-accounts.")
@dual_options
@output_options
def list_(*, account_alias: str | None, target: Target, fmt: str) -> None:
    """List API users: key, account, created, last used, state, when a rotated key
    retires. Never a secret. Without --account: every one on the database; on a server,
    those of your own account and below.

    \b
    Examples:
      chamberlain api-users list --account ABCD
      chamberlain api-users list --profile prod --output csv
    """
    from chamberlain.services import api_users as service

    found = on_target(
        target,
        local=lambda rt, actor: [
            api_user_model(api_user, rt.clock())
            for api_user in service.list_api_users(rt, actor, account_alias)
        ],
        remote=lambda api: api.api_users.list(caller_account(api, account_alias)),
    )
    emit_rows(
        [record(a) for a in found],
        fmt,
        fields=field_names(ApiUser),
        columns=_COLUMNS,
    )


def _enabled_command(*, enabled: bool, summary: str) -> click.Command:
    """``disable`` or ``enable``: the same shape, the other switch."""
    name = "enable" if enabled else "disable"

    @api_users.command(
        name,
        epilog=TARGET_EPILOG,
        help=f"""{summary}

    \b
    Examples:
      chamberlain api-users {name} 0123456789abcdef0123456789abcdef
    """,
    )
    @click.argument("api_key")
    @dual_options
    @output_options
    def change(*, api_key: str, target: Target, fmt: str) -> None:
        from chamberlain.services import api_users as service

        changed = on_target(
            target,
            local=lambda rt, actor: api_user_model(
                service.set_api_user_enabled(rt, actor, api_key, enabled=enabled), rt.clock()
            ),
            remote=lambda api: (api.api_users.enable if enabled else api.api_users.disable)(
                api_key
            ),
        )
        done = f"{'Enabled' if enabled else 'Disabled'} {changed.api_key}."
        emit_changed(record(changed), fmt, done)

    return change


disable = _enabled_command(
    enabled=False, summary="Stop a key from logging on and end its sessions now."
)
enable = _enabled_command(enabled=True, summary="Let a disabled key log on again.")


@api_users.command("delete", epilog=TARGET_EPILOG)
@click.argument("api_key")
@dual_options
def delete(*, api_key: str, target: Target) -> None:
    """Delete a key now; its sessions end at once.

    \b
    Examples:
      chamberlain api-users delete 0123456789abcdef0123456789abcdef
    """
    from chamberlain.services import api_users as service

    on_target(
        target,
        local=lambda rt, actor: service.delete_api_user(rt, actor, api_key),
        remote=lambda api: api.api_users.delete(api_key),
    )
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
def rotate(*, api_key: str, grace_hours: float, target: Target, fmt: str) -> None:
    """Issue a new key and password for the same account; the old key keeps working for
    the grace period (never longer than an earlier rotation set), so scripts can switch
    without a gap.

    \b
    Examples:
      chamberlain api-users rotate 0123456789abcdef0123456789abcdef --grace-hours 48
    """
    from chamberlain.services import api_users as service

    grace = timedelta(hours=grace_hours)
    new = on_target(
        target,
        local=lambda rt, actor: new_api_user_model(
            service.rotate_api_user(rt, actor, api_key, grace), rt.clock()
        ),
        remote=lambda api: api.api_users.rotate(api_key, grace_hours=grace_hours),
    )
    until = (datetime.now(UTC) + grace).isoformat(timespec="seconds")
    heading = f"Rotated: {api_key} keeps working until {until} at most."
    _print_new(new, fmt, heading)
