"""Commands that work on the database and on a server: ``api-users ...``, ``accounts
create``, ``roles list``. On a server they act as the logged-in caller; on the database
they print exactly what they always printed (tests/cli/test_api_users_cli.py and the
others hold that)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chamberlain.client import ApiKeyAuth, AuthenticationError, Client
from chamberlain.domain.roles import CATALOGUE
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok

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
    assert [row["APIKey"] for row in by_option] == [root.api_user.api_key]
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
    assert made == {"AccountAlias": "AB1", "ParentAlias": "ROOT"}
    # Without either, the login decides: the server's listing, in the SDK's shape.
    remote = json.loads(ok(cli("api-users", "list", "--json")))
    assert list(remote[0]) == API_USER_FIELDS
    # A profile or URL named on the command line beats the variable.
    named = json.loads(ok(cli("api-users", "list", "--json", "--profile", "default", env=env)))
    assert list(named[0]) == API_USER_FIELDS


def test_on_the_database_server_only_options_and_csv_are_refused(
    cli: Cli, database_url: str, root: IssuedCredentials
) -> None:
    csv = cli("api-users", "list", "--output", "csv", "--database-url", database_url)
    assert csv.exit_code == 2
    assert "--output csv needs a server target" in csv.stderr
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
    shown = ok(cli("api-users", "list", "--output", "json", "--database-url", database_url))
    assert [row["APIKey"] for row in json.loads(shown)] == [root.api_user.api_key]


def test_roles_list_is_this_installations_catalogue_until_logged_in(
    cli: Cli, login: Any, chamberlain_server: ChamberlainServer
) -> None:
    local = ok(cli("roles", "list")).splitlines()
    assert [line.split()[0] for line in local] == [str(role.id) for role in CATALOGUE]
    local_json = json.loads(ok(cli("roles", "list", "--json")))
    assert list(local_json[0]) == ["ID", "Name", "SDKName", "V2Name", "Permissions"]

    ok(login())
    remote = json.loads(ok(cli("roles", "list", "--json")))
    assert [r["id"] for r in remote] == [r["ID"] for r in local_json]
    assert [r["permissions"] for r in remote] == [r["Permissions"] for r in local_json]
    table = ok(cli("roles", "list")).splitlines()
    assert table[0].split() == ["ID", "NAME", "SDK", "NAME", "V2", "NAME"]
    shown = json.loads(ok(cli("roles", "show", "15", "--json")))
    assert (shown["id"], shown["sdk_name"]) == (15, None)
    missing = cli("roles", "show", "1")
    assert missing.exit_code == 5
    assert "no role 1; the roles are 2, 3, 8" in missing.stderr
