"""``chamberlain users import`` and ``users export``: many users through the bulk API.

An import reads the whole file first (a bad header stops it before anything is sent),
then sends the rows in chunks of at most ``CHUNK_ROWS`` (and about ``CHUNK_BYTES``; the
server takes 1 000 users and 4 MiB per request). The server answers one result per
user, except that a row its schema refuses (a value too long, say) fails the whole
request: then the halves of the chunk are sent apart, down to that row (a few more
requests per such row). Every row ends with one result, in file order.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import click

from chamberlain.cli.exit_codes import CliFailure, ExitCode, field_issues
from chamberlain.cli.output import emit_rows, field_names, output_options, record
from chamberlain.cli.progress import progress
from chamberlain.cli.remote import connect, server_of, server_options
from chamberlain.cli.user_csv import CSV_COLUMNS, BadFile, Row, read_rows, user_record
from chamberlain.client import ChamberlainError, ValidationError

if TYPE_CHECKING:
    from chamberlain.client import Client, NewUser

CHUNK_ROWS = 500
CHUNK_BYTES = 2 * 1024 * 1024
_COLUMNS = (
    ("ROW", "row"),
    ("USER", "user_name"),
    ("RESULT", "result"),
    ("CODE", "code"),
    ("DETAIL", "detail"),
)


@dataclass(frozen=True, slots=True)
class RowResult:
    """What happened to one row: ``result`` is ``created``, ``updated``, ``unchanged`` or
    ``error`` (then ``code`` and ``detail`` say why)."""

    row: int
    user_name: str | None
    result: str
    code: str | None = None
    detail: str | None = None


Pending = tuple[int, "NewUser"]  # a row's line and the user it holds


def _chunks(rows: Iterable[Pending]) -> Iterator[list[Pending]]:
    chunk: list[Pending] = []
    size = 0
    for row in rows:
        weight = len(json.dumps(row[1]))
        if chunk and (len(chunk) == CHUNK_ROWS or size + weight > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(row)
        size += weight
    if chunk:
        yield chunk


def send_chunk(
    api: Client, alias: str, chunk: Sequence[Pending], *, dry_run: bool, upsert: bool
) -> list[RowResult]:
    """Import one chunk: one result per row. When the server refuses the whole request
    as invalid (one row it cannot even read fails every row with it), each half is sent
    on its own, down to the single row that fails alone; other refusals are raised."""
    users = [user for _, user in chunk]
    try:
        answer = api.users.bulk(alias, users, dry_run=dry_run, upsert=upsert)
    except ValidationError as exc:
        if len(chunk) == 1:
            number, user = chunk[0]
            return [RowResult(number, user["user_name"], "error", exc.code, _one_line(exc))]
        half = len(chunk) // 2
        return [
            *send_chunk(api, alias, chunk[:half], dry_run=dry_run, upsert=upsert),
            *send_chunk(api, alias, chunk[half:], dry_run=dry_run, upsert=upsert),
        ]
    return [
        RowResult(chunk[item.index][0], item.user_name, item.result, item.code, item.detail)
        for item in answer.items
    ]


def _one_line(error: ValidationError) -> str:
    """The refusal's detail and the members it names, on one line."""
    return " ".join((error.detail + field_issues(error)).split())


def _emit(results: list[RowResult], fmt: str) -> None:
    rows = [record(r) for r in sorted(results, key=lambda r: r.row)]
    emit_rows(rows, fmt, fields=field_names(RowResult), columns=_COLUMNS)


def _read(file: str) -> list[Row]:
    with click.open_file(file, "rb") as stream:
        data = stream.read()
    try:
        return list(read_rows(data))
    except BadFile as exc:
        raise CliFailure(f"{file}: {exc}", ExitCode.INVALID_INPUT) from None


def _import_all(
    api: Client,
    alias: str,
    rows: list[Row],
    results: list[RowResult],
    *,
    dry_run: bool,
    upsert: bool,
) -> None:
    """Send every row that holds a user, adding their results to ``results`` (which holds
    those of the others); progress on stderr."""
    pending: list[Pending] = [(r.number, r.user) for r in rows if r.user is not None]
    with progress("import", len(rows)) as advance:
        advance(len(results))
        for chunk in _chunks(pending):
            try:
                results.extend(send_chunk(api, alias, chunk, dry_run=dry_run, upsert=upsert))
            except ChamberlainError:
                click.echo(
                    f"import stopped at line {chunk[0][0]}; the lines before it are "
                    "done (results on stdout)",
                    err=True,
                )
                raise
            advance(len(chunk))


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--account", "alias", required=True, help="Alias of the account to import into.")
@click.option("--dry-run", is_flag=True, help="Check every row; write nothing.")
@click.option("--upsert", is_flag=True, help="Update users that already exist in the account.")
@output_options
@server_options
def import_users(
    *,
    file: str,
    alias: str,
    dry_run: bool,
    upsert: bool,
    fmt: str,
    profile: str | None,
    url: str | None,
) -> None:
    """Import users from a CSV file (or - for stdin) and print one result per row.

    Columns as for the REST bulk endpoint (docs/cli.md): user_name, email, first_name
    and last_name are required; roles are ids separated by spaces. A progress bar runs
    on stderr. Exit 11 when some rows failed (the others are imported).

    \b
    Examples:
      chamberlain users import staff.csv --account ACME --dry-run
      chamberlain users import staff.csv --account ACME --upsert --output csv > results.csv
    """
    rows = _read(file)
    target = server_of(profile, url)
    results = [
        RowResult(r.number, r.user_name, "error", r.code, r.detail) for r in rows if r.user is None
    ]
    with connect(target) as api:
        try:
            _import_all(api, alias, rows, results, dry_run=dry_run, upsert=upsert)
        finally:
            _emit(results, fmt)
    counts = Counter(r.result for r in results)
    summary = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
    note = " (dry run: nothing was written)" if dry_run else ""
    click.echo(f"import: {len(rows)} rows: {summary or 'none'}{note}", err=True)
    if counts["error"]:
        raise CliFailure(f"{counts['error']} of {len(rows)} rows failed", ExitCode.ROWS_FAILED)


@click.command("export")
@click.option("--account", "alias", required=True, help="Alias of the account to export.")
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where to write the CSV (- for stdout).",
)
@server_options
def export_users(*, alias: str, output_file: str, profile: str | None, url: str | None) -> None:
    """Write an account's users (active and suspended) as CSV in the columns `users
    import` reads, so that an export imports back; a progress bar runs on stderr.

    \b
    Examples:
      chamberlain users export --account ACME -o acme-users.csv
      chamberlain users export --account ACME | grep @example.com
    """
    target = server_of(profile, url)
    with connect(target) as api:
        total = api.users.count(alias)
        with click.open_file(output_file, "w", encoding="utf-8", atomic=output_file != "-") as out:
            written = _write_users(api, alias, total, out)
    where = "stdout" if output_file == "-" else output_file
    click.echo(f"export: wrote {written} users to {where}", err=True)


def _write_users(api: Client, alias: str, total: int, out: IO[str]) -> int:
    """Write the header and every user of ``alias``; how many users were written."""
    time_zone = api.accounts.get(alias).time_zone
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    written = 0
    with progress("export", total) as advance:
        for page in api.users.list(alias, page_size=1000).pages():
            writer.writerows(user_record(user, time_zone) for user in page.items)
            written += len(page.items)
            advance(len(page.items))
    return written
