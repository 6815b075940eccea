"""``chamberlain users``: the group, and ``set-password``, which only an operator does
(on the database). The commands that work on a server are in ``remote_users.py`` and
``transfer.py``."""

from __future__ import annotations

import click

from chamberlain.cli.common import database_url_option, operator, read_password, runtime


@click.group("users")
def users() -> None:
    """Manage person-users: on a server (list, show, create, ...), and their passwords on
    the database (set-password).

    \b
    Examples:
      chamberlain users list --account ACME
      chamberlain users set-password jdoe
    """


@users.command("set-password")
@click.argument("user_name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input.",
)
@database_url_option
def set_password(user_name: str, password_stdin: bool, database_url: str) -> None:
    """Set a person-user's password (prompted, or read from stdin; never an argument).

    Existing v2 bearer tokens of the user stop working.

    \b
    Examples:
      chamberlain users set-password jdoe
      printf '%s\\n' "$PASSWORD" | chamberlain users set-password jdoe --password-stdin
    """
    from chamberlain.services import person_auth

    password = read_password(from_stdin=password_stdin, prompt="New password", confirm=True)
    with runtime(database_url) as rt:
        person_auth.set_password(rt, operator(), user_name, password)
    click.echo(f"Password set for {user_name}.")
