"""``chamberlain login``, ``logout``, ``profiles``, ``whoami`` and the environment
variables, against the emulator."""

from __future__ import annotations

import getpass
import json
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from click.testing import Result

from chamberlain.cli.profiles import ProfileStore, SavedToken
from chamberlain.client import ApiKeyAuth, Client, TokenAuth
from chamberlain.domain.permissions import Permission
from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok

PERSON_PASSWORD = "a person's password, long enough"


def _token_file(config_dir: Path, profile: str = "default") -> Path:
    return config_dir / "tokens" / f"{profile}.json"


def test_login_keeps_a_token_not_the_password_and_commands_use_it(
    cli: Cli, login: Callable[..., Result], config_dir: Path, chamberlain_server: ChamberlainServer
) -> None:
    server = chamberlain_server
    assert ok(login()).startswith(f"Logged in to {server.base_url} as API key {server.api_key}")
    token_file = _token_file(config_dir)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    stored = json.loads(token_file.read_text())
    assert set(stored) == {"token", "expires_at"}
    expires = datetime.fromisoformat(stored["expires_at"])
    assert expires > datetime.now(UTC)
    for path in config_dir.rglob("*.json"):
        assert server.password not in path.read_text()

    me = json.loads(ok(cli("whoami", "--json")))
    assert me["target"] == "server"
    assert me["because"] == "profile default"
    assert (me["kind"], me["name"], me["account_alias"]) == (
        "api_user",
        server.api_key,
        server.root_alias,
    )
    # The token is the credential now: it works from the SDK too.
    with Client(server.base_url, auth=TokenAuth(stored["token"])) as probe:
        assert probe.me.get().name == server.api_key
    listed = json.loads(ok(cli("profiles", "list", "--json")))
    assert listed == [
        {
            "name": "default",
            "current": True,
            "url": server.base_url,
            "api_key": server.api_key,
            "user": None,
            "login": f"API key {server.api_key}",
            "token": f"valid until {expires.isoformat(timespec='seconds')}",
        }
    ]


def test_a_refused_password_exits_3_and_saves_nothing(
    cli: Cli, config_dir: Path, chamberlain_server: ChamberlainServer
) -> None:
    server = chamberlain_server
    result = cli(
        "login",
        "--url",
        server.base_url,
        "--api-key",
        server.api_key,
        "--password-stdin",
        input="not the password\n",
    )
    assert result.exit_code == 3
    assert f"{server.base_url} refused the credentials" in result.stderr
    assert not config_dir.exists() or not list(config_dir.rglob("*.json"))


def test_a_person_logs_in_with_the_v2_login(
    cli: Cli, chamberlain_server: ChamberlainServer
) -> None:
    server = chamberlain_server
    with Client(server.base_url, auth=ApiKeyAuth(server.api_key, server.password)) as api:
        api.users.create(
            server.root_alias,
            user_name="jdoe",
            email="jdoe@example.com",
            first_name="Jane",
            last_name="Doe",
            roles=[10],
        )
    server.set_password("jdoe", PERSON_PASSWORD)
    done = cli(
        "login",
        "--url",
        server.base_url + "/",
        "--user",
        "jdoe",
        "--profile",
        "jdoe",
        input=PERSON_PASSWORD + "\n",
    )
    assert "as user jdoe (profile jdoe, now current); the token works until the server" in ok(done)
    me = json.loads(ok(cli("whoami", "--json")))
    assert (me["kind"], me["name"], me["roles"], me["url"]) == (
        "user",
        "jdoe",
        [10],
        server.base_url,
    )
    # An account viewer may read users but not create one: the server's rule, exit 4.
    refused = cli(
        "users",
        "create",
        "--account",
        server.root_alias,
        "--user-name",
        "x",
        "--email",
        "x@example.com",
        "--first-name",
        "X",
        "--last-name",
        "Y",
    )
    assert refused.exit_code == 4
    assert refused.stderr.startswith("Error: permission denied:")


def test_login_again_reuses_the_saved_profile(
    cli: Cli, login: Callable[..., Result], chamberlain_server: ChamberlainServer
) -> None:
    ok(login("prod"))
    again = cli(
        "login", "--profile", "prod", "--password-stdin", input=chamberlain_server.password + "\n"
    )
    assert f"as API key {chamberlain_server.api_key} (profile prod" in ok(again)
    unknown = cli("login", "--profile", "new", input="x\n")
    assert unknown.exit_code == 2
    assert "profile new is not saved yet" in unknown.stderr
    bad = cli("login", "--profile", "../x", "--url", "http://x", "--user", "u", input="x\n")
    assert bad.exit_code == 2
    assert "not a profile name" in bad.stderr


def test_remote_commands_without_a_login_exit_3(cli: Cli) -> None:
    result = cli("users", "list", "--account", "ACME")
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: not logged in: run `chamberlain login --url ... --api-key ...`\n"
    )


def test_an_expired_token_is_refused_before_calling(
    cli: Cli, logged_in: None, config_dir: Path
) -> None:
    store = ProfileStore(config_dir)
    saved = store.token("default")
    assert saved is not None
    gone = datetime.now(UTC) - timedelta(minutes=1)
    profile = store.get("default")
    assert profile is not None
    store.save(profile, SavedToken(saved.token, gone))
    result = cli("users", "list", "--account", "X")
    assert result.exit_code == 3
    assert "the token of profile default expired at" in result.stderr
    assert "chamberlain login --profile default" in result.stderr


def test_a_token_the_server_ended_exits_3_and_login_mends_it(
    cli: Cli, logged_in: None, login: Callable[..., Result], chamberlain_server: ChamberlainServer
) -> None:
    chamberlain_server.expire_sessions()
    result = cli("accounts", "show", chamberlain_server.root_alias)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: not authenticated:")
    assert "run `chamberlain login`" in result.stderr
    ok(login())
    assert "Root account" in ok(cli("accounts", "show", chamberlain_server.root_alias))


def test_logout_ends_the_token_on_the_server_forgets_it_and_keeps_the_profile(
    cli: Cli, logged_in: None, config_dir: Path, chamberlain_server: ChamberlainServer
) -> None:
    token = json.loads(_token_file(config_dir).read_text())["token"]
    me = f"{chamberlain_server.base_url}/api/me"
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(me, headers=bearer).status_code == 200
    assert ok(cli("logout")) == (
        "Logged out of profile default: ended it on the server, and forgot it here.\n"
    )
    assert httpx.get(me, headers=bearer).status_code == 401
    assert not _token_file(config_dir).exists()
    assert ok(cli("logout")) == "Profile default holds no token.\n"
    result = cli("users", "list", "--account", "X")
    assert result.exit_code == 3
    assert "no token for" in result.stderr
    listed = json.loads(ok(cli("profiles", "list", "--json")))
    assert [(p["name"], p["token"]) for p in listed] == [("default", "none")]


def test_logout_without_the_server_still_forgets_the_token_and_warns(
    cli: Cli, logged_in: None, config_dir: Path, chamberlain_server: ChamberlainServer
) -> None:
    chamberlain_server.stop()
    result = cli("logout")
    assert result.exit_code == 0
    assert "did not end the token" in result.stderr
    assert "it works until it expires" in result.stderr
    assert not _token_file(config_dir).exists()


def test_profiles_use_switches_and_profile_option_picks_one_call(
    cli: Cli, login: Callable[..., Result], chamberlain_server: ChamberlainServer
) -> None:
    ok(login("one"))
    ok(login("two"))
    listed = json.loads(ok(cli("profiles", "list", "--json")))
    assert [(p["name"], p["current"]) for p in listed] == [("one", False), ("two", True)]
    assert ok(cli("profiles", "use", "one")).startswith("Profile one is current:")
    assert json.loads(ok(cli("whoami", "--json")))["because"] == "profile one"
    picked = json.loads(ok(cli("whoami", "--profile", "two", "--json")))
    assert picked["because"] == "profile two"
    unknown = cli("profiles", "use", "three")
    assert unknown.exit_code == 2
    assert "no profile three" in unknown.stderr
    assert cli("whoami", "--profile", "three").exit_code == 2
    both = cli("whoami", "--profile", "one", "--url", "http://x")
    assert both.exit_code == 2


def test_the_environment_names_a_server_and_token_without_a_profile(
    cli: Cli, chamberlain_server: ChamberlainServer
) -> None:
    server = chamberlain_server
    with Client(server.base_url, auth=ApiKeyAuth(server.api_key, server.password)) as api:
        token = api.log_on()
    env = {"CHAMBERLAIN_URL": server.base_url, "CHAMBERLAIN_TOKEN": token}
    me = json.loads(ok(cli("whoami", "--json", env=env)))
    assert (me["because"], me["name"]) == ("CHAMBERLAIN_URL", server.api_key)
    by_option = json.loads(
        ok(cli("whoami", "--url", server.base_url, "--json", env={"CHAMBERLAIN_TOKEN": token}))
    )
    assert by_option["because"] == "--url"
    wrong = cli("whoami", env={**env, "CHAMBERLAIN_TOKEN": "not-a-token"})
    assert wrong.exit_code == 3


def test_whoami_on_the_database(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    shown = json.loads(ok(cli("whoami", "--json", env={"CHAMBERLAIN_DATABASE_URL": url})))
    assert shown == {
        "target": "database",
        "url": url,
        "because": "CHAMBERLAIN_DATABASE_URL",
        "kind": "operator",
        "name": getpass.getuser(),
        "account_alias": None,
        "roles": [],
        "permissions": sorted(Permission),
    }
    assert not (tmp_path / "x.sqlite").exists()  # naming the target opens nothing
    default = ok(cli("whoami"))
    assert default.splitlines()[1].split() == ["target", "database"]
    assert "the default database" in default


def test_a_server_that_does_not_answer_exits_10(cli: Cli) -> None:
    env = {"CHAMBERLAIN_URL": "http://127.0.0.1:9", "CHAMBERLAIN_TOKEN": "t"}
    result = cli("roles", "show", "9", env=env)
    assert result.exit_code == 10
    assert result.stderr.startswith("Error: cannot reach the server:")
