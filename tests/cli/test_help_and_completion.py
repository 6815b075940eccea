"""``--help`` with examples on every command, and shell completion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from chamberlain.cli.main import main
from chamberlain.cli.profiles import Profile, ProfileStore, SavedToken
from tests.cli.conftest import Cli, ok

# Commands that work on the database and on a server say how the target is chosen.
DUAL = {
    ("accounts", "create"), ("api-users", "create"), ("api-users", "list"),
    ("api-users", "disable"), ("api-users", "enable"), ("api-users", "delete"),
    ("api-users", "rotate"), ("roles", "list"), ("whoami",),
}  # fmt: skip


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS = list(_commands(main))


def test_the_tree_has_the_remote_commands() -> None:
    wanted = (
        {
            ("accounts", name)
            for name in ("list", "show", "create", "update", "suspend", "enable", "tree")
        }
        | {
            ("users", name)
            for name in (
                "list",
                "show",
                "create",
                "update",
                "suspend",
                "unsuspend",
                "delete",
                "invite",
                "import",
                "export",
                "set-password",
            )
        }
        | {
            ("roles", "list"),
            ("roles", "show"),
            ("audit", "list"),
            ("audit", "tail"),
            ("login",),
            ("logout",),
            ("profiles", "list"),
            ("profiles", "use"),
            ("completion",),
            ("init",),
            ("serve",),
            ("db", "upgrade"),
        }
    )
    assert wanted <= set(COMMANDS)


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "chamberlain")
def test_every_command_has_help_with_examples(cli: Cli, path: tuple[str, ...]) -> None:
    shown = ok(cli(*path, "--help"))
    assert "\nExamples:\n" in shown or "\n  Examples:\n" in shown, shown
    examples = shown.split("Examples:\n", 1)[1]
    assert "chamberlain " + " ".join(path) in examples
    if path in DUAL:
        assert "Target: " in shown
        assert "CHAMBERLAIN_DATABASE_URL" in shown


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef chamberlain"), ("fish", "complete ")],
)
def test_completion_prints_clicks_script(cli: Cli, shell: str, marker: str) -> None:
    script = ok(cli("completion", shell))
    assert marker in script
    assert "_CHAMBERLAIN_COMPLETE" in script
    assert cli("completion", "powershell").exit_code == 2


def _complete(words: str) -> list[str]:
    """What bash completion offers for the last word of ``words``, as the script that
    ``chamberlain completion bash`` prints asks for it."""
    env = {
        "_CHAMBERLAIN_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = CliRunner(env=env).invoke(main, [], prog_name="chamberlain")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_completion_offers_commands_options_and_profiles(config_dir: Path) -> None:
    assert _complete("chamberlain us") == ["users"]
    assert set(_complete("chamberlain users i")) == {"import", "invite"}
    assert "--output" in _complete("chamberlain users list --o")
    assert _complete("chamberlain users list --output j") == ["json"]
    store = ProfileStore(config_dir)
    for name in ("prod", "preview", "stage"):
        store.save(Profile(name, "https://x.example", user="u"), SavedToken("t", None))
    assert _complete("chamberlain users list --profile pr") == ["preview", "prod"]
