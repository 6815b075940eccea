"""SCIM PATCH (RFC 7644 section 3.5.2) applied to a canonical document.

The engine turns the current document and a list of operations into the new document;
what the new document means for the stored object is the caller's business, so PATCH
and PUT share one mapping. Real providers' habits are accepted:

- operation names in any case (``"Replace"``), member names in any case;
- ``"True"``/``"False"`` strings for booleans (see ``document``);
- ``add``/``replace`` without a path whose value is an object of attributes (Okta's
  ``{"active": false}``), whose keys may be paths themselves (Entra's
  ``"name.givenName"``);
- ``add``/``replace`` through a value filter that matches nothing creates the element
  the filter describes when it is a plain ``eq`` test (Entra's
  ``emails[type eq "work"].value`` on a user without one); otherwise ``noTarget``;
- ``remove`` of a multi-valued attribute with a ``value`` list removes those values
  only (Entra's way of removing group members).

A request carries at most ``MAX_OPERATIONS`` operations and ``MAX_VALUES`` values in
all (see ``document``). Paths naming attributes the resource does not have are ignored,
as in ``document``; an explicit path to a read-only attribute is a
``MutabilityViolation``. Multi-valued attributes are lists of objects (all of
chamberlain's are complex).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from chamberlain.domain.scim.document import (
    MAX_VALUES,
    UNASSIGNED,
    canonical_element,
    canonical_value,
)
from chamberlain.domain.scim.filter import Predicate, compile_value_filter, elements
from chamberlain.domain.scim.filter_syntax import ATTRIBUTE_PATH, And, Compare, Filter, Op
from chamberlain.domain.scim.schema import Attribute, ResourceType, Type
from chamberlain.errors import (
    InvalidField,
    InvalidPath,
    InvalidRequest,
    MutabilityViolation,
    NoTarget,
)

MAX_OPERATIONS = 100
_PATH = re.compile(r"(?P<head>[^\[\]]+)(?:\[(?P<filter>.*)\](?:\.(?P<tail>[A-Za-z$][\w$-]*))?)?")


class PatchOp(StrEnum):
    """The three operations."""

    ADD = "add"
    REMOVE = "remove"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation as the client sent it (``path`` None: the resource itself)."""

    op: PatchOp
    path: str | None
    value: object


def read_operations(body: object) -> list[Operation]:
    """The operations of a PatchOp request body. Raises ``InvalidRequest`` for a body
    that is not one, ``InvalidPath`` for a path that is not a string, ``InvalidField``
    when the operations carry more than ``MAX_VALUES`` values in all."""
    if not isinstance(body, Mapping):
        raise InvalidRequest("the body must be a JSON object")
    listed = next((v for k, v in body.items() if k.casefold() == "operations"), None)
    if not isinstance(listed, list) or not listed:
        raise InvalidRequest("Operations must be a non-empty list")
    if len(listed) > MAX_OPERATIONS:
        raise InvalidRequest(f"at most {MAX_OPERATIONS} operations per request")
    operations = [_operation(item) for item in listed]
    if sum(_values(operation.value) for operation in operations) > MAX_VALUES:
        raise InvalidField("Operations", f"at most {MAX_VALUES} values per request")
    return operations


def _values(value: object) -> int:
    """How many values an operation's value carries: a list's items; for a path-less
    object, those of each of its members."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, Mapping):
        return sum(len(item) if isinstance(item, list) else 1 for item in value.values())
    return 1


def _operation(item: object) -> Operation:
    if not isinstance(item, Mapping):
        raise InvalidRequest("each operation must be an object")
    fields = {str(key).casefold(): value for key, value in item.items()}
    name = fields.get("op")
    if not isinstance(name, str) or name.strip().lower() not in PatchOp.__members__.values():
        raise InvalidRequest("op must be add, remove or replace")
    path = fields.get("path")
    if path is not None and not isinstance(path, str):
        raise InvalidPath("path must be a string")
    op = PatchOp(name.strip().lower())
    return Operation(op, (path or "").strip() or None, fields.get("value"))


@dataclass(frozen=True, slots=True)
class _Target:
    """What a path selects: an attribute, maybe one sub-attribute, maybe only the
    elements a value filter matches (``seed``: the element that filter describes)."""

    attribute: Attribute
    sub: Attribute | None = None
    where: Predicate | None = None
    seed: dict[str, object] | None = None


def _seed(tree: Filter, attribute: Attribute) -> dict[str, object] | None:
    """The element a filter of ``eq`` tests joined by ``and`` describes, else None."""
    parts = tree.parts if isinstance(tree, And) else (tree,)
    seed: dict[str, object] = {}
    for part in parts:
        if not isinstance(part, Compare) or part.op is not Op.EQ or part.value is None:
            return None
        sub = attribute.sub(part.path.name)
        if sub is None or part.path.sub is not None:
            return None
        seed[sub.name] = canonical_value(sub, part.value)
    return seed


def _target(resource: ResourceType, path: str, *, explicit: bool) -> _Target | None:
    """Resolve ``path``; None when it names nothing the resource keeps. Raises
    ``InvalidPath`` (only for ``explicit`` paths: a key of a path-less value that is no
    path is ignored like any unknown attribute) and ``MutabilityViolation``."""
    match = _PATH.fullmatch(path)
    head = re.fullmatch(ATTRIBUTE_PATH, match["head"].strip(), re.ASCII) if match else None
    if match is None or head is None or (head["sub"] and match["filter"] is not None):
        if explicit:
            raise InvalidPath(f"cannot read the path {path[:80]!r}")
        return None
    attribute = resource.attribute(head["name"], head["urn"])
    sub_name = head["sub"] or match["tail"]
    sub = attribute.sub(sub_name) if attribute and sub_name else None
    if attribute is None or (sub_name and sub is None):
        return None
    if not attribute.writable or (sub is not None and not sub.writable):
        if explicit:
            raise MutabilityViolation(f"{path[:80]} is read-only")
        return None
    if match["filter"] is None:
        return _Target(attribute, sub)
    if attribute.type is not Type.COMPLEX or not attribute.multi_valued:
        raise InvalidPath(f"{attribute.name} takes no value filter")
    tree, where = compile_value_filter(match["filter"], attribute)
    return _Target(attribute, sub, where, _seed(tree, attribute))


def apply_patch(
    resource: ResourceType, document: Mapping[str, object], operations: list[Operation]
) -> dict[str, object]:
    """The canonical ``document`` after ``operations``, in order (the input is not
    changed). Raises ``InvalidPath``, ``InvalidFilter``, ``NoTarget``, ``InvalidField``
    or ``MutabilityViolation``."""
    result = copy.deepcopy(dict(document))
    for operation in operations:
        if operation.path is not None:
            target = _target(resource, operation.path, explicit=True)
            if target is not None and operation.op is PatchOp.REMOVE:
                _remove(result, target, operation.value)
            elif target is not None:
                _write(result, target, operation.op, operation.value)
            continue
        if operation.op is PatchOp.REMOVE:
            raise NoTarget("remove needs a path")
        if not isinstance(operation.value, Mapping):
            raise InvalidField("value", "must be an object when the operation has no path")
        for key, value in operation.value.items():
            target = _target(resource, str(key), explicit=False)
            if target is not None:
                _write(result, target, operation.op, value)
    return result


def _store(mapping: dict[str, object], key: str, value: object) -> None:
    if value in UNASSIGNED:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _items(document: Mapping[str, object], name: str) -> list[dict[str, object]]:
    return [dict(item) for item in elements(document.get(name) or [])]


def _identity(item: Mapping[str, object]) -> object:
    """What makes two values of a multi-valued attribute the same value: their ``value``
    sub-attribute, or everything when they have none."""
    if "value" in item:
        return ("value", item["value"])
    return ("object", tuple(sorted((key, repr(value)) for key, value in item.items())))


Items = list[dict[str, object]]


def _merged(existing: Items, new: Items) -> Items:
    """``add`` to a multi-valued attribute: new values are appended, a value already
    there is updated instead of repeated. Values are found by identity in a dict, so
    adding n values onto m costs n + m, not n * m."""
    result = list(existing)
    position: dict[object, int] = {}
    for i, item in enumerate(result):
        position.setdefault(_identity(item), i)
    for item in new:
        key = _identity(item)
        if key in position:
            result[position[key]] = {**result[position[key]], **item}
        else:
            position[key] = len(result)
            result.append(item)
    return result


def _one_primary(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """At most one value is primary (RFC 7643 section 2.4): the last one marked wins."""
    marked = [i for i, item in enumerate(items) if item.get("primary") is True]
    for i in marked[:-1]:
        items[i]["primary"] = False
    return items


def _write(document: dict[str, object], target: _Target, op: PatchOp, value: object) -> None:
    attribute, sub, name = target.attribute, target.sub, target.attribute.name
    if target.where is not None:
        _write_selected(document, target, op, value)
        return
    if sub is not None:
        new = canonical_value(sub, value, f"{name}.{sub.name}")
        if attribute.multi_valued:
            items = _items(document, name) or [{}]
            for item in items:
                _store(item, sub.name, new)
            _store(document, name, [item for item in items if item])
        else:
            current = dict(elements(document.get(name))[0]) if document.get(name) else {}
            _store(current, sub.name, new)
            _store(document, name, current)
        return
    new_value = canonical_value(attribute, value)
    if attribute.multi_valued:
        items = [dict(item) for item in elements(new_value or [])]
        if op is PatchOp.ADD:
            items = _merged(_items(document, name), items)
        _store(document, name, _one_primary(items))
    elif attribute.type is Type.COMPLEX and isinstance(new_value, dict):
        existing = elements(document.get(name))
        _store(document, name, {**(existing[0] if existing else {}), **new_value})
    else:
        _store(document, name, new_value)


def _write_selected(
    document: dict[str, object], target: _Target, op: PatchOp, value: object
) -> None:
    attribute, sub, name = target.attribute, target.sub, target.attribute.name
    where = f"{name}.{sub.name}" if sub else name
    new = canonical_value(sub, value, where) if sub else canonical_element(attribute, value, where)
    items = _items(document, name)
    chosen = [i for i, item in enumerate(items) if target.where and target.where(item)]
    if not chosen:
        if target.seed is None:
            raise NoTarget(f"no value of {name} matches the filter")
        element = dict(target.seed)
        if sub is not None:
            _store(element, sub.name, new)
        elif isinstance(new, dict):
            element.update(new)
        items.append(element)
    for i in chosen:
        if sub is not None:
            _store(items[i], sub.name, new)
        elif op is PatchOp.REPLACE or not isinstance(new, dict):
            items[i] = dict(new) if isinstance(new, dict) else {}
        else:
            items[i] = {**items[i], **new}
    _store(document, name, _one_primary([item for item in items if item]))


def _remove(document: dict[str, object], target: _Target, value: object) -> None:
    attribute, sub, name = target.attribute, target.sub, target.attribute.name
    if target.where is not None or (sub is not None and attribute.multi_valued):
        items = _items(document, name)
        for item in items:
            if sub is not None and (target.where is None or target.where(item)):
                item.pop(sub.name, None)
        if sub is None and target.where is not None:
            items = [item for item in items if not target.where(item)]
        _store(document, name, [item for item in items if item])
    elif sub is not None:
        current = dict(elements(document.get(name))[0]) if document.get(name) else {}
        current.pop(sub.name, None)
        _store(document, name, current)
    elif attribute.multi_valued and value is not None:
        gone = {_identity(item) for item in elements(canonical_value(attribute, value) or [])}
        kept = [item for item in _items(document, name) if _identity(item) not in gone]
        _store(document, name, kept)
    else:
        document.pop(name, None)
