"""How remote commands print: a table for people, JSON or CSV for scripts.

``--output table`` (the default) draws a rich table on a terminal and plain aligned
columns elsewhere (a pipe, a file, a test): no colours, no box, no wrapped cells.
``--output json`` (or ``--json``) prints the SDK models with their snake_case field
names; ``--output csv`` prints the same fields with a header row, each cell escaped so that a
spreadsheet does not run it as a formula (``domain.csv_cells``).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from chamberlain.domain.csv_cells import escape_cell

Command = Callable[..., None]
Row = Mapping[str, object]

FORMATS = ("table", "json", "csv")


def output_options(command: Command) -> Command:
    """``--output table|json|csv`` and its shorthand ``--json``, given to the command as
    one keyword argument, ``fmt``: the format asked for (``--json`` wins)."""

    @functools.wraps(command)
    def with_format(*args: Any, output: str, as_json: bool, **kwargs: Any) -> None:
        command(*args, fmt="json" if as_json else output, **kwargs)

    with_options = click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (the same as --output json)."
    )(with_format)
    return click.option(
        "--output",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="A table for people, JSON or CSV (with a header row) for scripts.",
    )(with_options)


def plain(value: object) -> object:
    """``value`` (an SDK model, say) as JSON-ready data: dataclasses become objects with
    their field names, date-times RFC 3339 text, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def record(model: object) -> dict[str, object]:
    """An SDK model (a dataclass instance) as one JSON-ready row."""
    row = plain(model)
    assert isinstance(row, dict), type(model)
    return row


def field_names(model: type) -> list[str]:
    """The field names of an SDK model class, in order (the CSV header of a listing)."""
    return [f.name for f in dataclasses.fields(model)]


def _cell(value: object, empty: str) -> str:
    """A value as one table or CSV cell; lists are space-separated (as roles are in
    the import CSV), objects JSON."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_cell(v, empty) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [cell_len(h) for h in headers]
    for row in rows:
        widths = [max(w, cell_len(cell)) for w, cell in zip(widths, row, strict=True)]
    for line in [headers, *rows]:
        padded = (cell + " " * (w - cell_len(cell)) for cell, w in zip(line, widths, strict=True))
        click.echo("  ".join(padded).rstrip())


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print a table on stdout: rich on a terminal, plain aligned columns elsewhere."""
    console = Console(highlight=False)
    if not console.is_terminal:
        _plain_table(headers, rows)
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)


def emit_rows(
    rows: Sequence[Row], fmt: str, *, fields: Sequence[str], columns: Sequence[tuple[str, str]]
) -> None:
    """Print a listing: ``columns`` (header, field) in a table, every field of ``fields``
    in JSON and CSV."""
    if fmt == "json":
        click.echo(json.dumps([{k: row[k] for k in fields} for row in rows], indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([escape_cell(_cell(row[k], "")) for k in fields] for row in rows)
    else:
        cells = [[_cell(row[key], "-") for _, key in columns] for row in rows]
        print_table([header for header, _ in columns], cells)


def emit_one(row: Row, fmt: str) -> None:
    """Print one object: field and value lines in a table, an object in JSON, a header
    and one row in CSV."""
    if fmt == "json":
        click.echo(json.dumps(row, indent=2))
    elif fmt == "csv":
        emit_rows([row], fmt, fields=list(row), columns=())
    else:
        print_table(["FIELD", "VALUE"], [[key, _cell(value, "-")] for key, value in row.items()])


def emit_changed(row: Row, fmt: str, message: str) -> None:
    """The result of a write: ``message`` for people (table), the object for scripts."""
    if fmt == "table":
        click.echo(message)
    else:
        emit_one(row, fmt)
