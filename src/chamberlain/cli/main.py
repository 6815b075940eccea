"""The ``chamberlain`` command: server-side administration on the database, and the
remote CLI that works on a server through the SDK (docs/cli.md).

Exit codes (``cli/exit_codes.py``): 0 success (also "already initialised"), 1 the
operation failed (message on stderr), 2 wrong usage, 3 to 11 a server's refusals by kind.

Start-up: the database stack (SQLAlchemy, the services, migrations) and the server are
imported inside the commands that use them, so ``--help``, completion and the remote
commands never pay for them.
"""

from __future__ import annotations

import os

import click

from chamberlain.cli import remote_accounts, remote_users
from chamberlain.cli.accounts import accounts
from chamberlain.cli.api_users import api_users
from chamberlain.cli.audit import audit
from chamberlain.cli.common import (
    database_url_option,
    json_option,
    operator,
    print_credentials,
    runtime,
    safe_url,
)
from chamberlain.cli.completion import completion
from chamberlain.cli.exit_codes import epilog
from chamberlain.cli.logging_config import LogFormat, log_config
from chamberlain.cli.login import login, logout, profiles, whoami
from chamberlain.cli.roles import roles
from chamberlain.cli.scim_tokens import scim_tokens
from chamberlain.cli.transfer import export_users, import_users
from chamberlain.cli.users import users
from chamberlain.errors import AlreadyInitialised


@click.group(epilog=epilog())
@click.version_option(package_name="chamberlain")
def main() -> None:
    """chamberlain: account and user management with a Lumen Cloud v1 compatible API.

    Commands act on the database (init, serve, db upgrade, ...) or on a server through
    its REST API after `chamberlain login`; some do both (see their --help). Guide:
    docs/cli.md.

    \b
    Examples:
      chamberlain init && chamberlain serve
      chamberlain login --url https://chamberlain.example --api-key KEY
      chamberlain users list --account ACME --output csv
    """


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
    from chamberlain.db.migrate import upgrade
    from chamberlain.services.bootstrap import initialise

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
    import uvicorn

    from chamberlain.db.migrate import is_current

    with runtime(database_url) as rt:
        if not is_current(rt.db.engine):
            raise click.ClickException(
                f"{safe_url(database_url)} is not at the newest schema: run `chamberlain init` "
                "on a new database, or `chamberlain db upgrade` on an existing one"
            )
    # Worker processes build their own settings from the environment.
    os.environ["CHAMBERLAIN_DATABASE_URL"] = database_url
    # Links in mail lead here unless the operator named the public address.
    os.environ.setdefault("CHAMBERLAIN_PUBLIC_URL", local_url(host, port))
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


def local_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches ``host:port`` at (a wildcard host
    listens on loopback too)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - naming the wildcard, not binding it
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@main.group("db")
def db() -> None:
    """Database maintenance.

    \b
    Examples:
      chamberlain db upgrade
    """


@db.command("upgrade")
@database_url_option
def db_upgrade(database_url: str) -> None:
    """Apply every pending migration (safe to run again).

    \b
    Examples:
      chamberlain db upgrade
      chamberlain db upgrade --database-url postgresql://db.internal/chamberlain
    """
    from chamberlain.db.migrate import upgrade

    with runtime(database_url) as rt:
        upgrade(rt.db.engine)
    click.echo(f"{safe_url(database_url)} is at the newest schema.")


for command in remote_accounts.COMMANDS:
    accounts.add_command(command)
for command in (*remote_users.COMMANDS, import_users, export_users):
    users.add_command(command)
for command in (
    accounts,
    api_users,
    audit,
    completion,
    login,
    logout,
    profiles,
    roles,
    scim_tokens,
    users,
    whoami,
):
    main.add_command(command)
