"""CSV cells escaped against spreadsheet formulas, and read back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chamberlain.domain.csv_cells import FORMULA_STARTS, escape_cell, unescape_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+1 555 0100", "'+1 555 0100"),
        ("'=1", "''=1"),  # already quoted: one more, so that the quote survives a read
        ("''+x", "'''+x"),
        ("grace", "grace"),
        ("a=b", "a=b"),  # only the first character counts
        ("'quoted'", "'quoted'"),  # a quote not followed by a formula start
        ("", ""),
    ],
)
def test_cells_that_start_a_formula_get_one_quote_and_read_back(value: str, cell: str) -> None:
    assert escape_cell(value) == cell
    assert unescape_cell(cell) == value


def test_every_formula_start_of_the_owasp_list_is_escaped() -> None:
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}
    for start in FORMULA_STARTS:
        assert escape_cell(f"{start}x").startswith("'")


def test_a_cell_someone_typed_without_the_escape_reads_as_it_is() -> None:
    assert unescape_cell("'quoted'") == "'quoted'"
    assert unescape_cell("-2+3") == "-2+3"
    assert unescape_cell("'") == "'"


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=8) | st.text(max_size=20))
def test_the_round_trip_is_lossless_for_any_text(value: str) -> None:
    cell = escape_cell(value)
    assert unescape_cell(cell) == value
    assert cell[:1] not in set(FORMULA_STARTS)
