"""The CLI starts without the database stack or the server: they are imported by the
commands that use them (``cli/main.py``), so ``--help``, completion and the remote
commands do not pay for them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "uvicorn", "chamberlain.services", "chamberlain.db")


def test_importing_the_cli_leaves_the_database_stack_and_the_server_unloaded() -> None:
    probe = (
        "import sys, chamberlain.cli.main; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} "
        f"or m.startswith({HEAVY[3:]!r})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
