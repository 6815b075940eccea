"""Rules every stored text field follows, whatever face it came through.

Text is NFC-normalised and stripped of surrounding white space. Control characters
(Unicode category Cc), format characters such as zero-width spaces (Cf), surrogates and
private-use code points are refused: they cannot round-trip through XML 1.0 and they make
look-alike names. Line and paragraph separators (Zl U+2028, Zp U+2029) are refused too:
every stored text is a single line, and some of it ends up in mail headers (an account's
name in an invitation's subject), where a line break cannot go.
"""

from __future__ import annotations

import unicodedata

from chamberlain.errors import FieldRequired, InvalidField

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Refused in new text since issue 13; rows stored before may hold them.
_SEPARATOR_CATEGORIES = frozenset({"Zl", "Zp"})
# What ends a line (str.splitlines): the controls and the separators.
_LINE_BREAK_CATEGORIES = frozenset({"Cc"}) | _SEPARATOR_CATEGORIES


def clean_text(field: str, value: str | None, *, max_length: int) -> str | None:
    """Return the normalised text, or ``None`` when ``value`` is ``None`` or blank.

    Raises ``InvalidField`` when the text is longer than ``max_length`` code points or
    holds a refused character.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None
    if len(text) > max_length:
        raise InvalidField(field, f"longer than {max_length} characters")
    if not storable(text) or any(unicodedata.category(c) in _SEPARATOR_CATEGORIES for c in text):
        raise InvalidField(field, "contains line breaks, control or invisible characters")
    return text


def required_text(field: str, value: str | None, *, max_length: int) -> str:
    """Like ``clean_text`` but raises ``FieldRequired`` when nothing is left."""
    text = clean_text(field, value, max_length=max_length)
    if text is None:
        raise FieldRequired(field)
    return text


def storable(value: str) -> bool:
    """Whether ``value`` holds only characters stored text may hold (see module doc),
    counting the line and paragraph separators that rows stored before they were refused
    may hold.

    Lookups use it: text that could never have been stored cannot name anything.
    """
    return not any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in value)


def single_line(value: str) -> str:
    """``value`` with every control character and line or paragraph separator replaced by
    a space: text that can go into one mail header line even when it was stored before
    ``storable`` refused those characters."""
    return "".join(
        " " if unicodedata.category(char) in _LINE_BREAK_CATEGORIES else char for char in value
    )
