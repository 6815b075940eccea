"""Fixtures of the CLI tests.

Every test runs with a configuration folder of its own and without the remote CLI's
environment variables, so no test reads or writes the real user's profiles, and no
developer's login turns a local command into a remote one. Remote commands run
in-process (click's runner) against the emulator (``chamberlain_server``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest
from click.testing import CliRunner, Result

from chamberlain.cli.main import main
from chamberlain.testing import ChamberlainServer

CLI_ENV = ("CHAMBERLAIN_URL", "CHAMBERLAIN_TOKEN", "XDG_CONFIG_HOME")


class Cli(Protocol):
    def __call__(self, *args: str, input: str | None = ..., env: dict[str, str] = ...) -> Result:
        """Run ``chamberlain ARGS`` in-process; a Python exception fails the test."""


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("CHAMBERLAIN_CONFIG_DIR", str(folder))
    for name in CLI_ENV:
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``chamberlain`` in-process, on no database unless the test names one."""
    monkeypatch.delenv("CHAMBERLAIN_DATABASE_URL", raising=False)

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        result = CliRunner(env=env).invoke(main, list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


def ok(result: Result) -> str:
    """The stdout of a command that must succeed."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def login(cli: Cli, chamberlain_server: ChamberlainServer) -> Callable[..., Result]:
    """Log on to the emulator as its root API user (``login(profile=...)`` for another
    profile name)."""

    def run(profile: str = "default") -> Result:
        server = chamberlain_server
        return cli(
            "login",
            "--url",
            server.base_url,
            "--api-key",
            server.api_key,
            "--profile",
            profile,
            "--password-stdin",
            input=server.password + "\n",
        )

    return run


@pytest.fixture
def logged_in(login: Callable[..., Result]) -> None:
    """The root API user of the emulator is logged in (profile ``default``, current)."""
    ok(login())
