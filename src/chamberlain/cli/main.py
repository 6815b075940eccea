"""The ``chamberlain`` command: server-side administration.

Exit codes: 0 success (also "already initialised"), 1 the operation failed (message on
stderr), 2 wrong usage.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import click
import uvicorn
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from chamberlain.cli.logging_config import LOG_CONFIG
from chamberlain.db.migrate import is_current, upgrade
from chamberlain.domain.audit import Actor, Face
from chamberlain.errors import AlreadyInitialised, ChamberlainError
from chamberlain.services.bootstrap import IssuedCredentials, create_api_user, initialise
from chamberlain.services.runtime import Runtime
from chamberlain.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings

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


def _operator() -> Actor:
    """The person at the terminal, acting on the whole tree."""
    return Actor(
        kind="operator",
        label=getpass.getuser(),
        account_alias=None,
        tree_path="/",
        face=Face.CLI,
    )


def _safe_url(database_url: str) -> str:
    return make_url(database_url).render_as_string(hide_password=True)


@contextmanager
def _runtime(database_url: str) -> Iterator[Runtime]:
    """A runtime on ``database_url``; domain and database errors become CLI errors."""
    try:
        settings = replace(load_settings(), database_url=database_url)
        runtime = Runtime.from_settings(settings)
    except (SettingsError, SQLAlchemyError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield runtime
    except ChamberlainError as exc:
        raise click.ClickException(exc.detail or exc.code) from exc
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"database error on {_safe_url(database_url)}: {type(exc).__name__}"
        ) from exc
    finally:
        runtime.close()


def _print_credentials(issued: IssuedCredentials, *, as_json: bool, heading: str) -> None:
    api_user = issued.api_user
    if as_json:
        document = {
            "AccountAlias": api_user.account_alias,
            "APIKey": api_user.api_key,
            "Password": issued.password,
        }
        click.echo(json.dumps(document))
        return
    click.echo(heading)
    click.echo(f"  Account alias: {api_user.account_alias}")
    click.echo(f"  API key:       {api_user.api_key}")
    click.echo(f"  Password:      {issued.password}")
    click.echo("Store the password now: it is shown only this once.")


@click.group()
@click.version_option(package_name="chamberlain")
def main() -> None:
    """chamberlain: account and user management with a Lumen Cloud v1 compatible API."""


@main.command()
@database_url_option
@click.option(
    "--alias", help="Alias of the root account (2-4 letters or digits); generated if left out."
)
@json_option
def init(database_url: str, alias: str | None, as_json: bool) -> None:
    """Apply migrations and create the root account and its first API user.

    The API key and password are printed once. On an initialised database nothing is
    created and the command still succeeds.

    \b
    Examples:
      chamberlain init
      chamberlain init --alias T3N --json
    """
    with _runtime(database_url) as rt:
        upgrade(rt.db.engine)
        try:
            issued = initialise(rt, _operator(), alias)
        except AlreadyInitialised:
            click.echo(
                f"{_safe_url(database_url)} is already initialised; nothing was created.",
                err=True,
            )
            return
    _print_credentials(
        issued, as_json=as_json, heading=f"Initialised chamberlain on {_safe_url(database_url)}."
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@database_url_option
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (keep 1 on SQLite).",
)
def serve(host: str, port: int, database_url: str, workers: int) -> None:
    """Serve the API over HTTP.

    \b
    Examples:
      chamberlain serve
      chamberlain serve --port 9000 --database-url postgresql://db.internal/chamberlain --workers 4
    """
    with _runtime(database_url) as rt:
        if not is_current(rt.db.engine):
            raise click.ClickException(
                f"{_safe_url(database_url)} is not initialised: run `chamberlain init` first"
            )
    # Worker processes build their own settings from the environment.
    os.environ["CHAMBERLAIN_DATABASE_URL"] = database_url
    uvicorn.run(
        "chamberlain.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_config=LOG_CONFIG,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )


@main.group("api-users")
def api_users() -> None:
    """Manage v1 API users."""


@api_users.command("create")
@click.option("--account", "account_alias", required=True, help="Alias of the account.")
@database_url_option
@json_option
def api_users_create(account_alias: str, database_url: str, as_json: bool) -> None:
    """Create an API user in any account; its key and password are printed once.

    \b
    Example:
      chamberlain api-users create --account ABCD --json
    """
    with _runtime(database_url) as rt:
        issued = create_api_user(rt, _operator(), account_alias)
    _print_credentials(issued, as_json=as_json, heading="Created API user.")


@main.group("db")
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@database_url_option
def db_upgrade(database_url: str) -> None:
    """Apply every pending migration (safe to run again)."""
    with _runtime(database_url) as rt:
        upgrade(rt.db.engine)
    click.echo(f"{_safe_url(database_url)} is at the newest schema.")
