"""The scim2-tester conformance suite (from PyPI) against a live server, on SQLite and
PostgreSQL. Its report is printed (``pytest -s`` shows it; on failure it is in the
assertion message); any failed check not listed in ``KNOWN_GAPS`` fails the test.

Each gap is documented in ``docs/scim.md`` ("Conformance").
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.contract.conftest import live_server, server_process  # noqa: F401 - fixtures
from tests.support.live_server import LiveServer, chamberlain

SEED = "20261201"
FAILED = {"ERROR", "CRITICAL"}
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Gap:
    """A check that fails for a documented reason: its resource type, its title (None:
    any) and a piece of its reason."""

    resource_type: str
    title: str | None
    reason_contains: str
    why: str

    def covers(self, check: dict[str, str | None]) -> bool:
        return (
            check["resource_type"] == self.resource_type
            and self.title in (None, check["title"])
            and self.reason_contains in (check["reason"] or "")
        )


KNOWN_GAPS = (
    Gap(
        "Group", None, "no group can be created",
        "groups are the fixed role catalogue; every Group check first creates a group",
    ),
    Gap(
        "User", "check_remove_attribute", "'active'",
        "a user is always active or not: removing active is refused (mutability)",
    ),
    Gap(
        "User", "check_replace_attribute", "'emails'",
        "the primary address is kept as the work address; a sent type or flag is not kept",
    ),
)  # fmt: skip


def _run_suite(server: LiveServer) -> list[dict[str, str | None]]:
    issued = chamberlain(
        "scim-tokens", "create", "--account", server.alias, "--json",
        database_url=server.database_url, cwd=ROOT,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    token = json.loads(issued.stdout)["Token"]
    run = subprocess.run(
        [sys.executable, "-m", "tests.scim.conformance_runner", f"{server.base_url}/scim/v2",
         token, SEED],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def _report(checks: list[dict[str, str | None]]) -> str:
    lines = [
        f"{c['status']:8} {c['resource_type'] or '-':6} {c['title']}: {(c['reason'] or '')[:160]}"
        for c in checks
    ]
    counts = Counter(str(c["status"]) for c in checks)
    lines.append("scim2-tester: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return "\n".join(lines)


def test_scim_conformance(live_server: LiveServer) -> None:  # noqa: F811 - the fixture
    checks = _run_suite(live_server)
    report = _report(checks)
    print(report)
    unexpected = [
        c for c in checks
        if c["status"] in FAILED and not any(gap.covers(c) for gap in KNOWN_GAPS)
    ]  # fmt: skip
    assert not unexpected, report
    passed = sum(c["status"] == "SUCCESS" for c in checks)
    assert passed >= 50, report  # the suite really ran
