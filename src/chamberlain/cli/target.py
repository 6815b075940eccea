"""Which chamberlain a command acts on: the database, or a server through the SDK.

Commands that exist both locally and remotely (``accounts create``, ``api-users ...``,
``roles list``) take the first rule that matches:

1. ``--database-url`` given: that database;
2. ``--profile NAME`` or ``--url URL`` given: that server;
3. ``CHAMBERLAIN_URL`` set: that server;
4. ``CHAMBERLAIN_DATABASE_URL`` set: that database;
5. a current profile (saved by ``chamberlain login``): its server;
6. otherwise the default database (what a fresh machine always did).

Remote-only commands use rules 2, 3 and 5 and fail with ``NotLoggedIn`` when none
matches. The token sent is the profile's own for ``--profile``; ``CHAMBERLAIN_TOKEN``
for ``--url`` and ``CHAMBERLAIN_URL``; for the current profile ``CHAMBERLAIN_TOKEN``
when set, else the profile's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from chamberlain.cli.profiles import ProfileStore
from chamberlain.settings import DEFAULT_DATABASE_URL

URL_ENV = "CHAMBERLAIN_URL"
TOKEN_ENV = "CHAMBERLAIN_TOKEN"  # noqa: S105 - the name of a variable, not a secret
DATABASE_URL_ENV = "CHAMBERLAIN_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """Act on this database directly, as an operator (``because``: the rule that chose it)."""

    url: str
    because: str


@dataclass(frozen=True, slots=True)
class ServerTarget:
    """Act through this server's REST API with ``token`` (None when none is known).
    ``profile`` names the saved profile the target came from, if any."""

    url: str
    token: str | None
    expires_at: datetime | None
    profile: str | None
    because: str


Target = DatabaseTarget | ServerTarget


class NotLoggedIn(Exception):
    """A remote command found no server to talk to."""


class UnknownProfile(Exception):
    """``--profile`` named a profile that was never saved."""


def _profile_target(store: ProfileStore, name: str, env_token: str | None) -> ServerTarget:
    profile = store.get(name)
    if profile is None:
        raise UnknownProfile(name)
    saved = store.token(name)
    if env_token is not None:
        return ServerTarget(profile.url, env_token, None, name, f"profile {name}, {TOKEN_ENV}")
    token, expires = (None, None) if saved is None else (saved.token, saved.expires_at)
    return ServerTarget(profile.url, token, expires, name, f"profile {name}")


def _server(
    *, profile: str | None, url: str | None, env: Mapping[str, str], store: ProfileStore
) -> ServerTarget | None:
    """Rules 2 and 3: the server named by an option or by ``CHAMBERLAIN_URL``."""
    token = env.get(TOKEN_ENV) or None
    if profile is not None:
        return _profile_target(store, profile, None)
    if url is not None:
        return ServerTarget(url, token, None, None, "--url")
    if env.get(URL_ENV):
        return ServerTarget(env[URL_ENV], token, None, None, URL_ENV)
    return None


def _current(env: Mapping[str, str], store: ProfileStore) -> ServerTarget | None:
    """Rule 5: the current profile's server."""
    name = store.current_name()
    if name is None:
        return None
    return _profile_target(store, name, env.get(TOKEN_ENV) or None)


def resolve(
    *,
    database_url: str | None,
    profile: str | None,
    url: str | None,
    env: Mapping[str, str],
    store: ProfileStore,
) -> Target:
    """The target of a command that exists locally and remotely (rules 1 to 6)."""
    if database_url is not None:
        return DatabaseTarget(database_url, "--database-url")
    named = _server(profile=profile, url=url, env=env, store=store)
    if named is not None:
        return named
    if env.get(DATABASE_URL_ENV):
        return DatabaseTarget(env[DATABASE_URL_ENV], DATABASE_URL_ENV)
    return _current(env, store) or DatabaseTarget(DEFAULT_DATABASE_URL, "the default database")


def resolve_server(
    *, profile: str | None, url: str | None, env: Mapping[str, str], store: ProfileStore
) -> ServerTarget:
    """The server of a remote-only command (rules 2, 3 and 5); raises ``NotLoggedIn``."""
    found = _server(profile=profile, url=url, env=env, store=store) or _current(env, store)
    if found is None:
        raise NotLoggedIn()
    return found
