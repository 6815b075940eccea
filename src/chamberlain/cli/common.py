"""What every CLI command shares: options, the runtime, the operator actor, output."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from chamberlain.domain.audit import Actor, operator_actor
from chamberlain.errors import ChamberlainError
from chamberlain.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings

if TYPE_CHECKING:  # the database stack is imported by the commands that open one
    from chamberlain.services.api_users import IssuedCredentials
    from chamberlain.services.runtime import Runtime

database_url_option = click.option(
    "--database-url",
    envvar="CHAMBERLAIN_DATABASE_URL",
    default=DEFAULT_DATABASE_URL,
    show_default=True,
    help="SQLAlchemy URL; postgresql://... uses psycopg 3. Env: CHAMBERLAIN_DATABASE_URL.",
)
json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object instead of text."
)


def operator() -> Actor:
    """The person at the terminal, acting on the whole tree."""
    return operator_actor(getpass.getuser())


def safe_url(database_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(database_url).render_as_string(hide_password=True)


@contextmanager
def runtime(database_url: str) -> Iterator[Runtime]:
    """A runtime on ``database_url``; domain and database errors become CLI errors."""
    from sqlalchemy.exc import SQLAlchemyError

    from chamberlain.services.runtime import Runtime

    try:
        settings = replace(load_settings(), database_url=database_url)
        runtime = Runtime.from_settings(settings)
    except (SettingsError, SQLAlchemyError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield runtime
    except ChamberlainError as exc:
        what = exc.code.replace("_", " ").capitalize()
        raise click.ClickException(f"{what}: {exc.detail}" if exc.detail else what) from exc
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"database error on {safe_url(database_url)}: {type(exc).__name__}"
        ) from exc
    finally:
        runtime.close()


def print_new_key(account_alias: str, api_key: str, password: str, *, heading: str) -> None:
    """A new API key and its password for people: ``heading``, one line each, and the
    warning that the password is shown only this once."""
    click.echo(heading)
    click.echo(f"  Account alias: {account_alias}")
    click.echo(f"  API key:       {api_key}")
    click.echo(f"  Password:      {password}")
    click.echo("Store the password now: it is shown only this once.")


def print_credentials(issued: IssuedCredentials, *, as_json: bool, heading: str) -> None:
    """What ``init`` prints: as ``print_new_key``, or with ``as_json`` one object with the
    documented keys ``AccountAlias``, ``APIKey`` and ``Password`` (README, docs/cli.md)."""
    api_user = issued.api_user
    if as_json:
        document = {
            "AccountAlias": api_user.account_alias,
            "APIKey": api_user.api_key,
            "Password": issued.password,
        }
        click.echo(json.dumps(document))
        return
    print_new_key(api_user.account_alias, api_user.api_key, issued.password, heading=heading)


def read_password(*, from_stdin: bool, prompt: str, confirm: bool) -> str:
    """A password from the first line of stdin (with ``from_stdin``, or when stdin is not a
    terminal), else prompted without echo; never from the command line."""
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    return value
