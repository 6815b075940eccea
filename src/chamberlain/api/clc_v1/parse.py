"""One field map from everything a v1 request carries.

Fields come from the query string and from the body (JSON, single-quoted JSON, form or
XML, told apart by their first character so that mislabelled bodies still work). Names
match without regard to case; the body wins over the query string; ``null`` and absent
mean "not given". Within one carrier a field may appear once, except list fields, which
may repeat (``Roles=2&Roles=9``).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from chamberlain.api.clc_v1 import lenient_json
from chamberlain.errors import InvalidRequest

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_NIL_ATTRIBUTE = "nil"


def decode_body(body: bytes, charset: str | None) -> str:
    """Decode ``body`` by its BOM, its declared charset, UTF-8, or else Windows-1252.

    Windows PowerShell 5.1 sends string bodies as ISO-8859-1 when the content type names
    no charset, so undeclared bytes that are not UTF-8 are read as Windows-1252. Raises
    ``InvalidRequest`` when the bytes do not decode as their BOM or charset says.
    """
    try:
        if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return body.decode("utf-16")
        if body.startswith(codecs.BOM_UTF8):
            return body[len(codecs.BOM_UTF8) :].decode("utf-8")
        if charset:
            return body.decode(charset)
    except (LookupError, UnicodeError):
        raise InvalidRequest("body does not decode in its declared character set") from None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_value(element: Element) -> Any:
    nil = any(
        _local_name(name) == _NIL_ATTRIBUTE and value.strip() in ("true", "1")
        for name, value in element.attrib.items()
    )
    if nil:
        return None
    children = list(element)
    if children:
        return [child.text or "" for child in children]
    return element.text or ""


def _xml_pairs(text: str) -> list[tuple[str, Any]]:
    try:
        root = parse_xml(text, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise InvalidRequest("body is not well-formed XML without a DTD") from exc
    return [(_local_name(child.tag), _xml_value(child)) for child in root]


def _json_pairs(text: str) -> list[tuple[str, Any]]:
    try:
        document = lenient_json.loads(text)
    except ValueError as exc:
        raise InvalidRequest(f"body is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise InvalidRequest("JSON body must be an object")
    return list(document.items())


def _form_pairs(text: str) -> list[tuple[str, Any]]:
    try:
        return list(parse_qsl(text, keep_blank_values=True, errors="strict"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest("form body or query string is malformed") from exc


def _grouped(pairs: Iterable[tuple[str, Any]], *, repeat_ok: bool) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for name, value in pairs:
        key = name.strip().casefold()
        if key in groups and not repeat_ok:
            raise InvalidRequest(f"field {name!r} is given more than once")
        groups.setdefault(key, []).append(value)
    return groups


class WireFields:
    """The request's fields, looked up by name without regard to case."""

    def __init__(self, query_string: str, body_text: str, *, json_declared: bool = False) -> None:
        """Parse both carriers. Raises ``InvalidRequest`` for a body or query it cannot read.

        A non-empty body declared as JSON must be JSON; any other body is read by its
        first character.
        """
        query = _grouped(_form_pairs(query_string) if query_string else [], repeat_ok=True)
        body = body_text.strip()
        if not body:
            self._values = query
        elif json_declared or body[0] in "{[":
            # One JSON key, one value: a key given twice in any case is ambiguous.
            self._values = query | _grouped(_json_pairs(body), repeat_ok=False)
        elif body[0] == "<":
            self._values = query | _grouped(_xml_pairs(body), repeat_ok=True)
        else:
            self._values = query | _grouped(_form_pairs(body), repeat_ok=True)

    def _single(self, name: str) -> Any:
        values = self._values.get(name.casefold())
        if not values:
            return None
        if len(values) > 1:
            raise InvalidRequest(f"field {name!r} is given more than once")
        return values[0]

    def text(self, name: str) -> str | None:
        """A text field; numbers are accepted as text, lists and objects are not."""
        value = self._single(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise InvalidRequest(f"field {name!r} must be text")

    def flag(self, *names: str) -> bool | None:
        """A boolean field under the first of ``names`` that is present."""
        for name in names:
            value = self._single(name)
            if value is None:
                continue
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
            raise InvalidRequest(f"field {name!r} must be true or false")
        return None

    def role_ids(self, name: str) -> list[int | str] | None:
        """A list of role ids: a JSON or XML list, repeated keys, or comma-separated text.

        Returns None when absent or null, ``[]`` for an empty list. Items are returned as
        sent (numbers, or text): the domain decides which are valid ids, so that its
        documented order of checks holds.
        """
        values = self._values.get(name.casefold())
        if not values or all(value is None for value in values):
            return None
        items: list[int | str] = []
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    items.extend(part for part in item.split(",") if part.strip())
                elif isinstance(item, int) and not isinstance(item, bool):
                    items.append(item)
                else:
                    items.append(repr(item))
        return items
