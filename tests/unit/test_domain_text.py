"""Rules for every stored text field (domain/text.py)."""

from __future__ import annotations

import unicodedata

import pytest

from chamberlain.domain.text import clean_text, required_text, single_line, storable
from chamberlain.errors import FieldRequired, InvalidField


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Jane", "Jane"),
        ("  Jane\t\n", "Jane"),
        ("\u3000Jane\u00a0", "Jane"),
        ("Jane Doe", "Jane Doe"),
        ("Cafe\u0301", "Caf\u00e9"),
        ("Ame\u0301lie", "Amélie"),
        ("Ｊａｎｅ", "Ｊａｎｅ"),
        ("日本語", "日本語"),
        ("O'Brien & <Co>", "O'Brien & <Co>"),
        ("😀", "😀"),
    ],
)
def test_clean_text_normalises_to_nfc_and_strips(raw: str, clean: str) -> None:
    result = clean_text("title", raw, max_length=100)
    assert result == clean
    assert result is not None
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize("blank", [None, "", " ", "\t\r\n", "\u3000"])
def test_blank_is_none_and_required_raises(blank: str | None) -> None:
    assert clean_text("title", blank, max_length=10) is None
    with pytest.raises(FieldRequired) as caught:
        required_text("first_name", blank, max_length=10)
    assert caught.value.field == "first_name"


@pytest.mark.parametrize(
    "char",
    [
        pytest.param("\x00", id="NUL-Cc"),
        pytest.param("\x07", id="BEL-Cc"),
        pytest.param("\x1b", id="ESC-Cc"),
        pytest.param("\x7f", id="DEL-Cc"),
        pytest.param("\x85", id="NEL-Cc"),
        pytest.param("\t", id="TAB-Cc-inside"),
        pytest.param("\n", id="LF-Cc-inside"),
        pytest.param("\u200b", id="zero-width-space-Cf"),
        pytest.param("\u200d", id="zwj-Cf"),
        pytest.param("\u202e", id="rtl-override-Cf"),
        pytest.param("\ufeff", id="bom-Cf"),
        pytest.param("\u00ad", id="soft-hyphen-Cf"),
        pytest.param("\ud800", id="lone-high-surrogate-Cs"),
        pytest.param("\udfff", id="lone-low-surrogate-Cs"),
        pytest.param("\ue000", id="private-use-Co"),
        pytest.param("\U000f0000", id="supplementary-private-use-Co"),
        pytest.param("\u0378", id="unassigned-Cn"),
        pytest.param("\u2028", id="line-separator-Zl"),
        pytest.param("\u2029", id="paragraph-separator-Zp"),
    ],
)
def test_refused_characters(char: str) -> None:
    with pytest.raises(InvalidField) as caught:
        clean_text("title", f"a{char}b", max_length=100)
    assert caught.value.field == "title"
    with pytest.raises(InvalidField):
        required_text("title", f"a{char}b", max_length=100)


def test_refused_format_character_alone_is_not_blank() -> None:
    # U+200B is not white space: the value is not "missing", it is invalid.
    with pytest.raises(InvalidField):
        required_text("first_name", "\u200b", max_length=10)


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("x" * 10, True),
        ("x" * 11, False),
        ("  " + "x" * 10 + "  ", True),
        ("e\u0301" * 10, True),  # 20 code points, 10 after NFC
        ("é" * 11, False),
        ("😀" * 10, True),  # code points, not UTF-16 units or bytes
    ],
)
def test_max_length_boundary_counts_nfc_code_points(raw: str, ok: bool) -> None:
    if ok:
        result = clean_text("title", raw, max_length=10)
        assert result is not None
        assert len(result) <= 10
    else:
        with pytest.raises(InvalidField) as caught:
            clean_text("title", raw, max_length=10)
        assert "10" in caught.value.reason


def test_a_name_stored_with_a_separator_before_they_were_refused_can_still_be_looked_up() -> None:
    assert storable("Acme\u2028Corp")
    assert not storable("Acme\u200bCorp")


@pytest.mark.parametrize(
    ("stored", "line"),
    [
        ("Acme\u2028Corp\u2029Ltd", "Acme Corp Ltd"),
        ("a\r\nb\x85c\x0bd\te", "a  b c d e"),
        ("Caf\u00e9 \u00a0 \u3000", "Caf\u00e9 \u00a0 \u3000"),  # spaces stay as they are
    ],
)
def test_single_line_turns_every_line_break_into_a_space(stored: str, line: str) -> None:
    assert single_line(stored) == line
    assert single_line(stored).splitlines() == [line]
