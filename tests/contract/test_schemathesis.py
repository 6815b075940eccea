"""Schemathesis against the REST face of a live server: every check, a fixed seed, a
bounded number of cases per operation. Its report is printed (``pytest -s`` shows it;
on failure it is in the assertion message)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from tests.support.live_server import LiveServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = os.environ.get("CHAMBERLAIN_SCHEMATHESIS_EXAMPLES", "10")
# Long runs (docs/reliability.md) raise both.
TIMEOUT_S = int(os.environ.get("CHAMBERLAIN_SCHEMATHESIS_TIMEOUT", "600"))


def test_rest_api_conforms_to_its_openapi_document(live_server: LiveServer) -> None:
    token = requests.post(
        f"{live_server.base_url}/api/auth/token",
        json={"api_key": live_server.api_key, "password": live_server.password},
        timeout=10,
    ).json()["access_token"]
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.base_url}/api/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            "20261128",
            "-H",
            f"Authorization: Bearer {token}",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    report = run.stdout + run.stderr
    print(report)
    assert run.returncode == 0, report
