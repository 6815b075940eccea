"""One page shape for every keyset listing of the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing in a stable order: ``items``, the id to continue after
    (``next_after``; None on the last page) and, when it was asked for, the ``total``."""

    items: list[T]
    next_after: int | None
    total: int | None = None


def page_of(
    found: Sequence[T], limit: int, key: Callable[[T], int], total: int | None = None
) -> Page[T]:
    """The page of ``found``, read with ``limit + 1`` rows so that one more row says
    whether another page follows; ``key`` gives the id to continue after."""
    items = list(found[:limit])
    return Page(items, key(items[-1]) if len(found) > limit else None, total)
