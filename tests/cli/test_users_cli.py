"""``chamberlain users set-password``: a password comes from a prompt or stdin, never argv.

The happy paths run the CLI as a user runs it (a new process, stdin a pipe or a
terminal); usage errors run in-process through click's runner, which exits the same way.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select as sql_select
from starlette.testclient import TestClient

from chamberlain.cli.main import main
from chamberlain.db.models import UserRow
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction, User, validate_new_user
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import change_status, create_user

NAME = "jdoe"
PASSWORD = "correct horse battery staple"
TIMEOUT_S = 60.0


@pytest.fixture
def person(runtime: Runtime, root: IssuedCredentials, operator: Actor) -> User:
    new = validate_new_user(
        user_name=NAME,
        account_alias="ROOT",
        email="jdoe@example.com",
        first_name="Jane",
        last_name="Doe",
        optional={},
        allow_sms=None,
        roles=[10],
    )
    return create_user(runtime, operator, new)


def _environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "CHAMBERLAIN_DATABASE_URL": database_url}


def _set_password(
    database_url: str, cwd: Path, stdin: str, *flags: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chamberlain", "users", "set-password", NAME, *flags],
        input=stdin,
        capture_output=True,
        text=True,
        env=_environment(database_url),
        cwd=cwd,
        timeout=TIMEOUT_S,
        check=False,
    )


def _can_log_in(runtime: Runtime, password: str) -> bool:
    try:
        person_auth.login(runtime, user_name=NAME, password=password, source=None)
    except AuthenticationFailed:
        return False
    return True


def _password_hash(runtime: Runtime) -> str | None:
    with runtime.db.engine.connect() as connection:
        return connection.scalar(sql_select(UserRow.password_hash).where(UserRow.user_name == NAME))


def _read_until(fd: int, marker: bytes | None) -> bytes:
    """Read a pseudo-terminal until ``marker`` appears (or, with None, until it closes)."""
    seen = b""
    deadline = time.monotonic() + TIMEOUT_S
    while marker is None or marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"timed out waiting for {marker!r}; got {seen!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # Linux: EIO once the child closed its side
            chunk = b""
        if not chunk:
            assert marker is None, f"closed before {marker!r}; got {seen!r}"
            return seen
        seen += chunk
    return seen


@pytest.mark.parametrize(
    ("flags", "ending"),
    [(("--password-stdin",), "\n"), ((), "\r\n")],
    ids=["password-stdin", "stdin-not-a-tty"],
)
def test_password_from_stdin_replaces_the_old_one_and_v2_login_works(
    *,
    database_url: str,
    tmp_path: Path,
    runtime: Runtime,
    client: TestClient,
    person: User,
    operator: Actor,
    flags: tuple[str, ...],
    ending: str,
) -> None:
    person_auth.set_password(runtime, operator, NAME, "the first password!")
    old_token = person_auth.login(
        runtime, user_name=NAME, password="the first password!", source=None
    ).token

    result = _set_password(database_url, tmp_path, PASSWORD + ending + "ignored\n", *flags)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Password set for {NAME}."
    assert PASSWORD not in result.stdout + result.stderr
    stored = _password_hash(runtime)
    assert stored is not None
    assert stored.startswith("$argon2id$")

    with pytest.raises(AuthenticationFailed):
        person_auth.authenticate_bearer(runtime, old_token)
    assert not _can_log_in(runtime, "the first password!")
    response = client.post(
        "/v2/authentication/login", json={"username": NAME, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    assert response.json()["userName"] == NAME


def test_password_from_a_terminal_prompt_is_asked_twice_and_not_echoed(
    database_url: str, tmp_path: Path, runtime: Runtime, person: User
) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "chamberlain", "users", "set-password", NAME],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=_environment(database_url),
        cwd=tmp_path,
        start_new_session=True,  # no controlling terminal: getpass uses stdin, the pty
    )
    os.close(terminal)
    try:
        transcript = _read_until(controller, b"New password: ")
        os.write(controller, PASSWORD.encode() + b"\n")
        transcript += _read_until(controller, b"Repeat for confirmation: ")
        os.write(controller, PASSWORD.encode() + b"\n")
        transcript += _read_until(controller, None)
        assert process.wait(timeout=TIMEOUT_S) == 0, transcript
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
            process.wait()
    text = transcript.decode()
    assert f"Password set for {NAME}." in text
    assert PASSWORD not in text
    assert _can_log_in(runtime, PASSWORD)


@pytest.mark.parametrize(
    "argv",
    [
        [NAME, PASSWORD],
        [NAME, "--password", PASSWORD],
        [NAME, "--password-stdin", PASSWORD],
        [f"--password={PASSWORD}", NAME],
    ],
    ids=["positional", "option", "positional-with-stdin-flag", "option-equals"],
)
def test_a_password_on_the_command_line_is_a_usage_error(
    database_url: str, runtime: Runtime, person: User, argv: list[str]
) -> None:
    result = CliRunner().invoke(
        main,
        ["users", "set-password", *argv, "--database-url", database_url],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 2, result.output
    assert "Password set" not in result.output
    assert _password_hash(runtime) is None
    assert not _can_log_in(runtime, PASSWORD)


def test_a_short_password_is_refused_with_the_reason(
    database_url: str, runtime: Runtime, person: User
) -> None:
    short = "fourteen-chars"
    assert len(short) == 14
    result = CliRunner().invoke(
        main,
        ["users", "set-password", NAME, "--password-stdin", "--database-url", database_url],
        input=short + "\n",
    )
    assert result.exit_code == 1, result.output
    assert "at least 15 characters" in result.stderr
    assert isinstance(result.exception, SystemExit)
    assert _password_hash(runtime) is None
    assert not _can_log_in(runtime, short)


@pytest.mark.parametrize("target", ["nobody", "gone"])
def test_an_unknown_or_deleted_user_gets_no_password(
    database_url: str, runtime: Runtime, person: User, operator: Actor, target: str
) -> None:
    gone = validate_new_user(
        user_name="gone",
        account_alias="ROOT",
        email="gone@example.com",
        first_name="Gone",
        last_name="User",
        optional={},
        allow_sms=None,
        roles=[],
    )
    create_user(runtime, operator, gone)
    change_status(runtime, operator, "gone", LifecycleAction.DELETE)
    result = CliRunner().invoke(
        main,
        ["users", "set-password", target, "--password-stdin", "--database-url", database_url],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 1, result.output
    assert target in result.stderr
    assert isinstance(result.exception, SystemExit)
    with runtime.db.engine.connect() as connection:
        hashes = set(connection.scalars(sql_select(UserRow.password_hash)))
    assert hashes == {None}
