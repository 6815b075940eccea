"""Point clc-sdk at the emulated chamberlain for each test.

``chamberlain_server`` comes from chamberlain's pytest plugin, which pytest loads by itself
once chamberlain is installed. clc-sdk keeps its endpoint, credentials, cookie and
account alias in module globals; ``monkeypatch`` sets them for one test and puts them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import clc
import pytest
import requests

from chamberlain.testing import ChamberlainServer

ROSTER_COLUMNS = "UserName,EmailAddress,FirstName,LastName,Roles"


@pytest.fixture
def clc_sdk(
    chamberlain_server: ChamberlainServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModuleType]:
    """clc-sdk logged on to a fresh emulated account as its root API user."""
    monkeypatch.setattr(clc.defaults, "ENDPOINT_URL_V1", chamberlain_server.v1_url)
    for name in ("_LOGIN_COOKIE_V1", "ALIAS", "LOCATION"):
        monkeypatch.setattr(clc, name, False)
    with requests.Session() as session:
        monkeypatch.setattr(clc, "_REQUESTS_SESSION", session)
        # SetCredentials creates these globals; raising=False removes them afterwards.
        monkeypatch.setattr(clc.v1, "V1_API_KEY", chamberlain_server.api_key, raising=False)
        monkeypatch.setattr(clc.v1, "V1_API_PASSWD", chamberlain_server.password, raising=False)
        yield clc


RosterWriter = Callable[..., Path]


@pytest.fixture
def write_roster(tmp_path: Path) -> RosterWriter:
    """Write a roster file from ``"UserName,EmailAddress,FirstName,LastName,Roles"`` rows."""

    def write(*rows: str) -> Path:
        path = tmp_path / "roster.csv"
        path.write_text("\n".join([ROSTER_COLUMNS, *rows]) + "\n", encoding="utf-8")
        return path

    return write
