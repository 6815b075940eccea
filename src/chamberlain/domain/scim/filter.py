"""SCIM filters bound to a resource type: checked once, then tested against documents.

Binding resolves every attribute against the schema, so a filter on an attribute the
resource does not have, or a comparison its type does not support (``gt`` on a boolean,
a number against a string), fails with ``InvalidFilter`` instead of matching nothing.

Semantics (RFC 7644 section 3.4.2.2): string comparisons ignore case unless the
attribute is ``caseExact`` (``userName`` compares in the form user names are unique
under, as the index finds them: see ``Attribute.fold``); a multi-valued attribute
matches when any value does; a complex attribute compared without a sub-attribute is
compared on its ``value``; ``pr`` means present and not empty; ``eq null`` means absent.
``ne`` is always the negation of ``eq``, also on multi-valued attributes (so
``emails ne "x"`` means no address is x).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from chamberlain.domain.scim.document import UNASSIGNED
from chamberlain.domain.scim.filter_syntax import (
    And,
    AttrPath,
    Compare,
    Filter,
    Literal,
    Not,
    Op,
    Or,
    Present,
    ValuePath,
    parse_filter,
)
from chamberlain.domain.scim.schema import Attribute, ResourceType, Type
from chamberlain.errors import InvalidFilter

Document = Mapping[str, object]
Predicate = Callable[[Document], bool]

# ``test(value, wanted)``; str's own methods, as they run once per value per resource.
_STRING_TESTS: dict[Op, Callable[[str, str], bool]] = {
    Op.EQ: str.__eq__,
    Op.CO: str.__contains__,
    Op.SW: str.startswith,
    Op.EW: str.endswith,
    Op.GT: str.__gt__,
    Op.GE: str.__ge__,
    Op.LT: str.__lt__,
    Op.LE: str.__le__,
}


def elements(value: object) -> list[Mapping[str, object]]:
    """The complex values held by an attribute's value (one dict, or a list of them)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, Mapping)]


@dataclass(frozen=True, slots=True)
class _Scope:
    """What names in a filter refer to: a resource's attributes, or (inside a value
    path's brackets) one complex attribute's sub-attributes."""

    resource: ResourceType | None
    parent: Attribute | None = None

    def resolve(self, path: AttrPath) -> tuple[Attribute, Attribute | None]:
        if self.parent is not None:
            found = None if path.urn or path.sub else self.parent.sub(path.name)
        else:
            assert self.resource is not None
            found = self.resource.attribute(path.name, path.urn)
        if found is None:
            raise InvalidFilter(f"no attribute {path} can be filtered on")
        if path.sub is None:
            return found, None
        sub = found.sub(path.sub)
        if sub is None:
            raise InvalidFilter(f"{found.name} has no sub-attribute {path.sub!r}")
        return found, sub


def _leaf_values(attribute: Attribute, sub: Attribute | None) -> Callable[[Document], list[object]]:
    """How to read the values a comparison looks at, for one document."""
    if sub is None and attribute.type is not Type.COMPLEX:
        if attribute.multi_valued:
            return lambda doc: list(_as_list(doc.get(attribute.name)))
        return lambda doc: [doc.get(attribute.name)]
    name = sub.name if sub is not None else "value"
    return lambda doc: [item.get(name) for item in elements(doc.get(attribute.name))]


def _as_list(value: object) -> Iterable[object]:
    return value if isinstance(value, list) else [value]


def _check_literal(leaf: Attribute, op: Op, value: Literal) -> Literal:
    """The literal as the attribute's type holds it; raises for unsupported combinations."""
    if value is None:
        if op not in (Op.EQ, Op.NE):
            raise InvalidFilter(f"{op.value} cannot compare with null")
        return None
    if leaf.type is Type.BOOLEAN:
        if op not in (Op.EQ, Op.NE):
            raise InvalidFilter(f"{leaf.name} is a boolean: only eq and ne apply")
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            raise InvalidFilter(f"{leaf.name} is compared with true or false")
        return value
    if leaf.type in (Type.STRING, Type.REFERENCE):
        if not isinstance(value, str):
            raise InvalidFilter(f"{leaf.name} is compared with a string")
        return value
    raise InvalidFilter(f"{leaf.name} cannot be compared")


def _compare(
    leaf: Attribute, op: Op, wanted: Literal, read: Callable[[Document], list[object]]
) -> Predicate:
    present = _present(read)
    if wanted is None:
        return (lambda doc: not present(doc)) if op is Op.EQ else present
    if op is Op.NE:
        equal = _compare(leaf, Op.EQ, wanted, read)
        return lambda doc: not equal(doc)
    if isinstance(wanted, bool):
        return lambda doc: any(value is wanted for value in read(doc))
    assert isinstance(wanted, str)
    fold, test = leaf.folding, _STRING_TESTS[op]
    target = fold(wanted)
    return lambda doc: any(
        isinstance(value, str) and test(fold(value), target) for value in read(doc)
    )


def _present(read: Callable[[Document], list[object]]) -> Predicate:
    return lambda doc: any(value not in UNASSIGNED for value in read(doc))


def _bind(node: Filter, scope: _Scope) -> Predicate:
    match node:
        case And(parts):
            bound = [_bind(part, scope) for part in parts]
            return lambda doc: all(test(doc) for test in bound)
        case Or(parts):
            bound = [_bind(part, scope) for part in parts]
            return lambda doc: any(test(doc) for test in bound)
        case Not(inner):
            negated = _bind(inner, scope)
            return lambda doc: not negated(doc)
        case Present(path):
            return _bind_present(*scope.resolve(path))
        case Compare(path, op, value):
            return _bind_compare(*scope.resolve(path), op, value)
        case ValuePath(path, condition, then):
            return _bind_value_path(scope, path, condition, then)


def _bind_present(attribute: Attribute, sub: Attribute | None) -> Predicate:
    if sub is None and attribute.type is Type.COMPLEX:
        return lambda doc: doc.get(attribute.name) not in UNASSIGNED
    return _present(_leaf_values(attribute, sub))


def _bind_compare(attribute: Attribute, sub: Attribute | None, op: Op, value: Literal) -> Predicate:
    leaf = sub or (attribute.sub("value") if attribute.type is Type.COMPLEX else attribute)
    if leaf is None:
        raise InvalidFilter(f"compare a sub-attribute of {attribute.name}")
    literal = _check_literal(leaf, op, value)
    return _compare(leaf, op, literal, _leaf_values(attribute, sub))


def _bind_value_path(
    scope: _Scope, path: AttrPath, condition: Filter, then: Compare | Present | None
) -> Predicate:
    attribute, _ = scope.resolve(path)
    if attribute.type is not Type.COMPLEX:
        raise InvalidFilter(f"{attribute.name} is not complex: it takes no value filter")
    inner = _Scope(None, attribute)
    selects = _bind(condition, inner)
    extra = _bind(then, inner) if then is not None else None
    return lambda doc: any(
        selects(item) and (extra is None or extra(item))
        for item in elements(doc.get(attribute.name))
    )


@dataclass(frozen=True, slots=True)
class CompiledFilter:
    """A filter checked against a resource type; ``matches`` tests one document."""

    tree: Filter
    matches: Predicate
    resource: ResourceType

    def equality(self) -> tuple[str, str] | None:
        """``(attribute, value)`` when the whole filter is ``attribute eq "value"`` on a
        single-valued top-level string attribute (what an index can answer)."""
        node = self.tree
        if not isinstance(node, Compare) or node.op is not Op.EQ or node.path.sub:
            return None
        attribute = self.resource.attribute(node.path.name, node.path.urn)
        if attribute is None or attribute.multi_valued or not isinstance(node.value, str):
            return None
        return attribute.name, node.value


def compile_filter(text: str, resource: ResourceType) -> CompiledFilter:
    """Parse ``text`` and bind it to ``resource``. Raises ``InvalidFilter``."""
    tree = parse_filter(text)
    return CompiledFilter(tree, _bind(tree, _Scope(resource)), resource)


def compile_value_filter(text: str, attribute: Attribute) -> tuple[Filter, Predicate]:
    """Parse the text between a value path's brackets, bound to the sub-attributes of the
    complex ``attribute``: the tree and a predicate testing one element. Raises
    ``InvalidFilter``."""
    tree = parse_filter(text, inside=True)
    return tree, _bind(tree, _Scope(None, attribute))
