"""``chamberlain users list|show|create|update|suspend|unsuspend|delete|invite``: person-users
on a server, through the SDK (``users set-password`` is local, in ``cli/users.py``)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from chamberlain.cli.output import (
    emit_changed,
    emit_rows,
    field_names,
    record,
)
from chamberlain.cli.remote import (
    connect,
    object_command,
    remote_options,
    server_of,
    server_options,
)
from chamberlain.cli.role_option import ROLE
from chamberlain.client import User

if TYPE_CHECKING:
    from chamberlain.client import NewUser, UserChanges, UserFilters

F = TypeVar("F", bound=Callable[..., Any])

# A user's optional text fields: option help by field.
OPTIONAL_TEXT = {
    "alternate_email": "A second e-mail address.",
    "title": "Job title.",
    "office_number": "Office telephone number.",
    "mobile_number": "Mobile telephone number.",
    "fax_number": "Fax number.",
    "saml_user_name": "The user's name at the SAML identity provider.",
    "time_zone_id": "Time zone, e.g. Pacific Standard Time (default: the account's).",
}
_COLUMNS = (
    ("USER", "user_name"), ("ACCOUNT", "account_alias"), ("EMAIL", "email"),
    ("FIRST NAME", "first_name"), ("LAST NAME", "last_name"), ("STATUS", "status"),
    ("ROLES", "roles"),
)  # fmt: skip


def _field_options(command: F) -> F:
    """The optional fields of a user, as options (``--title``, ``--role``, ...)."""
    command = click.option(
        "--role",
        "roles",
        type=ROLE,
        multiple=True,
        help='A role, by id or name ("9", "Account Administrator"); repeat for more.',
    )(command)
    command = click.option(
        "--allow-sms/--no-allow-sms", default=None, help="Whether the user takes SMS."
    )(command)
    for name, text in reversed(OPTIONAL_TEXT.items()):
        command = click.option(f"--{name.replace('_', '-')}", name, help=text)(command)
    return command


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields given on the command line (a repeatable option given never is ())."""
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in fields.items()
        if v is not None and v != ()
    }


@click.command("list")
@click.option("--account", "alias", required=True, help="Alias of the account.")
@click.option("--status", type=click.Choice(["Active", "Disabled"]), help="Only these users.")
@click.option("--role", type=ROLE, help="Only users holding this role (id or name).")
@click.option("--email", help="Only the user with this e-mail address (any case).")
@click.option("--user-name", help="Only the user with this name (any case).")
@click.option("--name-prefix", help="Only users whose first or last name starts so.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many users.")
@remote_options
def list_users(
    *, alias: str, limit: int | None, fmt: str, profile: str | None, url: str | None, **filters: Any
) -> None:
    """List an account's users (oldest first), matching every filter given.

    \b
    Examples:
      chamberlain users list --account ACME --status Active --role 12
      chamberlain users list --account ACME --output csv > users.csv
    """
    wanted = cast("UserFilters", _given(filters))
    with connect(server_of(profile, url)) as api:
        pager = api.users.list(alias, page_size=min(limit or 1000, 1000), **wanted)
        users = list(islice(pager, limit))
    emit_rows(
        [record(u) for u in users],
        fmt,
        fields=field_names(User),
        columns=_COLUMNS,
    )


show_user = object_command(
    "show",
    argument="user_name",
    summary="Show one user of your account tree (the name in any case).",
    example="chamberlain users show jdoe",
    call=lambda api, name: api.users.get(name),
)


@click.command("create")
@click.option("--account", "alias", required=True, help="Alias of the account.")
@click.option("--user-name", required=True, help="The new user's name (never reused).")
@click.option("--email", required=True, help="E-mail address.")
@click.option("--first-name", required=True, help="First name.")
@click.option("--last-name", required=True, help="Last name.")
@_field_options
@remote_options
def create_user(
    *, alias: str, fmt: str, profile: str | None, url: str | None, **fields: Any
) -> None:
    """Create a person-user in an account.

    \b
    Examples:
      chamberlain users create --account ACME --user-name jdoe --email jdoe@example.com \\
        --first-name Jane --last-name Doe --role "Network Manager" --role 14
    """
    with connect(server_of(profile, url)) as api:
        user = api.users.create(alias, **cast("NewUser", _given(fields)))
    message = f"Created {user.user_name} in {user.account_alias}."
    emit_changed(record(user), fmt, message)


@click.command("update")
@click.argument("user_name")
@click.option("--email", help="E-mail address.")
@click.option("--first-name", help="First name.")
@click.option("--last-name", help="Last name.")
@_field_options
@click.option(
    "--clear",
    "cleared",
    multiple=True,
    type=click.Choice([*OPTIONAL_TEXT, "roles"]),
    help="Empty an optional field (repeat for more); `roles` removes every role.",
)
@remote_options
def update_user(
    *,
    user_name: str,
    cleared: tuple[str, ...],
    fmt: str,
    profile: str | None,
    url: str | None,
    **fields: Any,
) -> None:
    """Change fields of a user; fields not given keep their values, and `--role`
    replaces the whole set of roles.

    \b
    Examples:
      chamberlain users update jdoe --title CTO --role 9
      chamberlain users update jdoe --clear mobile_number
    """
    changes = {**_given(fields), **{name: [] if name == "roles" else None for name in cleared}}
    if not changes:
        raise click.UsageError("nothing to change: give a field option or --clear")
    with connect(server_of(profile, url)) as api:
        user = api.users.update(user_name, **cast("UserChanges", changes))
    emit_changed(record(user), fmt, f"Updated {user.user_name}.")


suspend_user = object_command(
    "suspend",
    argument="user_name",
    summary="Suspend a user: the user can no longer log on (again: no change).",
    example="chamberlain users suspend jdoe",
    call=lambda api, name: api.users.suspend(name),
    said=lambda user: f"Suspended {user.user_name}.",
)
unsuspend_user = object_command(
    "unsuspend",
    argument="user_name",
    summary="Let a suspended user log on again.",
    example="chamberlain users unsuspend jdoe",
    call=lambda api, name: api.users.unsuspend(name),
    said=lambda user: f"Unsuspended {user.user_name}.",
)


@click.command("delete")
@click.argument("user_name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@server_options
def delete_user(*, user_name: str, yes: bool, profile: str | None, url: str | None) -> None:
    """Delete a user for good (the name is never used again). Asks first, unless --yes.

    \b
    Examples:
      chamberlain users delete jdoe
      chamberlain users delete jdoe --yes
    """
    with connect(server_of(profile, url)) as api:
        user = api.users.get(user_name)
        if not yes:
            click.confirm(
                f"Delete {user.user_name} of {user.account_alias} for good?", abort=True, err=True
            )
        api.users.delete(user)
    click.echo(f"Deleted {user.user_name}.")


invite_user = object_command(
    "invite",
    argument="user_name",
    summary="E-mail a user an invitation to choose a password and log on.",
    example="chamberlain users invite jdoe",
    call=lambda api, name: api.users.invite(name),
    said=lambda invitation: (
        f"Invited {invitation.user_name} at {invitation.email}; the link works until "
        f"{invitation.expires_at.isoformat(timespec='seconds')}."
    ),
)


COMMANDS = (
    list_users, show_user, create_user, update_user, suspend_user, unsuspend_user, delete_user,
    invite_user,
)  # fmt: skip
