"""``chamberlain users``: person-user tasks only an operator does."""

from __future__ import annotations

import sys

import click

from chamberlain.cli.common import database_url_option, operator, runtime
from chamberlain.services import person_auth


@click.group("users")
def users() -> None:
    """Manage person-users."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    value: str = click.prompt("New password", hide_input=True, confirmation_prompt=True, err=True)
    return value


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
    password = _read_password(password_stdin)
    with runtime(database_url) as rt:
        person_auth.set_password(rt, operator(), user_name, password)
    click.echo(f"Password set for {user_name}.")
