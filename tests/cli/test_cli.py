"""The CLI contract automation relies on, run as a user runs it (a new process each time)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

from chamberlain.cli.main import local_url, main
from chamberlain.db.engine import normalise_url
from chamberlain.db.migrate import is_current
from chamberlain.db.models import AccountRow, ApiUserRow
from chamberlain.services import v1_sessions
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from tests.support.live_server import chamberlain


def _count(database_url: str, model: type[AccountRow] | type[ApiUserRow]) -> int:
    engine = create_engine(normalise_url(database_url))
    with engine.connect() as connection:
        count = int(connection.scalar(select(func.count()).select_from(model)) or 0)
    engine.dispose()
    return count


def _can_log_on(database_url: str, api_key: str, password: str) -> bool:
    runtime = Runtime.from_settings(Settings(database_url=database_url, hash_concurrency=1))
    try:
        v1_sessions.logon(runtime, api_key=api_key, password=password, source=None)
    except Exception:  # any failure means "cannot log on"
        return False
    finally:
        runtime.close()
    return True


def test_init_json_prints_exactly_one_object(database_url: str, tmp_path: Path) -> None:
    result = chamberlain("init", "--json", database_url=database_url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["AccountAlias", "APIKey", "Password"]
    assert re.fullmatch(r"[A-Z]{4}", document["AccountAlias"])
    assert re.fullmatch(r"[0-9a-f]{32}", document["APIKey"])
    assert len(document["Password"]) >= 15
    assert document["Password"] not in result.stderr
    assert _can_log_on(database_url, document["APIKey"], document["Password"])


def test_init_twice_creates_nothing_and_succeeds(database_url: str, tmp_path: Path) -> None:
    first = chamberlain("init", "--alias", "t3n", database_url=database_url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "T3N" in first.stdout
    second = chamberlain("init", "--json", database_url=database_url, cwd=tmp_path)
    assert second.returncode == 0
    assert second.stdout == ""
    assert "already initialised" in second.stderr
    assert _count(database_url, AccountRow) == 1
    assert _count(database_url, ApiUserRow) == 1


@pytest.mark.parametrize("alias", ["TOOLONG", "A", "A-B", "ＡＢ"])
def test_init_refuses_a_bad_alias_and_writes_nothing(
    database_url: str, tmp_path: Path, alias: str
) -> None:
    result = chamberlain("init", "--alias", alias, database_url=database_url, cwd=tmp_path)
    assert result.returncode == 1
    assert "letters or digits" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count(database_url, AccountRow) == 0


def test_api_users_create_makes_a_working_key(database_url: str, tmp_path: Path) -> None:
    init = chamberlain("init", "--json", database_url=database_url, cwd=tmp_path)
    alias = json.loads(init.stdout)["AccountAlias"]
    result = chamberlain(
        "api-users",
        "create",
        "--account",
        alias.lower(),
        "--json",
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["account_alias"] == alias
    assert document["api_key"] != json.loads(init.stdout)["APIKey"]
    assert _can_log_on(database_url, document["api_key"], document["password"])


def test_api_users_create_in_unknown_account_fails(database_url: str, tmp_path: Path) -> None:
    chamberlain("init", database_url=database_url, cwd=tmp_path)
    result = chamberlain(
        "api-users", "create", "--account", "ZZZZ", database_url=database_url, cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert _count(database_url, ApiUserRow) == 1


def test_db_upgrade_migrates_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    result = chamberlain("db", "upgrade", database_url=url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    assert is_current(engine)
    engine.dispose()
    again = chamberlain("db", "upgrade", database_url=url, cwd=tmp_path)
    assert again.returncode == 0


def test_database_url_option_beats_the_environment(tmp_path: Path) -> None:
    from_env = f"sqlite:///{tmp_path / 'env.sqlite'}"
    from_option = f"sqlite:///{tmp_path / 'option.sqlite'}"
    result = chamberlain("init", "--database-url", from_option, database_url=from_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "option.sqlite").exists()
    assert not (tmp_path / "env.sqlite").exists()


def test_default_database_lives_under_var(tmp_path: Path) -> None:
    result = chamberlain("init", database_url="", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "chamberlain.db").exists()


def test_serve_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = chamberlain("serve", "--port", "1", database_url=url, cwd=tmp_path)
    assert result.returncode == 1
    assert "chamberlain init" in result.stderr


def test_accounts_create_makes_a_sub_account(database_url: str, tmp_path: Path) -> None:
    init = chamberlain("init", "--json", "--alias", "T3N", database_url=database_url, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    made = chamberlain(
        "accounts", "create", "--parent", "t3n", "--alias", "ab1", "--name", "Acme", "--json",
        database_url=database_url, cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    account = json.loads(made.stdout)
    assert (account["alias"], account["parent_alias"], account["business_name"]) == (
        "AB1",
        "T3N",
        "Acme",
    )
    again = chamberlain(
        "accounts", "create", "--parent", "T3N", "--alias", "AB1", "--name", "Acme",
        database_url=database_url, cwd=tmp_path,
    )  # fmt: skip
    assert again.returncode == 1
    assert "Account exists" in again.stderr
    assert _count(database_url, AccountRow) == 2


def test_links_in_mail_lead_to_where_serve_listens() -> None:
    assert local_url("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert local_url("0.0.0.0", 9000) == "http://127.0.0.1:9000"  # noqa: S104
    assert local_url("::1", 9000) == "http://[::1]:9000"


@pytest.mark.usefixtures("root")
def test_accounts_create_refuses_a_name_no_face_would_take(database_url: str) -> None:
    """Issue 13: the operator's command stored the name unchecked (a line separator in it
    broke every mail of the account); it is now held to the rules of every face."""
    for name, said in [("Acme\u2028Corp", "contains line breaks"), (" ", "is required")]:
        result = CliRunner().invoke(
            main,
            ["accounts", "create", "--parent", "ROOT", "--name", name,
             "--database-url", database_url],
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        assert said in result.stderr
    assert _count(database_url, AccountRow) == 1
