"""CSV cells that a spreadsheet will not run as formulas, and that read back unchanged.

A spreadsheet program opening a CSV file runs a cell that starts with ``=``, ``+``, ``-``
or ``@`` as a formula (and one starting with a tab or a carriage return after trimming
it), so a user name such as ``=HYPERLINK(...)`` planted by anyone who may edit users
would act in an operator's spreadsheet (CSV or formula injection, OWASP). Every CSV this
service writes passes each cell through ``escape_cell``: such a cell gets a leading
single quote, which spreadsheets show as text and do not display.

The escape is undone by ``unescape_cell``, which every users CSV reader applies, so an
export imports back exactly (``-2+3`` or ``+1 555 0100`` are data, not formulas). To
keep the pair lossless for every text, a value that already starts with quotes followed
by one of those characters (``'=x``) is escaped too (``''=x``):

- ``escape_cell(v)`` is ``"'" + v`` when ``v`` matches ``'*[=+-@\\t\\r]``, else ``v``;
- ``unescape_cell(c)`` drops one leading quote when ``c`` matches ``'+[=+-@\\t\\r]``,
  else returns ``c``;

so ``unescape_cell(escape_cell(v)) == v`` for every ``v``.
"""

from __future__ import annotations

import re

# The OWASP list of characters that start a formula.
FORMULA_STARTS = "=+-@\t\r"
_QUOTE = "'"
_NEEDS_ESCAPE = re.compile(f"{_QUOTE}*[{re.escape(FORMULA_STARTS)}]")
_ESCAPED = re.compile(f"{_QUOTE}+[{re.escape(FORMULA_STARTS)}]")


def escape_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula (see the module doc)."""
    return _QUOTE + value if _NEEDS_ESCAPE.match(value) else value


def unescape_cell(cell: str) -> str:
    """The value ``escape_cell`` wrote as ``cell``; any other text unchanged."""
    return cell[1:] if _ESCAPED.match(cell) else cell
