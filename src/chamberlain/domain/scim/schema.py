"""Attribute definitions (RFC 7643 section 7) and resource types.

One definition serves every use: ``/Schemas`` renders it, filters take their types and
case rules from it, and documents are read and written by it. Names are looked up
without regard to case; the definition's spelling is the canonical one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Type(StrEnum):
    """The attribute data types chamberlain's schemas use."""

    STRING = "string"
    BOOLEAN = "boolean"
    COMPLEX = "complex"
    REFERENCE = "reference"
    INTEGER = "integer"


class Mutability(StrEnum):
    """Who may set an attribute, and when (chamberlain has no write-only attribute)."""

    READ_ONLY = "readOnly"
    READ_WRITE = "readWrite"
    IMMUTABLE = "immutable"


class Returned(StrEnum):
    """When an attribute appears in a response (chamberlain uses two of the four)."""

    ALWAYS = "always"
    DEFAULT = "default"


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute or sub-attribute. ``fold``, when given, is the form under which its
    string values are the same value (for ``userName``: the key user names are unique
    under); without it they compare exactly when ``case_exact``, else ignoring case."""

    name: str
    description: str
    type: Type = Type.STRING
    multi_valued: bool = False
    required: bool = False
    case_exact: bool = False
    mutability: Mutability = Mutability.READ_WRITE
    returned: Returned = Returned.DEFAULT
    uniqueness: str = "none"
    canonical_values: tuple[str, ...] = ()
    reference_types: tuple[str, ...] = ()
    sub_attributes: tuple[Attribute, ...] = ()
    fold: Callable[[str], str] | None = None

    @property
    def writable(self) -> bool:
        """Whether a client may send a value for it."""
        return self.mutability is not Mutability.READ_ONLY

    @property
    def folding(self) -> Callable[[str], str]:
        """What brings a string value to the form it compares in (see ``fold``)."""
        if self.fold is not None:
            return self.fold
        return _unchanged if self.case_exact else str.casefold

    def sub(self, name: str) -> Attribute | None:
        """The sub-attribute called ``name`` (any case), if there is one."""
        return find(self.sub_attributes, name)

    def to_json(self) -> dict[str, object]:
        """The attribute as ``/Schemas`` shows it."""
        body: dict[str, object] = {
            "name": self.name,
            "type": self.type.value,
            "multiValued": self.multi_valued,
            "description": self.description,
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": self.mutability.value,
            "returned": self.returned.value,
            "uniqueness": self.uniqueness,
        }
        if self.canonical_values:
            body["canonicalValues"] = list(self.canonical_values)
        if self.reference_types:
            body["referenceTypes"] = list(self.reference_types)
        if self.sub_attributes:
            body["subAttributes"] = [sub.to_json() for sub in self.sub_attributes]
        return body


def find(attributes: tuple[Attribute, ...], name: str) -> Attribute | None:
    """The attribute of ``attributes`` called ``name``, in any case."""
    folded = name.casefold()
    return next((a for a in attributes if a.name.casefold() == folded), None)


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema: its URN, name and attributes."""

    id: str
    name: str
    description: str
    attributes: tuple[Attribute, ...]

    def to_json(self, location: str) -> dict[str, object]:
        """The schema as ``/Schemas`` shows it."""
        return {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "attributes": [attribute.to_json() for attribute in self.attributes],
            "meta": {"resourceType": "Schema", "location": location},
        }


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A kind of resource: its endpoint, core schema and the attributes every resource
    has (``id``, ``externalId``, ``meta``: RFC 7643 section 3.1)."""

    name: str
    endpoint: str
    description: str
    schema: Schema
    common: tuple[Attribute, ...] = field(default=())

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        """Common attributes, then the schema's."""
        return self.common + self.schema.attributes

    def attribute(self, name: str, urn: str | None = None) -> Attribute | None:
        """The attribute ``name`` (any case), optionally qualified by a schema URN; None
        when no such attribute exists or the URN is not this resource's schema."""
        if urn is not None and urn.casefold() != self.schema.id.casefold():
            return None
        return find(self.attributes, name)

    def to_json(self, location: str) -> dict[str, object]:
        """The resource type as ``/ResourceTypes`` shows it."""
        return {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": self.name,
            "name": self.name,
            "endpoint": self.endpoint,
            "description": self.description,
            "schema": self.schema.id,
            "schemaExtensions": [],
            "meta": {"resourceType": "ResourceType", "location": location},
        }
