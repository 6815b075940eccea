"""What remote commands share: the target options, the choice of target, the SDK client.

Remote commands never talk HTTP themselves: they call the SDK (``chamberlain.client``)
and its errors become exit codes here, in ``connect`` (table in ``exit_codes``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from chamberlain.cli.exit_codes import CliFailure, ExitCode, failure_of
from chamberlain.cli.output import Command, emit_changed, emit_one, output_options, record
from chamberlain.cli.profiles import ProfileStore, config_dir
from chamberlain.cli.target import (
    DATABASE_URL_ENV,
    NotLoggedIn,
    ServerTarget,
    Target,
    UnknownProfile,
    resolve,
    resolve_server,
)
from chamberlain.client import ChamberlainError, Client, TokenAuth
from chamberlain.settings import DEFAULT_DATABASE_URL

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")

NOT_LOGGED_IN = "not logged in: run `chamberlain login --url ... --api-key ...`"


def profile_store() -> ProfileStore:
    """The profiles of this user (see ``profiles.config_dir``)."""
    return ProfileStore(config_dir(os.environ, Path.home()))


def _complete_profile(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    names = profile_store().profiles()
    return [CompletionItem(name) for name in sorted(names) if name.startswith(incomplete)]


def server_options(command: F) -> F:
    """``--profile`` and ``--url``: the server a command talks to."""
    command = click.option(
        "--url",
        metavar="URL",
        help="The server's base URL (token: CHAMBERLAIN_TOKEN). Env: CHAMBERLAIN_URL.",
    )(command)
    return click.option(
        "--profile",
        metavar="NAME",
        shell_complete=_complete_profile,
        help="A profile saved by `chamberlain login` (default: the current one).",
    )(command)


def remote_options(command: Command) -> Command:
    """``--output``/``--json`` and ``--profile``/``--url``: a remote command that prints."""
    return server_options(output_options(command))


def dual_options(command: Command) -> Command:
    """``--database-url``, ``--profile`` and ``--url``: the target of a command that
    works on the database and on a server alike, given to the command as one keyword
    argument, ``target`` (chosen by the rules in ``cli/target.py``; ``target_of``)."""

    @functools.wraps(command)
    def with_target(
        *args: Any, database_url: str | None, profile: str | None, url: str | None, **kwargs: Any
    ) -> None:
        command(*args, target=target_of(database_url, profile, url), **kwargs)

    with_options = server_options(with_target)
    return click.option(
        "--database-url",
        metavar="URL",
        help=(
            "Act on this database directly (SQLAlchemy URL; postgresql://... uses "
            f"psycopg 3), even when logged in. Env: {DATABASE_URL_ENV}."
        ),
    )(with_options)


TARGET_EPILOG = f"""\b
Target: the database or a server, the first that applies:
  1. --database-url                  the database
  2. --profile NAME or --url URL     that server
  3. CHAMBERLAIN_URL                 that server
  4. CHAMBERLAIN_DATABASE_URL        the database
  5. the profile of the last `chamberlain login` (or `profiles use`)
  6. the default database, {DEFAULT_DATABASE_URL}
`chamberlain whoami` shows the target in force."""


def refuse_server_options(given: dict[str, Any]) -> None:
    """Refuse options that only a server target uses, given for the database."""
    used = sorted(name for name, value in given.items() if value is not None)
    if used:
        names = ", ".join("--" + name.replace("_", "-") for name in used)
        raise click.UsageError(f"{names}: only for a server target (see --help)")


def _checked(profile: str | None, url: str | None) -> None:
    if profile is not None and url is not None:
        raise click.UsageError("give --profile or --url, not both")


def target_of(database_url: str | None, profile: str | None, url: str | None) -> Target:
    """The target of a command with a local and a remote form."""
    _checked(profile, url)
    try:
        return resolve(
            database_url=database_url,
            profile=profile,
            url=url,
            env=os.environ,
            store=profile_store(),
        )
    except UnknownProfile as exc:
        raise click.BadParameter(f"no profile {exc}", param_hint="--profile") from None


def server_of(profile: str | None, url: str | None) -> ServerTarget:
    """The server of a remote-only command; fails with exit 3 when there is none."""
    _checked(profile, url)
    try:
        return resolve_server(profile=profile, url=url, env=os.environ, store=profile_store())
    except UnknownProfile as exc:
        raise click.BadParameter(f"no profile {exc}", param_hint="--profile") from None
    except NotLoggedIn:
        raise CliFailure(NOT_LOGGED_IN, ExitCode.NOT_AUTHENTICATED) from None


def _token(target: ServerTarget) -> str:
    """The target's token; refused when there is none or it has expired."""
    again = "chamberlain login" + (f" --profile {target.profile}" if target.profile else "")
    if target.token is None:
        raise CliFailure(
            f"no token for {target.url} ({target.because}): run `{again}` or set CHAMBERLAIN_TOKEN",
            ExitCode.NOT_AUTHENTICATED,
        )
    if target.expires_at is not None and target.expires_at <= datetime.now(UTC):
        raise CliFailure(
            f"the token of {target.because} expired at "
            f"{target.expires_at.isoformat(timespec='seconds')}: run `{again}`",
            ExitCode.NOT_AUTHENTICATED,
        )
    return target.token


@contextmanager
def sdk_errors() -> Iterator[None]:
    """SDK errors inside the block exit with the code ``exit_codes`` gives them."""
    try:
        yield
    except ChamberlainError as exc:
        raise failure_of(exc) from exc


@contextmanager
def connect(target: ServerTarget) -> Iterator[Client]:
    """An SDK client of the target's server, logged on with its token; SDK errors inside
    the block exit with their code."""
    with sdk_errors(), Client(target.url, auth=TokenAuth(_token(target))) as client:
        yield client


def object_command(
    name: str,
    *,
    argument: str,
    summary: str,
    example: str,
    call: Callable[[Client, str], M],
    said: Callable[[M], str] | None = None,
) -> click.Command:
    """A remote command ``NAME ARGUMENT`` that reads or changes one object with one SDK
    call, ``call(api, argument)``, and prints it: a change (``said`` given) as the
    sentence ``said(object)`` for people (the table format), a read as ``FIELD VALUE``
    lines; the object itself for scripts. ``example`` is the command line shown in
    --help (also with --json)."""

    @click.command(
        name,
        help=f"""{summary}

    \b
    Examples:
      {example}
      {example} --json
    """,
    )
    @click.argument(argument)
    @remote_options
    def command(*, fmt: str, profile: str | None, url: str | None, **named: str) -> None:
        with connect(server_of(profile, url)) as api:
            found = call(api, named[argument])
        if said is None:
            emit_one(record(found), fmt)
        else:
            emit_changed(record(found), fmt, said(found))

    return command
