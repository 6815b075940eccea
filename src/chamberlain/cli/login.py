"""``chamberlain login``, ``logout``, ``profiles list|use`` and ``whoami``: the saved logins
remote commands use (storage in ``cli/profiles.py``, choice of target in ``cli/target.py``).

A login exchanges credentials for a bearer token once and keeps only the token; the
password is prompted (or read from stdin) and forgotten. When the token expires, the
next command says so and exits 3, and ``chamberlain login`` gets a new one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from chamberlain.cli.common import read_password
from chamberlain.cli.dual import operator_me
from chamberlain.cli.exit_codes import CliFailure, ExitCode
from chamberlain.cli.output import emit_one, emit_rows, output_options, record
from chamberlain.cli.profiles import DEFAULT_PROFILE, Profile, SavedToken, check_name
from chamberlain.cli.remote import (
    TARGET_EPILOG,
    connect,
    dual_options,
    profile_store,
    sdk_errors,
)
from chamberlain.cli.target import DatabaseTarget, Target
from chamberlain.client import (
    NO_RETRY,
    ApiKeyAuth,
    AuthenticationError,
    ChamberlainError,
    Client,
    LoginAuth,
    TokenAuth,
)

_PROFILE_COLUMNS = (
    ("PROFILE", "name"), ("CURRENT", "current"), ("URL", "url"), ("LOGIN", "login"),
    ("TOKEN", "token"),
)  # fmt: skip


def _profile(name: str, url: str | None, api_key: str | None, user: str | None) -> Profile:
    """The profile to log on with: the options given, the rest from the saved profile."""
    if api_key is not None and user is not None:
        raise click.UsageError("give --api-key or --user, not both")
    saved = profile_store().get(name)
    if api_key is None and user is None and saved is not None:
        api_key, user = saved.api_key, saved.user
    url = url or (saved.url if saved else None)
    if url is None or (api_key is None and user is None):
        raise click.UsageError(
            f"profile {name} is not saved yet: give --url and --api-key KEY (or --user NAME)"
        )
    return Profile(name=name, url=url.rstrip("/"), api_key=api_key, user=user)


def _until(token: SavedToken) -> str:
    if token.expires_at is None:
        return "until the server ends it"
    return f"until {token.expires_at.isoformat(timespec='seconds')}"


@click.command("login")
@click.option("--url", metavar="URL", help="The server's base URL (default: the profile's).")
@click.option("--api-key", metavar="KEY", help="Log on as this API user.")
@click.option("--user", metavar="NAME", help="Log on as this person-user (v2 login).")
@click.option(
    "--profile",
    "name",
    default=DEFAULT_PROFILE,
    show_default=True,
    metavar="NAME",
    help="Save the login under this name.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin's first line.")
def login(
    *, url: str | None, api_key: str | None, user: str | None, name: str, password_stdin: bool
) -> None:
    """Log on to a server and save the login as a profile, which becomes the current one.

    The password is prompted (or read from stdin) and never stored: only the bearer
    token the server issues, in a file only you can read. Without --url, --api-key and
    --user, the saved profile logs on again.

    \b
    Examples:
      chamberlain login --url https://chamberlain.example --api-key 0123456789abcdef0123456789abcdef
      chamberlain login --url https://chamberlain.example --user jdoe --profile jdoe
      printf '%s\\n' "$PASSWORD" | chamberlain login --profile ci --password-stdin
      chamberlain login
    """
    try:
        profile = _profile(check_name(name), url, api_key, user)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--profile") from None
    password = read_password(from_stdin=password_stdin, prompt="Password", confirm=False)
    credentials: ApiKeyAuth | LoginAuth
    if profile.api_key is not None:
        credentials = ApiKeyAuth(profile.api_key, password)
    else:
        credentials = LoginAuth(profile.user or "", password)
    with sdk_errors(), Client(profile.url, auth=credentials) as client:
        try:
            issued = client.issue_token()
        except AuthenticationError as exc:
            raise CliFailure(
                f"{profile.url} refused the credentials: {exc.detail}", ExitCode.NOT_AUTHENTICATED
            ) from None
    token = SavedToken(token=issued.token, expires_at=issued.expires_at)
    profile_store().save(profile, token)
    click.echo(
        f"Logged in to {profile.url} as {profile.login} (profile {name}, now current); "
        f"the token works {_until(token)}."
    )


@click.command("logout")
@click.option("--profile", "name", metavar="NAME", help="Which profile (default: the current).")
def logout(*, name: str | None) -> None:
    """End a profile's token on its server and forget it here (the profile itself stays,
    for the next login). When the server cannot be reached the token is still forgotten
    here, with a warning: it then works until it expires.

    \b
    Examples:
      chamberlain logout
      chamberlain logout --profile jdoe
    """
    store = profile_store()
    name = name or store.current_name()
    profile = None if name is None else store.get(name)
    saved = None if name is None else store.token(name)
    if name is None or profile is None or saved is None:
        click.echo("Not logged in." if name is None else f"Profile {name} holds no token.")
        return
    try:
        with Client(profile.url, auth=TokenAuth(saved.token), retry=NO_RETRY) as client:
            client.revoke_token()
        ended = "ended it on the server"
    except ChamberlainError as exc:
        click.echo(
            f"Warning: {profile.url} did not end the token ({exc}); it works until it expires.",
            err=True,
        )
        ended = "the server did not end it"
    store.forget_token(name)
    click.echo(f"Logged out of profile {name}: {ended}, and forgot it here.")


@click.group("profiles")
def profiles() -> None:
    """Saved logins (see `chamberlain login`).

    \b
    Examples:
      chamberlain profiles list
      chamberlain profiles use prod
    """


def _token_state(name: str, now: datetime) -> str:
    token = profile_store().token(name)
    if token is None:
        return "none"
    return "expired" if token.expired(now) else f"valid {_until(token)}"


@profiles.command("list")
@output_options
def list_profiles(*, fmt: str) -> None:
    """List the saved profiles, the current one, and whether each holds a valid token.

    \b
    Examples:
      chamberlain profiles list
      chamberlain profiles list --json
    """
    store = profile_store()
    current, now = store.current_name(), datetime.now(UTC)
    rows = [
        {
            "name": p.name,
            "current": p.name == current,
            "url": p.url,
            "api_key": p.api_key,
            "user": p.user,
            "login": p.login,
            "token": _token_state(p.name, now),
        }
        for p in store.profiles().values()
    ]
    fields = ["name", "current", "url", "api_key", "user", "login", "token"]
    emit_rows(rows, fmt, fields=fields, columns=_PROFILE_COLUMNS)


@profiles.command("use")
@click.argument("name")
def use_profile(*, name: str) -> None:
    """Make a saved profile the current one (what commands use by default).

    \b
    Examples:
      chamberlain profiles use prod
    """
    try:
        profile = profile_store().use(name)
    except KeyError:
        raise click.BadParameter(f"no profile {name}", param_hint="NAME") from None
    click.echo(f"Profile {name} is current: {profile.url} as {profile.login}.")


@click.command("whoami", epilog=TARGET_EPILOG)
@dual_options
@output_options
def whoami(*, target: Target, fmt: str) -> None:
    """Say which target commands that work on the database and on a server alike would
    use, and why, and who you are there: on a server the caller (``GET /api/me``), on the
    database the operator, with every permission over the whole tree.

    \b
    Examples:
      chamberlain whoami
      chamberlain whoami --profile prod --json
    """
    if isinstance(target, DatabaseTarget):
        where, me = "database", operator_me()
    else:
        with connect(target) as api:
            where, me = "server", api.me.get()
    emit_one({"target": where, "url": target.url, "because": target.because, **record(me)}, fmt)
