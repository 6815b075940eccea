"""``chamberlain completion bash|zsh|fish``: click's shell completion script.

The script calls ``chamberlain`` back with ``_CHAMBERLAIN_COMPLETE`` set, and click
answers with the commands, options and values that fit (saved profile names for
``--profile``).
"""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

PROG_NAME = "chamberlain"
COMPLETE_VAR = "_CHAMBERLAIN_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL; load it from your shell's start-up file.

    \b
    Examples:
      eval "$(chamberlain completion bash)"      # in ~/.bashrc
      eval "$(chamberlain completion zsh)"       # in ~/.zshrc
      chamberlain completion fish > ~/.config/fish/completions/chamberlain.fish
    """
    root = click.get_current_context().find_root().command
    kind = get_completion_class(shell)
    assert kind is not None  # every name in SHELLS is one of click's
    click.echo(kind(root, {}, PROG_NAME, COMPLETE_VAR).source())
