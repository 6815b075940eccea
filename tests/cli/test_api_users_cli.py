"""``chamberlain api-users``: the operator's key management, run as a user runs it.

Each CLI call is a new process on the test database; logons and sessions are made
in-process on a runtime over the same database, as the server would make them.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, select

from chamberlain.cli.main import main
from chamberlain.db.models import ApiUserRow
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.domain.permissions import permissions_of
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import v1_sessions
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from chamberlain.services.v1_sessions import NewSession
from tests.support.live_server import chamberlain

ARGON2_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"
LIST_KEYS = [
    "api_key", "account_alias", "created_at", "last_used_at", "retires_at", "state", "permissions",
]  # fmt: skip
NEW_KEYS = [*LIST_KEYS, "password"]
UNKNOWN_KEY = "0123456789abcdef0123456789abcdef"
NOT_FOUND = r"not found|unknown|no such|does not exist"


@pytest.fixture
def hasher(pinned_hasher: PasswordHasher) -> PasswordHasher:
    """The pinned hasher (not the tests' quick one): these tests check what is stored."""
    return pinned_hasher


def _cli(database_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = chamberlain("api-users", *args, database_url=database_url, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _ok(database_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = _cli(database_url, cwd, *args)
    assert result.returncode == 0, result.stderr
    return result


def _listed(database_url: str, cwd: Path) -> dict[str, dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(_ok(database_url, cwd, "list", "--json").stdout)
    return {row["api_key"]: row for row in rows}


def _logon(runtime: Runtime, api_key: str, password: str) -> NewSession | None:
    try:
        return v1_sessions.logon(runtime, api_key=api_key, password=password, source=None)
    except AuthenticationFailed:
        return None


def _alive(runtime: Runtime, session: NewSession) -> bool:
    try:
        v1_sessions.authenticate(runtime, [session.token], face=Face.V1, request_id=None)
    except AuthenticationFailed:
        return False
    return True


def _database_text(runtime: Runtime) -> str:
    """Every value of every table, as text."""
    metadata = MetaData()
    metadata.reflect(runtime.db.engine)
    with runtime.db.engine.connect() as connection:
        return "\n".join(
            repr(value)
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
            for value in row
        )


def _assert_only_hashes(runtime: Runtime, passwords: list[str]) -> None:
    with runtime.db.engine.connect() as connection:
        hashes = list(connection.scalars(select(ApiUserRow.password_hash)))
    assert hashes
    assert all(h.startswith(ARGON2_PREFIX) for h in hashes), hashes
    dump = _database_text(runtime)
    for password in passwords:
        assert password not in dump


def test_create_then_list_shows_every_column_and_never_a_secret(
    database_url: str, tmp_path: Path, runtime: Runtime, root: IssuedCredentials
) -> None:
    result = _ok(database_url, tmp_path, "create", "--account", "root", "--json")
    created = json.loads(result.stdout)
    assert list(created) == NEW_KEYS
    assert (created["account_alias"], created["state"], created["permissions"]) == (
        "ROOT",
        "enabled",
        None,
    )
    assert re.fullmatch(r"[0-9a-f]{32}", created["api_key"])
    key, password = created["api_key"], created["password"]
    assert password not in result.stderr

    assert _logon(runtime, key, password) is not None
    table = _ok(database_url, tmp_path, "list")
    listed = _listed(database_url, tmp_path)
    assert set(listed) == {root.api_user.api_key, key}
    row = listed[key]
    assert list(row) == LIST_KEYS
    assert row["account_alias"] == "ROOT"
    assert row["state"] == "enabled"
    assert datetime.fromisoformat(row["created_at"]) <= datetime.now(UTC)
    assert datetime.fromisoformat(row["last_used_at"]) == runtime.clock()
    assert listed[root.api_user.api_key]["last_used_at"] is None  # never logged on

    header, *lines = table.stdout.splitlines()
    assert header.split() == [
        "API", "KEY", "ACCOUNT", "CREATED", "LAST", "USED", "STATE", "RETIRES",
    ]  # fmt: skip
    line = next(line for line in lines if line.startswith(key))
    assert line.split() == [key, "ROOT", row["created_at"], row["last_used_at"], "enabled", "-"]
    root_line = next(line for line in lines if line.startswith(root.api_user.api_key))
    assert root_line.split()[3] == "-"
    for output in (result.stdout, table.stdout, table.stderr):
        assert root.password not in output
    assert password not in table.stdout + json.dumps(listed)
    _assert_only_hashes(runtime, [password, root.password])


def test_disable_refuses_logons_and_ends_sessions_enable_restores(
    database_url: str,
    tmp_path: Path,
    runtime: Runtime,
    root: IssuedCredentials,
    operator: Actor,
) -> None:
    issued = create_api_user(runtime, operator, "ROOT")
    key, password = issued.api_user.api_key, issued.password
    session = _logon(runtime, key, password)
    assert session is not None
    other = _logon(runtime, root.api_user.api_key, root.password)
    assert other is not None

    assert _ok(database_url, tmp_path, "disable", key.upper()).stdout.strip()
    assert not _alive(runtime, session)
    assert _logon(runtime, key, password) is None
    assert _alive(runtime, other)
    assert _listed(database_url, tmp_path)[key]["state"] == "disabled"

    _ok(database_url, tmp_path, "enable", key)
    assert _logon(runtime, key, password) is not None
    assert not _alive(runtime, session)  # enabling does not bring an ended session back


def test_delete_removes_the_key_refuses_logons_and_ends_sessions(
    database_url: str,
    tmp_path: Path,
    runtime: Runtime,
    root: IssuedCredentials,
    operator: Actor,
) -> None:
    issued = create_api_user(runtime, operator, "ROOT")
    key, password = issued.api_user.api_key, issued.password
    session = _logon(runtime, key, password)
    assert session is not None

    _ok(database_url, tmp_path, "delete", key)
    assert not _alive(runtime, session)
    assert _logon(runtime, key, password) is None
    assert set(_listed(database_url, tmp_path)) == {root.api_user.api_key}

    again = _cli(database_url, tmp_path, "enable", key)  # a deleted key is unknown
    assert again.returncode == 1
    assert key in again.stderr


def test_rotate_gives_a_second_working_key_without_a_gap(
    database_url: str, tmp_path: Path, runtime: Runtime, root: IssuedCredentials
) -> None:
    old_key = root.api_user.api_key
    old_session = _logon(runtime, old_key, root.password)
    assert old_session is not None

    result = _ok(database_url, tmp_path, "rotate", old_key, "--grace-hours", "2", "--json")
    issued = json.loads(result.stdout)
    assert list(issued) == NEW_KEYS
    assert issued["account_alias"] == "ROOT"
    assert issued["api_key"] != old_key

    assert _logon(runtime, issued["api_key"], issued["password"]) is not None
    assert _logon(runtime, old_key, root.password) is not None
    assert _alive(runtime, old_session)

    listed = _listed(database_url, tmp_path)
    assert listed[issued["api_key"]]["state"] == "enabled"
    assert listed[old_key]["state"] == "retiring"
    until = datetime.fromisoformat(listed[old_key]["retires_at"])
    hours = (until - runtime.clock()).total_seconds() / 3600
    assert 1.9 < hours < 2.1, until
    _assert_only_hashes(runtime, [root.password, issued["password"]])


def test_rotating_an_unknown_key_fails_cleanly_says_why_and_issues_nothing(
    database_url: str, tmp_path: Path, runtime: Runtime, root: IssuedCredentials
) -> None:
    result = _cli(database_url, tmp_path, "rotate", UNKNOWN_KEY, "--json")
    assert result.returncode == 1
    assert UNKNOWN_KEY in result.stderr
    assert result.stdout == ""
    with runtime.db.engine.connect() as connection:
        assert list(connection.scalars(select(ApiUserRow.api_key))) == [root.api_user.api_key]
    # The operator is told what is wrong, not only which key.
    assert re.search(NOT_FOUND, result.stderr, re.IGNORECASE), result.stderr


def test_list_for_one_account_covers_its_subtree_only(
    database_url: str, runtime: Runtime, root: IssuedCredentials, root_actor: Actor
) -> None:
    for parent, alias in (("ROOT", "SUB"), ("SUB", "LEAF"), ("ROOT", "SIB")):
        create_sub_account(
            runtime, root_actor, parent_alias=parent, alias=alias, business_name=alias
        )
    keys = {alias: create_api_user(runtime, root_actor, alias).api_user.api_key
            for alias in ("SUB", "LEAF", "SIB")}  # fmt: skip
    runner = CliRunner()
    result = runner.invoke(
        main, ["api-users", "list", "--account", "sub", "--json", "--database-url", database_url]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["api_key"], r["account_alias"]) for r in rows] == [
        (keys["SUB"], "SUB"),
        (keys["LEAF"], "LEAF"),
    ]
    unknown = runner.invoke(
        main, ["api-users", "list", "--account", "ZZZZ", "--database-url", database_url]
    )
    assert unknown.exit_code == 1
    assert "ZZZZ" in unknown.output


def test_create_with_roles_makes_a_least_privilege_key(
    database_url: str, runtime: Runtime, root: IssuedCredentials
) -> None:
    args = ["api-users", "create", "--account", "root", "--role", "Server Operator",
            "--role", "15", "--json", "--database-url", database_url]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    key = json.loads(result.output)["api_key"]
    with runtime.db.read() as uow:
        created = uow.api_users.find(key)
    assert created is not None
    assert created.permissions == permissions_of([14, 15])
    unknown = CliRunner().invoke(main, [*args[:4], "--role", "7", "--database-url", database_url])
    assert unknown.exit_code == 2
    assert "is not a role" in unknown.output
