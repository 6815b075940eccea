"""Typed reads from JSON answers: a missing or mistyped member is ``UnexpectedResponse``.

Members the SDK does not know are ignored, so a newer server that adds fields keeps
working with an older SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from chamberlain.client._errors import UnexpectedResponse


def as_object(value: object, what: str) -> Mapping[str, Any]:
    """``value`` as a JSON object."""
    if not isinstance(value, dict):
        raise UnexpectedResponse(f"expected {what} as a JSON object, got {type(value).__name__}")
    return value


def as_list(value: object, what: str) -> list[object]:
    """``value`` as a JSON array."""
    if not isinstance(value, list):
        raise UnexpectedResponse(f"expected {what} as a JSON array, got {type(value).__name__}")
    return value


class Reader:
    """Reads members of one JSON object, naming it in errors."""

    def __init__(self, value: object, what: str) -> None:
        self.data = as_object(value, what)
        self.what = what

    def _get(self, name: str, kind: type, optional: bool) -> Any:
        value = self.data.get(name)
        if value is None and optional:
            return None
        # bool is an int in Python, never in JSON.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise UnexpectedResponse(f"{self.what}.{name}: unexpected value {value!r}")
        return value

    def text(self, name: str) -> str:
        """A required string member."""
        value: str = self._get(name, str, optional=False)
        return value

    def opt_text(self, name: str) -> str | None:
        """A string member that may be null or absent."""
        value: str | None = self._get(name, str, optional=True)
        return value

    def integer(self, name: str) -> int:
        """A required integer member."""
        value: int = self._get(name, int, optional=False)
        return value

    def opt_integer(self, name: str) -> int | None:
        """An integer member that may be null or absent."""
        value: int | None = self._get(name, int, optional=True)
        return value

    def flag(self, name: str) -> bool:
        """A required boolean member."""
        value: bool = self._get(name, bool, optional=False)
        return value

    def time(self, name: str) -> datetime:
        """A required RFC 3339 date-time member."""
        moment = self.opt_time(name)
        if moment is None:
            raise UnexpectedResponse(f"{self.what}.{name}: missing")
        return moment

    def opt_time(self, name: str) -> datetime | None:
        """An RFC 3339 date-time member that may be null or absent."""
        text = self.opt_text(name)
        if text is None:
            return None
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise UnexpectedResponse(f"{self.what}.{name}: not a date-time: {text!r}") from None

    def integers(self, name: str) -> tuple[int, ...]:
        """A required array of integers."""
        items = as_list(self.data.get(name), f"{self.what}.{name}")
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            raise UnexpectedResponse(f"{self.what}.{name}: expected integers")
        return tuple(i for i in items if isinstance(i, int))

    def texts(self, name: str) -> tuple[str, ...]:
        """A required array of strings."""
        items = as_list(self.data.get(name), f"{self.what}.{name}")
        if not all(isinstance(i, str) for i in items):
            raise UnexpectedResponse(f"{self.what}.{name}: expected strings")
        return tuple(i for i in items if isinstance(i, str))

    def opt_texts(self, name: str) -> tuple[str, ...] | None:
        """An array of strings that may be null or absent."""
        return None if self.data.get(name) is None else self.texts(name)

    def objects(self, name: str) -> list[Reader]:
        """A required array of objects, each as a ``Reader``."""
        items = as_list(self.data.get(name), f"{self.what}.{name}")
        return [Reader(item, f"{self.what}.{name}[{i}]") for i, item in enumerate(items)]
