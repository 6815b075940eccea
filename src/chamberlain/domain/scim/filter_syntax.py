"""SCIM filter syntax (RFC 7644 section 3.4.2.2): text to a tree, and back.

Grammar, with ``not`` binding tighter than ``and`` and ``and`` tighter than ``or``::

    filter    = term *("or" term)
    term      = factor *("and" factor)
    factor    = "not" "(" filter ")" / "(" filter ")" / attrExp / valuePath
    attrExp   = attrPath "pr" / attrPath compareOp compValue
    valuePath = attrPath "[" filter "]" ["." subAttr ("pr" / compareOp compValue)]

Operators and the literals ``true``, ``false`` and ``null`` match in any case. The
trailing ``.subAttr`` test after a value path is an extension some clients use
(``emails[type eq "work"].value eq "x"``): an element matching the brackets must pass it.
Anything else raises ``InvalidFilter``; so does a filter longer than ``MAX_LENGTH``,
nested deeper than ``MAX_DEPTH`` or making more than ``MAX_COMPARISONS`` comparisons
(``pr`` and compare tests, inside value paths too: what a filter costs per resource stays
bounded), and a string holding control or invisible characters, which no stored value
holds (``domain.text``) and which must not reach a database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum

from chamberlain.domain.text import storable
from chamberlain.errors import InvalidFilter

MAX_LENGTH = 4096
MAX_DEPTH = 32
MAX_COMPARISONS = 20

# An attribute path: an optional schema URN (up to its last colon), a name and an optional
# sub-attribute. Names are ASCII: RFC 7643 section 2.1 (ATTRNAME) plus "$ref".
ATTRIBUTE_PATH = r"(?:(?P<urn>[uU][rR][nN]:[^\s\[\]()\"]*):)?(?P<name>[A-Za-z$][\w$-]*)" \
    r"(?:\.(?P<sub>[A-Za-z$][\w$-]*))?"  # fmt: skip
_TOKEN = re.compile(
    r"\s*(?:(?P<punct>[()\[\]])|(?P<string>\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.]))"
    r"|(?P<sub_path>\.[A-Za-z$][\w$-]*)|(?P<word>" + ATTRIBUTE_PATH + r"))",
    re.ASCII,
)


class Op(StrEnum):
    """Comparison operators."""

    EQ = "eq"
    NE = "ne"
    CO = "co"
    SW = "sw"
    EW = "ew"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


Literal = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class AttrPath:
    """``[urn:]name[.sub]``."""

    name: str
    sub: str | None = None
    urn: str | None = None

    def __str__(self) -> str:
        text = f"{self.urn}:{self.name}" if self.urn else self.name
        return f"{text}.{self.sub}" if self.sub else text


@dataclass(frozen=True, slots=True)
class Compare:
    """``path op value``."""

    path: AttrPath
    op: Op
    value: Literal


@dataclass(frozen=True, slots=True)
class Present:
    """``path pr``."""

    path: AttrPath


@dataclass(frozen=True, slots=True)
class ValuePath:
    """``path[condition]``, optionally followed by a test of the matching elements'
    sub-attribute (``then``, whose path names only that sub-attribute)."""

    path: AttrPath
    condition: Filter
    then: Compare | Present | None = None


@dataclass(frozen=True, slots=True)
class And:
    """All of ``parts`` (two or more; flat, so long chains need no deep recursion)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any of ``parts`` (two or more)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """``not (inner)``: matches exactly what ``inner`` does not."""

    inner: Filter


Filter = Compare | Present | ValuePath | And | Or | Not


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str


def _tokens(text: str) -> list[_Token]:
    if len(text) > MAX_LENGTH:
        raise InvalidFilter(f"a filter may have at most {MAX_LENGTH} characters")
    tokens: list[_Token] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise InvalidFilter(f"cannot read the filter at character {position + 1}")
        kind = next(k for k in ("punct", "string", "number", "sub_path", "word") if match[k])
        tokens.append(_Token(kind, match[kind]))
        position = match.end()
    return tokens


def _literal(token: _Token) -> Literal:
    if token.kind == "string":
        try:
            value: str = json.loads(token.text)
        except ValueError:
            raise InvalidFilter(f"bad string {token.text[:40]}") from None
        if not storable(value):
            raise InvalidFilter("a string in a filter may not hold control or invisible characters")
        return value
    if token.kind == "number":
        # At most MAX_LENGTH digits: int() is safe below Python's 4300-digit limit.
        return float(token.text) if set(token.text) & set(".eE") else int(token.text)
    words: dict[str, Literal] = {"true": True, "false": False, "null": None}
    if token.kind == "word" and token.text.lower() in words:
        return words[token.text.lower()]
    raise InvalidFilter(f"expected a value, found {token.text[:40]!r}")


def _attr_path(text: str) -> AttrPath:
    match = re.fullmatch(ATTRIBUTE_PATH, text, re.ASCII)
    if match is None:
        raise InvalidFilter(f"{text[:40]!r} is not an attribute path")
    return AttrPath(match["name"], match["sub"], match["urn"])


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0
        self.comparisons = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise InvalidFilter("the filter ends too early")
        self.at += 1
        return token

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.lower() in words:
            self.at += 1
            return token.text.lower()
        return None

    def expect(self, punct: str) -> None:
        token = self.take()
        if token.text != punct:
            raise InvalidFilter(f"expected {punct!r}, found {token.text[:40]!r}")

    def parse(self, *, inside: bool) -> Filter:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InvalidFilter(f"a filter may nest at most {MAX_DEPTH} levels")
        parts = [self.term(inside=inside)]
        while self.keyword("or"):
            parts.append(self.term(inside=inside))
        self.depth -= 1
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def term(self, *, inside: bool) -> Filter:
        parts = [self.factor(inside=inside)]
        while self.keyword("and"):
            parts.append(self.factor(inside=inside))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def factor(self, *, inside: bool) -> Filter:
        if self.keyword("not"):
            self.expect("(")
            inner = self.parse(inside=inside)
            self.expect(")")
            return Not(inner)
        token = self.take()
        if token.text == "(":
            inner = self.parse(inside=inside)
            self.expect(")")
            return inner
        if token.kind != "word":
            raise InvalidFilter(f"expected an attribute, found {token.text[:40]!r}")
        path = _attr_path(token.text)
        following = self.peek()
        if following is not None and following.text == "[":
            if inside or path.sub is not None:
                raise InvalidFilter("value filters cannot nest or follow a sub-attribute")
            self.take()
            condition = self.parse(inside=True)
            self.expect("]")
            return ValuePath(path, condition, self.after_value_path())
        return self.test(path)

    def after_value_path(self) -> Compare | Present | None:
        token = self.peek()
        if token is None or token.kind != "sub_path":
            return None
        self.take()
        return self.test(AttrPath(token.text[1:]))

    def test(self, path: AttrPath) -> Compare | Present:
        self.comparisons += 1
        if self.comparisons > MAX_COMPARISONS:
            raise InvalidFilter(f"a filter may make at most {MAX_COMPARISONS} comparisons")
        operator = self.take()
        word = operator.text.lower() if operator.kind == "word" else ""
        if word == "pr":
            return Present(path)
        if word not in Op.__members__.values():
            raise InvalidFilter(f"unknown operator {operator.text[:40]!r}")
        return Compare(path, Op(word), _literal(self.take()))


def parse_filter(text: str, *, inside: bool = False) -> Filter:
    """Parse a whole filter; ``inside`` parses the text between a value path's brackets
    (no nested value paths). Raises ``InvalidFilter``."""
    parser = _Parser(text)
    if not parser.tokens:
        raise InvalidFilter("the filter is empty")
    result = parser.parse(inside=inside)
    if parser.peek() is not None:
        raise InvalidFilter(f"unexpected {parser.take().text[:40]!r}")
    return result


def _value_text(value: Literal) -> str:
    return json.dumps(value)


def render(node: Filter) -> str:
    """The filter as text that ``parse_filter`` reads back as ``node``."""
    match node:
        case Compare(path, op, value):
            return f"{path} {op.value} {_value_text(value)}"
        case Present(path):
            return f"{path} pr"
        case ValuePath(path, condition, then):
            tail = "" if then is None else "." + render(then)
            return f"{path}[{render(condition)}]{tail}"
        case And(parts):
            return "(" + " and ".join(render(part) for part in parts) + ")"
        case Or(parts):
            return "(" + " or ".join(render(part) for part in parts) + ")"
        case Not(inner):
            return f"not ({render(inner)})"


def attribute_names(node: Filter) -> set[str]:
    """The top-level attribute names ``node`` tests, folded to lower case."""
    match node:
        case Compare(path) | Present(path) | ValuePath(path):
            return {path.name.casefold()}
        case And(parts) | Or(parts):
            return set().union(*(attribute_names(part) for part in parts))
        case Not(inner):
            return attribute_names(inner)
