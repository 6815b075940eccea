"""The pytest plugin (entry point ``pytest11``, name ``chamberlain``).

Fixtures: ``chamberlain_server`` (a fresh emulated server per test) and
``chamberlain_database_template`` (the migrated SQLite database each server copies, made
once per session). The marker ``@pytest.mark.chamberlain(...)`` passes
``ServerOptions`` to the closest server. Disable the plugin with ``-p no:chamberlain``.

The server modules are imported when a fixture first runs, not when pytest loads the
plugin: every pytest run in an environment with chamberlain installed loads this module,
and most of those never start a server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from chamberlain.testing.server import ChamberlainServer, ServerOptions

MARKER = "chamberlain"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (runs with ``--strict-markers`` need it declared)."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(root_alias=None, deterministic_ids=False, frozen_at=None, settings=None): "
        "options of the chamberlain_server fixture",
    )


@pytest.fixture(scope="session")
def chamberlain_database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite database; each ``chamberlain_server`` starts on a copy."""
    from chamberlain.testing.server import create_template  # noqa: PLC0415 - see module doc

    return create_template(tmp_path_factory.mktemp("chamberlain-template"))


def _options(request: pytest.FixtureRequest) -> ServerOptions:
    from chamberlain.testing.server import ServerOptions  # noqa: PLC0415 - see module doc

    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return ServerOptions()
    kwargs = dict(marker.kwargs)
    if kwargs.get("settings") is None:
        kwargs.pop("settings", None)
    try:
        if marker.args:
            raise TypeError("takes keyword arguments only")
        return ServerOptions(**kwargs)
    except TypeError as exc:
        pytest.fail(f"@pytest.mark.{MARKER}: {exc}", pytrace=False)


@pytest.fixture
def chamberlain_server(
    request: pytest.FixtureRequest,
    chamberlain_database_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ChamberlainServer]:
    """A chamberlain serving on ``127.0.0.1`` for this test alone: its own database (a copy
    of the session's template), root account, API credentials, clock and fault switches.
    Stopped when the test ends."""
    from chamberlain.testing.server import start_server  # noqa: PLC0415 - see module doc

    workdir = tmp_path_factory.mktemp("chamberlain")
    with start_server(workdir, chamberlain_database_template, _options(request)) as server:
        yield server
