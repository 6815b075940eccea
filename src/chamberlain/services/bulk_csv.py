"""Users as CSV, for ``bulk.import_users``: one header row naming columns, one user a row.

Columns: ``CSV_COLUMNS`` (any order, any subset; ``roles`` separated by spaces or
semicolons; ``allow_sms`` true/1/yes; a cell escaped against spreadsheet formulas is
read back, ``domain.csv_cells``). Items come out as ``validate_new_user`` keywords
without ``account_alias``, so each row is validated, and reported, by the import itself.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from chamberlain.domain.csv_cells import unescape_cell
from chamberlain.domain.users import OPTIONAL_TEXT_FIELDS
from chamberlain.errors import InvalidRequest
from chamberlain.services.bulk import MAX_ITEMS

REQUIRED_COLUMNS = ("user_name", "email", "first_name", "last_name")
CSV_COLUMNS = (*REQUIRED_COLUMNS, *sorted(OPTIONAL_TEXT_FIELDS), "allow_sms", "roles")


def _item(row: dict[str, str | None]) -> dict[str, Any]:
    def value(name: str) -> str | None:
        text = unescape_cell(row.get(name) or "").strip()
        return text or None

    return {
        **{name: value(name) for name in REQUIRED_COLUMNS},
        "optional": {name: value(name) for name in OPTIONAL_TEXT_FIELDS if name in row},
        "allow_sms": (value("allow_sms") or "").lower() in ("true", "1", "yes"),
        "roles": (value("roles") or "").replace(";", " ").split(),
    }


def read_users_csv(data: bytes) -> list[dict[str, Any]]:
    """The users of a UTF-8 CSV file (a byte-order mark is allowed).

    Raises ``InvalidRequest`` for text that is not UTF-8 or CSV, unknown columns, or more
    than ``MAX_ITEMS`` rows.
    """
    try:
        # newline="": the csv module reads line endings itself (\r\n, \n or a lone \r).
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        unknown = set(reader.fieldnames or ()) - set(CSV_COLUMNS)
        if unknown:
            raise InvalidRequest(f"unknown CSV column(s): {', '.join(sorted(unknown))}")
        items = []
        for row in reader:
            items.append(_item(row))
            if len(items) > MAX_ITEMS:
                raise InvalidRequest(f"at most {MAX_ITEMS} users per file")
    except UnicodeDecodeError as exc:
        raise InvalidRequest(
            f"the file is not UTF-8 text (byte {exc.start + 1} is not valid): save it as CSV UTF-8"
        ) from None
    except csv.Error as exc:
        raise InvalidRequest(f"the file could not be read as CSV: {str(exc)[:200]}") from None
    return items
