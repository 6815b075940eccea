"""JSON as v1 clients really sent it.

The documented C# walkthrough and both PowerShell KB articles post bodies such as
``{'APIKey': '...', 'Password': '...'}``. Strict JSON is tried first; when it fails,
single-quoted strings are rewritten as double-quoted ones and the text is parsed again.
Duplicate keys are refused rather than letting the last one silently win.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKey(ValueError):
    """An object names the same key twice."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key)
        result[key] = value
    return result


def _single_quoted(text: str, start: int) -> tuple[str, int]:
    """Return the JSON form of the single-quoted string at ``start`` and the index after it."""
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "'":
            return '"' + "".join(chars) + '"', index + 1
        if char == "\\" and index + 1 < len(text):
            escaped = text[index + 1]
            chars.append("'" if escaped == "'" else "\\" + escaped)
            index += 2
            continue
        chars.append('\\"' if char == '"' else char)
        index += 1
    raise ValueError("unterminated string")


def _double_quoted_end(text: str, start: int) -> int:
    index = start + 1
    while index < len(text) and text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    return index + 1


def requote(text: str) -> str:
    """Rewrite single-quoted strings as JSON strings; leave everything else alone."""
    parts: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "'":
            converted, index = _single_quoted(text, index)
            parts.append(converted)
        elif char == '"':
            end = _double_quoted_end(text, index)
            parts.append(text[index:end])
            index = end
        else:
            parts.append(char)
            index += 1
    return "".join(parts)


def loads(text: str) -> Any:
    """Parse strict JSON, or single-quoted JSON when strict parsing fails.

    Raises ``ValueError`` (including ``DuplicateKey`` and ``RecursionError`` wrapped as
    ``ValueError``) when neither reading works.
    """
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except DuplicateKey:
        raise
    except json.JSONDecodeError:
        pass
    except RecursionError:
        raise ValueError("nested too deeply") from None
    try:
        return json.loads(requote(text), object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise ValueError("nested too deeply") from None
