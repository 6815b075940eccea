"""How a face finds its answer to a domain error: by the error's type, not by row order.

Each face keeps exactly one ``ErrorTable``: rows keyed by domain error classes, each
holding what that face answers (a status, a StatusCode, a message...). The row of an
error is that of the first class in ``type(error).__mro__`` that has one, so a class with
its own row always wins over its bases, and a class without one shares its nearest
listed ancestor's, whatever order the rows are written in.

No face lists ``ChamberlainError`` itself: an error none of whose classes has a row is a
bug of the face, which it answers as an unexpected failure. ``tests/api/
test_error_tables.py`` holds every domain error to a row of every face's table, and every
face to one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from chamberlain.errors import ChamberlainError

Answer = TypeVar("Answer")


class ErrorTable(Generic[Answer]):
    """One face's answers to domain errors, looked up along the error's MRO."""

    def __init__(self, face: str, rows: Mapping[type[ChamberlainError], Answer]) -> None:
        if ChamberlainError in rows:
            raise ValueError(f"{face}: a row for ChamberlainError would hide unmapped errors")
        self.face = face
        self._rows = dict(rows)

    def row_of(self, kind: type[ChamberlainError]) -> type[ChamberlainError] | None:
        """The class whose row answers errors of ``kind`` (None: no row; a bug)."""
        for listed in kind.__mro__:
            if listed in self._rows:
                return listed
        return None

    def get(self, kind: type[ChamberlainError]) -> Answer | None:
        """The answer to errors of ``kind``; None when no class of its MRO has a row."""
        listed = self.row_of(kind)
        return None if listed is None else self._rows[listed]

    def __iter__(self) -> Iterator[tuple[type[ChamberlainError], Answer]]:
        """The rows, as (class, answer) pairs."""
        return iter(self._rows.items())
