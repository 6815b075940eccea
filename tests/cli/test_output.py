"""How remote commands print (``cli/output.py``) and report progress (``cli/progress.py``)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from chamberlain.cli.output import emit_one, emit_rows, record
from chamberlain.cli.progress import progress
from chamberlain.client import AuditEvent

EVENT = AuditEvent(
    id=7, occurred_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC), action="rest:user:update",
    face="rest", request_id=None, actor_kind="api_user", actor="k", actor_account="ACME",
    target_kind="user", target="jdoe", target_account="ACME",
    changes={"roles": ((), (12, 14)), "title": (None, "CTO")},
)  # fmt: skip


def _printed(fmt: str, table: list[tuple[str, str]] | None = None) -> str:
    @click.command()
    def show() -> None:
        row = record(EVENT)
        if table is None:
            emit_one(row, fmt)
        else:
            emit_rows(
                [row, {**row, "id": 8, "target": "a-much-longer-name"}],
                fmt,
                fields=["id", "target", "changes"],
                columns=table,
            )

    result = CliRunner().invoke(show, [])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_the_sdk_model_with_snake_case_keys() -> None:
    document = json.loads(_printed("json"))
    assert document["occurred_at"] == "2030-01-02T03:04:05+00:00"
    assert document["changes"] == {"roles": [[], [12, 14]], "title": [None, "CTO"]}
    assert list(document)[:3] == ["id", "occurred_at", "action"]


def test_csv_has_a_header_and_only_the_named_fields() -> None:
    lines = _printed("csv", table=[]).splitlines()
    assert lines[0] == "id,target,changes"
    assert lines[1] == '7,jdoe,"{""roles"": [[], [12, 14]], ""title"": [null, ""CTO""]}"'
    assert lines[2].startswith("8,a-much-longer-name,")


def test_a_table_off_a_terminal_is_plain_aligned_columns() -> None:
    lines = _printed("table", table=[("ID", "id"), ("TARGET", "target"), ("WHO", "actor")])
    assert lines.splitlines() == [
        "ID  TARGET              WHO",
        "7   jdoe                k",
        "8   a-much-longer-name  k",
    ]
    assert "\x1b" not in lines


def test_one_object_off_a_terminal_is_field_and_value_lines() -> None:
    lines = _printed("table").splitlines()
    assert lines[0].split() == ["FIELD", "VALUE"]
    assert lines[1].split() == ["id", "7"]
    assert lines[5].split() == ["request_id", "-"]


def test_on_a_terminal_the_table_is_drawn_by_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich: treat the output as a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    text = _printed("table", table=[("ID", "id"), ("TARGET", "target")])
    assert "─" in text  # the header rule of a rich table
    assert "a-much-longer-name" in text


def test_progress_off_a_terminal_is_one_line_per_step() -> None:
    @click.command()
    def steps() -> None:
        with progress("import", 5) as advance:
            advance(2)
            advance(3)

    result = CliRunner().invoke(steps, [])
    assert result.stderr.splitlines() == ["import: 2/5 rows", "import: 5/5 rows"]
    assert result.stdout == ""


def test_progress_on_a_terminal_is_a_rich_bar() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with progress("import", 10_000, console) as advance:
        for _ in range(10):
            advance(1_000)
    drawn = screen.getvalue()
    assert "import" in drawn
    assert "10000/10000 rows" in drawn
    assert "━" in drawn  # the bar
