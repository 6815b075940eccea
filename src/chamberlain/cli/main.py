"""The ``chamberlain`` command: server-side administration.

Exit codes: 0 success (also "already initialised"), 1 the operation failed (message on
stderr), 2 wrong usage.
"""

from __future__ import annotations

import os

import click
import uvicorn

from chamberlain.cli.accounts import accounts
from chamberlain.cli.api_users import api_users
from chamberlain.cli.common import (
    database_url_option,
    json_option,
    operator,
    print_credentials,
    runtime,
    safe_url,
)
from chamberlain.cli.logging_config import LogFormat, log_config
from chamberlain.cli.roles import roles
from chamberlain.cli.scim_tokens import scim_tokens
from chamberlain.cli.users import users
from chamberlain.db.migrate import is_current, upgrade
from chamberlain.errors import AlreadyInitialised
from chamberlain.services.bootstrap import initialise


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
    with runtime(database_url) as rt:
        upgrade(rt.db.engine)
        try:
            issued = initialise(rt, operator(), alias)
        except AlreadyInitialised:
            click.echo(
                f"{safe_url(database_url)} is already initialised; nothing was created.",
                err=True,
            )
            return
    print_credentials(
        issued, as_json=as_json, heading=f"Initialised chamberlain on {safe_url(database_url)}."
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
@click.option(
    "--log-format",
    type=click.Choice(["line", "json"]),
    default="line",
    show_default=True,
    envvar="CHAMBERLAIN_LOG_FORMAT",
    help="Plain lines for a terminal, or one JSON object per line for a log shipper.",
)
def serve(host: str, port: int, database_url: str, workers: int, log_format: LogFormat) -> None:
    """Serve the API over HTTP.

    \b
    Examples:
      chamberlain serve
      chamberlain serve --port 9000 --database-url postgresql://db.internal/chamberlain --workers 4
      CHAMBERLAIN_LOG_FORMAT=json chamberlain serve
    """
    with runtime(database_url) as rt:
        if not is_current(rt.db.engine):
            raise click.ClickException(
                f"{safe_url(database_url)} is not at the newest schema: run `chamberlain init` "
                "on a new database, or `chamberlain db upgrade` on an existing one"
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
        log_config=log_config(log_format),
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=10,
    )


@main.group("db")
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@database_url_option
def db_upgrade(database_url: str) -> None:
    """Apply every pending migration (safe to run again)."""
    with runtime(database_url) as rt:
        upgrade(rt.db.engine)
    click.echo(f"{safe_url(database_url)} is at the newest schema.")


main.add_command(accounts)
main.add_command(api_users)
main.add_command(roles)
main.add_command(scim_tokens)
main.add_command(users)
