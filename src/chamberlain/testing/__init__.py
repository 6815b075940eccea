"""chamberlain as an emulator for other people's tests, and its pytest plugin.

With chamberlain installed, pytest loads the plugin (``chamberlain.testing.plugin``) and
every test can ask for the ``chamberlain_server`` fixture: the real app on a loopback
port, on its own database, with a controllable clock and fault switches. See
``docs/testing-with-the-emulator.md``.

The names below load on first use, so that importing this package (which pytest does for
the plugin in every run) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chamberlain.testing.clock import EmulatorClock
    from chamberlain.testing.faults import Faults
    from chamberlain.testing.server import (
        ChamberlainServer,
        ServerOptions,
        create_template,
        start_server,
    )

__all__ = [
    "ChamberlainServer",
    "EmulatorClock",
    "Faults",
    "ServerOptions",
    "create_template",
    "start_server",
]

_HOMES = {
    "ChamberlainServer": "chamberlain.testing.server",
    "ServerOptions": "chamberlain.testing.server",
    "create_template": "chamberlain.testing.server",
    "start_server": "chamberlain.testing.server",
    "EmulatorClock": "chamberlain.testing.clock",
    "Faults": "chamberlain.testing.faults",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
