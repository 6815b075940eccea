"""Commands that work on the database and on a server: ``api-users ...``, ``accounts
create``, ``roles list``, ``whoami``. On a server they act as the logged-in caller, on the
database as the operator; either way they print the SDK's models, so a script reads the
same fields from both (tests/cli/test_api_users_cli.py holds the database side)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from chamberlain.client import Account, ApiKeyAuth, AuthenticationError, Client
from chamberlain.domain.roles import CATALOGUE
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok
from tests.cli.test_remote_accounts import ADDRESS

API_USER_FIELDS = [
    "api_key", "account_alias", "created_at", "last_used_at", "retires_at", "state", "permissions",
]  # fmt: skip


def _can_log_on(server: ChamberlainServer, api_key: str, password: str) -> bool:
    with Client(server.base_url, auth=ApiKeyAuth(api_key, password)) as api:
        try:
            api.me.get()
        except AuthenticationError:
            return False
    return True


def _listed(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    rows = json.loads(ok(cli("api-users", "list", "--json", *args)))
    return {row["api_key"]: row for row in rows}


@pytest.mark.usefixtures("logged_in")
def test_api_users_on_a_server(cli: Cli, chamberlain_server: ChamberlainServer) -> None:
    server = chamberlain_server
    shown = ok(cli("api-users", "create", "--account", server.root_alias)).splitlines()
    assert shown[0] == "Created API user."
    key = shown[2].split()[-1]
    password = shown[3].split()[-1]
    assert shown[4] == "Store the password now: it is shown only this once."
    assert _can_log_on(server, key, password)

    listed = _listed(cli)
    assert set(listed) == {server.api_key, key}
    assert list(listed[key]) == API_USER_FIELDS
    assert password not in json.dumps(listed)

    assert ok(cli("api-users", "disable", key)) == f"Disabled {key}.\n"
    assert not _can_log_on(server, key, password)
    assert _listed(cli)[key]["state"] == "disabled"
    enabled = json.loads(ok(cli("api-users", "enable", key, "--json")))
    assert (enabled["api_key"], enabled["state"]) == (key, "enabled")
    assert _can_log_on(server, key, password)

    rotated = json.loads(ok(cli("api-users", "rotate", key, "--grace-hours", "2", "--json")))
    assert list(rotated) == [*API_USER_FIELDS, "password"]
    assert _can_log_on(server, rotated["api_key"], rotated["password"])
    assert _can_log_on(server, key, password)  # during the grace period
    assert _listed(cli)[key]["state"] == "retiring"
    said = ok(cli("api-users", "rotate", rotated["api_key"])).splitlines()
    assert said[0].startswith(f"Rotated: {rotated['api_key']} keeps working until ")

    assert ok(cli("api-users", "delete", key)) == f"Deleted {key}.\n"
    assert key not in _listed(cli)
    gone = cli("api-users", "enable", key)
    assert gone.exit_code == 5
    too_long = cli("api-users", "rotate", server.api_key, "--grace-hours", "1000")
    assert too_long.exit_code == 7


@pytest.mark.usefixtures("logged_in")
def test_the_database_wins_by_option_or_variable_even_when_logged_in(
    cli: Cli, database_url: str, root: IssuedCredentials
) -> None:
    by_option = json.loads(ok(cli("api-users", "list", "--json", "--database-url", database_url)))
    assert [row["api_key"] for row in by_option] == [root.api_user.api_key]
    env = {"CHAMBERLAIN_DATABASE_URL": database_url}
    by_variable = json.loads(ok(cli("api-users", "list", "--json", env=env)))
    assert by_variable == by_option
    made = json.loads(
        ok(
            cli(
                "accounts",
                "create",
                "--parent",
                "ROOT",
                "--alias",
                "AB1",
                "--name",
                "Acme",
                "--json",
                env=env,
            )
        )
    )
    assert (made["alias"], made["parent_alias"]) == ("AB1", "ROOT")
    # Without either, the login decides: the server's listing.
    remote = json.loads(ok(cli("api-users", "list", "--json")))
    assert [row["api_key"] for row in remote] != [root.api_user.api_key]
    assert list(remote[0]) == API_USER_FIELDS == list(by_option[0])
    # A profile or URL named on the command line beats the variable.
    named = json.loads(ok(cli("api-users", "list", "--json", "--profile", "default", env=env)))
    assert list(named[0]) == API_USER_FIELDS


def test_on_the_database_server_only_options_are_refused_csv_is_not(
    cli: Cli, database_url: str, root: IssuedCredentials
) -> None:
    csv = ok(cli("api-users", "list", "--output", "csv", "--database-url", database_url))
    header, row = csv.splitlines()
    assert header.split(",") == API_USER_FIELDS
    assert row.startswith(f"{root.api_user.api_key},ROOT,")
    city = cli(
        "accounts",
        "create",
        "--parent",
        "ROOT",
        "--name",
        "Acme",
        "--city",
        "Seattle",
        "--billing-responsibility",
        "self",
        "--database-url",
        database_url,
    )
    assert city.exit_code == 2
    assert "--billing-responsibility, --city: only for a server target" in city.stderr


def test_roles_list_is_this_installations_catalogue_until_logged_in(
    cli: Cli, login: Any, chamberlain_server: ChamberlainServer
) -> None:
    local = ok(cli("roles", "list")).splitlines()
    assert local[0].split() == ["ID", "NAME", "SDK", "NAME", "V2", "NAME"]
    assert [line.split()[0] for line in local[1:]] == [str(role.id) for role in CATALOGUE]
    local_json = json.loads(ok(cli("roles", "list", "--json")))

    ok(login())
    remote = json.loads(ok(cli("roles", "list", "--json")))
    assert remote == local_json
    assert ok(cli("roles", "list")).splitlines() == local
    shown = json.loads(ok(cli("roles", "show", "15", "--json")))
    assert (shown["id"], shown["sdk_name"]) == (15, None)
    missing = cli("roles", "show", "1")
    assert missing.exit_code == 5
    assert "no role 1; the roles are 2, 3, 8" in missing.stderr


def _fields(printed: Any) -> list[tuple[str, ...]]:
    """The keys of a JSON object, or of each object of a list."""
    rows = printed if isinstance(printed, list) else [printed]
    return [tuple(row) for row in rows]


@pytest.mark.usefixtures("logged_in")
def test_every_dual_command_prints_the_same_fields_on_both_targets(
    cli: Cli, database_url: str, root: IssuedCredentials, chamberlain_server: ChamberlainServer
) -> None:
    """Run each command of both kinds on the database and on the server: the JSON keys,
    the CSV header and the table's headers are the same (only the values differ)."""
    env = {"CHAMBERLAIN_DATABASE_URL": database_url}  # the database, but for --profile
    target = {"database": (), "server": ("--profile", "default")}
    alias = {"database": "ROOT", "server": chamberlain_server.root_alias}

    def on_both(*args: str | Callable[[str], Sequence[str]], fmt: str = "json") -> dict[str, Any]:
        """What ``chamberlain ARGS --output FMT`` prints on each target (a callable arg
        gives the arguments of that target), after checking that both have one shape."""
        printed = {}
        for side, named in target.items():
            line = [a for arg in args for a in ((arg,) if isinstance(arg, str) else arg(side))]
            printed[side] = ok(cli(*line, "--output", fmt, *named, env=env))
        if fmt == "json":
            documents = {side: json.loads(text) for side, text in printed.items()}
            assert _fields(documents["database"]) == _fields(documents["server"]), args
            return documents
        headers = {tuple(text.splitlines()[0].split()) for text in printed.values()}
        assert len(headers) == 1, (args, printed)
        return printed

    def one_of(values: dict[str, str]) -> Callable[[str], Sequence[str]]:
        return lambda side: (values[side],)

    new = on_both("api-users", "create", "--account", one_of(alias))
    assert set(new["database"]) == {*API_USER_FIELDS, "password"}
    key = {side: document["api_key"] for side, document in new.items()}
    on_both("api-users", "list")
    on_both("api-users", "list", fmt="csv")
    on_both("api-users", "list", fmt="table")
    for verb in ("disable", "enable"):
        changed = on_both("api-users", verb, one_of(key))
        assert {side: row["api_key"] for side, row in changed.items()} == key
    rotated = on_both("api-users", "rotate", one_of(key), "--grace-hours", "1")
    assert set(rotated["server"]) == {*API_USER_FIELDS, "password"}
    for side, named in target.items():
        deleted = cli("api-users", "delete", key[side], *named, env=env)
        assert ok(deleted) == f"Deleted {key[side]}.\n"

    address = {"database": (), "server": ADDRESS}
    made = on_both(
        "accounts", "create", "--parent", one_of(alias), "--name", "Acme", address.__getitem__
    )
    assert {side: row["parent_alias"] for side, row in made.items()} == alias
    assert set(made["database"]) == {f.name for f in dataclasses.fields(Account)}
    on_both("roles", "list")
    on_both("roles", "list", fmt="csv")
    me = on_both("whoami")
    assert (me["database"]["target"], me["server"]["target"]) == ("database", "server")
