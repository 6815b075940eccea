"""The users CSV of ``users import`` and ``users export``: the bulk endpoint's columns.

The columns and the reading of values are those of ``POST .../users:bulk`` with
``text/csv`` (``api/rest/routes_bulk.py``; a test keeps the column lists equal): a
value left empty is not sent, ``roles`` are ids separated by spaces or semicolons,
``allow_sms`` is true for ``true``, ``1`` or ``yes``. The CLI reads the file itself and
sends JSON, so that a row the server cannot even parse fails alone, not with its chunk.
A row is known by its line in the file (the header is line 1; a row whose quoted value
spans lines, by its last line). Cells are written with ``escape_cell`` and read with
``unescape_cell`` (``domain.csv_cells``): no formula runs in a spreadsheet, and an export
still imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from chamberlain.domain.csv_cells import escape_cell, unescape_cell

if TYPE_CHECKING:
    from chamberlain.client import NewUser, User

CSV_COLUMNS = (
    "user_name", "email", "first_name", "last_name", "alternate_email", "title",
    "office_number", "mobile_number", "fax_number", "saml_user_name", "time_zone_id",
    "allow_sms", "roles",
)  # fmt: skip
REQUIRED_COLUMNS = ("user_name", "email", "first_name", "last_name")
_TRUE = ("true", "1", "yes")


class BadFile(Exception):
    """The file cannot be imported at all (its header, its encoding)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the user to send, or why it cannot be sent (``code``, ``detail``)."""

    number: int
    user_name: str | None
    user: NewUser | None
    code: str | None = None
    detail: str | None = None


def _roles(text: str) -> list[int]:
    ids = text.replace(";", " ").split()
    if not all(i.isdecimal() for i in ids):
        raise ValueError(f"roles must be role ids separated by spaces: {text!r}")
    return [int(i) for i in ids]


def _row(number: int, record: dict[str, str]) -> Row:
    record = {k: unescape_cell(v) for k, v in record.items() if k}
    values: dict[str, object] = {k: v for k, v in record.items() if v}
    name = record.get("user_name") or None
    missing = [column for column in REQUIRED_COLUMNS if column not in values]
    if missing:
        return Row(number, name, None, "field_required", f"empty: {', '.join(missing)}")
    try:
        values["roles"] = _roles(record.get("roles") or "")
    except ValueError as exc:
        return Row(number, name, None, "invalid_roles", str(exc))
    if "allow_sms" in values:
        values["allow_sms"] = str(values["allow_sms"]).strip().lower() in _TRUE
    return Row(number, name, cast("NewUser", values))


def read_rows(data: bytes) -> Iterator[Row]:
    """The rows of a users CSV file (UTF-8, with or without a byte-order mark).

    Raises ``BadFile`` for a file that is not UTF-8 or whose header names an unknown
    column or lacks a required one.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFile(f"the file is not UTF-8: {exc}") from None
    # newline="": the csv module reads line endings itself (\r\n, \n or a lone \r).
    reader = csv.DictReader(io.StringIO(text, newline=""), restval="")
    header = reader.fieldnames or []
    unknown = sorted(set(header) - set(CSV_COLUMNS))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if unknown or missing:
        problems = [f"unknown column(s): {', '.join(unknown)}"] if unknown else []
        problems += [f"missing column(s): {', '.join(missing)}"] if missing else []
        raise BadFile(f"{'; '.join(problems)} (columns: {', '.join(CSV_COLUMNS)})")
    try:
        for record in reader:
            yield _row(reader.line_num, record)
    except csv.Error as exc:
        raise BadFile(f"line {reader.line_num}: {exc}") from None


def user_record(user: User, account_time_zone: str) -> list[str]:
    """A user as one CSV row of ``CSV_COLUMNS`` (export, cells escaped), which imports
    back unchanged: a time zone equal to the account's is left empty, since a user
    without one of their own follows their account's."""
    values: dict[str, object] = {
        column: getattr(user, column) for column in CSV_COLUMNS if column != "roles"
    }
    if user.time_zone_id == account_time_zone:
        values["time_zone_id"] = None
    values["allow_sms"] = "true" if user.allow_sms else "false"
    values["roles"] = " ".join(str(role) for role in user.roles)
    return ["" if values[c] is None else escape_cell(str(values[c])) for c in CSV_COLUMNS]
