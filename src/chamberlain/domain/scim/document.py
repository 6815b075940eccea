"""Reading client documents into canonical form, and cutting responses to size.

A canonical document holds only attributes a client may write, under their schema
spelling, with values of the schema's type: ``"True"``/``"false"`` strings become
booleans (Entra sends them), a single value of a multi-valued attribute becomes a list,
and empty values disappear (RFC 7643 section 2.5: unassigned). Attributes the resource
does not have, and read-only ones (``id``, ``meta``, ``groups``), are dropped: RFC 7644
section 3.5.1 has the server ignore read-only values, and chamberlain ignores attributes
it does not keep rather than fail a provider that maps more than it stores.
"""

from __future__ import annotations

from collections.abc import Mapping

from chamberlain.domain.scim.schema import (
    Attribute,
    Mutability,
    ResourceType,
    Returned,
    Type,
    find,
)
from chamberlain.errors import InvalidField, InvalidRequest

# Values that mean "unassigned" (RFC 7643 section 2.5).
UNASSIGNED: tuple[object, ...] = (None, "", [], {})
# Most values a multi-valued attribute may carry in one request (and most values all
# operations of one PATCH may carry): what a request costs stays bounded.
MAX_VALUES = 1_000


def _scalar(attribute: Attribute, raw: object, where: str) -> object:
    if raw is None:
        return None
    if attribute.type is Type.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return raw.strip().lower() == "true"
        raise InvalidField(where, "must be true or false")
    if not isinstance(raw, str):
        raise InvalidField(where, "must be a string")
    return raw


def _complex(attribute: Attribute, raw: object, where: str) -> dict[str, object] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise InvalidField(where, "must be an object")
    return canonical_fields(attribute.sub_attributes, raw, where=f"{where}.")


def canonical_element(attribute: Attribute, raw: object, where: str) -> dict[str, object] | None:
    """``raw`` as one element of the multi-valued complex ``attribute`` (None when empty).
    Raises ``InvalidField`` when it is not an object."""
    value = _complex(attribute, raw, where)
    return value or None


def _single(attribute: Attribute, raw: object, where: str) -> object:
    if attribute.type is Type.COMPLEX:
        return _complex(attribute, raw, where)
    return _scalar(attribute, raw, where)


def canonical_value(attribute: Attribute, raw: object, where: str | None = None) -> object:
    """``raw`` as a value of ``attribute`` (None when unassigned).

    Raises ``InvalidField`` (named ``where``, the attribute's name by default) when the
    value has the wrong type, or more than ``MAX_VALUES`` values.
    """
    where = where or attribute.name
    if not attribute.multi_valued:
        value = _single(attribute, raw, where)
        return None if value in UNASSIGNED else value
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_VALUES:
        raise InvalidField(where, f"at most {MAX_VALUES} values per request")
    values = [_single(attribute, item, where) for item in items]
    kept = [value for value in values if value not in UNASSIGNED]
    return kept or None


def canonical_fields(
    attributes: tuple[Attribute, ...], raw: Mapping[str, object], *, where: str = ""
) -> dict[str, object]:
    """The writable attributes of ``raw`` among ``attributes``, canonical (see module).

    Raises ``InvalidRequest`` when one attribute is given twice (in two cases), and
    ``InvalidField`` for a value of the wrong type.
    """
    document: dict[str, object] = {}
    seen: set[str] = set()
    for key, raw_value in raw.items():
        attribute = find(attributes, key)
        if attribute is None or not attribute.writable:
            continue
        if attribute.name in seen:
            raise InvalidRequest(f"{where}{attribute.name} is given twice")
        seen.add(attribute.name)
        value = canonical_value(attribute, raw_value, f"{where}{attribute.name}")
        if value is not None:
            document[attribute.name] = value
    return document


def canonical_document(resource: ResourceType, raw: object) -> dict[str, object]:
    """A client's resource document in canonical form. Raises ``InvalidRequest`` when it
    is not a JSON object, and as ``canonical_fields`` does."""
    if not isinstance(raw, Mapping):
        raise InvalidRequest("the body must be a JSON object")
    return canonical_fields(resource.attributes, raw)


def _same(attribute: Attribute, before: object, after: object) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return attribute.folding(before) == attribute.folding(after)
    return before == after


def changed_immutables(
    resource: ResourceType, before: Mapping[str, object], after: Mapping[str, object]
) -> list[str]:
    """Names of immutable attributes that had a value in ``before`` and another (or none)
    in ``after``."""
    return [
        attribute.name
        for attribute in resource.attributes
        if attribute.mutability is Mutability.IMMUTABLE
        and before.get(attribute.name) is not None
        and not _same(attribute, before.get(attribute.name), after.get(attribute.name))
    ]


def _names(resource: ResourceType, paths: list[str]) -> set[tuple[str, str | None]]:
    """``(attribute, sub-attribute)`` pairs named in an ``attributes`` parameter; names
    the resource does not have are left out (they select nothing)."""
    found: set[tuple[str, str | None]] = set()
    for path in paths:
        urn, _, local = path.strip().rpartition(":") if ":" in path else ("", "", path.strip())
        name, _, sub = local.partition(".")
        attribute = resource.attribute(name, urn or None)
        if attribute is None:
            continue
        sub_attribute = attribute.sub(sub) if sub else None
        if sub and sub_attribute is None:
            continue
        found.add((attribute.name, sub_attribute.name if sub_attribute else None))
    return found


def _keep_subs(value: object, subs: set[str]) -> object:
    if isinstance(value, list):
        return [_keep_subs(item, subs) for item in value]
    if isinstance(value, Mapping):
        return {key: item for key, item in value.items() if key in subs}
    return value


def project(
    resource: ResourceType,
    document: Mapping[str, object],
    *,
    attributes: list[str],
    excluded: list[str],
) -> dict[str, object]:
    """The response document cut to ``attributes`` (when given) or without ``excluded``
    (RFC 7644 section 3.9); ``schemas`` and attributes returned ``always`` stay."""
    always = {"schemas"} | {a.name for a in resource.attributes if a.returned is Returned.ALWAYS}
    if attributes:
        wanted = _names(resource, attributes)
        result: dict[str, object] = {}
        for key, value in document.items():
            subs = {sub for name, sub in wanted if name == key}
            if key in always or None in subs:
                result[key] = value
            elif subs:
                result[key] = _keep_subs(value, {sub for sub in subs if sub is not None})
        return result
    dropped = _names(resource, excluded)
    whole = {name for name, sub in dropped if sub is None} - always
    result = {key: value for key, value in document.items() if key not in whole}
    for name, sub in dropped:
        if sub is not None and name in result:
            result[name] = _drop_sub(result[name], sub)
    return result


def _drop_sub(value: object, sub: str) -> object:
    if isinstance(value, list):
        return [_drop_sub(item, sub) for item in value]
    if isinstance(value, Mapping):
        return {key: item for key, item in value.items() if key != sub}
    return value


def returned(
    resource: ResourceType, name: str, *, attributes: list[str], excluded: list[str]
) -> bool:
    """Whether a response cut by ``attributes``/``excluded`` shows attribute ``name`` (so
    whether it is worth loading)."""
    return name in project(resource, {name: True}, attributes=attributes, excluded=excluded)
