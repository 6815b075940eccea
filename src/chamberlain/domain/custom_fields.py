"""Account custom fields (v1 GetCustomFields): definitions an account keeps for its users."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from chamberlain.domain.text import required_text
from chamberlain.errors import InvalidField

NAME_MAX = 100


class FieldType(StrEnum):
    """The documented custom field types."""

    TEXT = "Text"
    OPTION = "Option"
    CHECKBOX = "Checkbox"


@dataclass(frozen=True, slots=True)
class CustomField:
    """One definition; ``options`` are ``(name, value)`` pairs of an Option field."""

    uuid: str
    name: str
    field_type: str
    is_required: bool
    options: tuple[tuple[str, str], ...] = ()


def new_custom_field(
    name: str, field_type: str, *, required: bool, options: Sequence[tuple[str, str]]
) -> CustomField:
    """Validate a definition and give it a fresh UUID.

    Raises ``InvalidField`` for a blank or long name, an unknown type, or options on a
    type other than Option (and none on an Option field).
    """
    clean_name = required_text("name", name, max_length=NAME_MAX)
    try:
        kind = FieldType(field_type.strip().capitalize())
    except ValueError:
        raise InvalidField("type", "must be Text, Option or Checkbox") from None
    if (kind is FieldType.OPTION) != bool(options):
        raise InvalidField("options", "an Option field needs options; other types take none")
    cleaned = tuple(
        (
            required_text("option name", option, max_length=NAME_MAX),
            required_text("option value", value, max_length=NAME_MAX),
        )
        for option, value in options
    )
    return CustomField(str(uuid.uuid4()), clean_name, kind.value, required, cleaned)
