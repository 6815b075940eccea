"""Listings that fetch their pages as they are iterated.

A pager follows the cursor in each page's ``next`` link. It re-sends the same operation
with that cursor rather than requesting the link itself: the link's host is the server's
own view of itself (behind a proxy, another name), and a bearer token must never go to a
host the caller did not name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, TypeVar

from chamberlain.client._errors import UnexpectedResponse
from chamberlain.client._models import Page

T = TypeVar("T")


def _check_progress(seen: set[str], cursor: str) -> None:
    """A server that hands out a cursor twice would make the iteration endless."""
    if cursor in seen:
        raise UnexpectedResponse(f"the server repeated the page cursor {cursor!r}")
    seen.add(cursor)


class Pager(Generic[T]):
    """Every item of a listing, fetched page by page while iterating; each iteration
    starts again from the first page. Nothing is fetched before iterating."""

    def __init__(self, fetch: Callable[[str | None], Page[T]]) -> None:
        self._fetch = fetch

    def pages(self) -> Iterator[Page[T]]:
        """The pages, in order."""
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page = self._fetch(cursor)
            yield page
            if page.cursor is None:
                return
            _check_progress(seen, page.cursor)
            cursor = page.cursor

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """``Pager`` for ``AsyncClient``: iterate with ``async for``."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        """The pages, in order."""
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page = await self._fetch(cursor)
            yield page
            if page.cursor is None:
                return
            _check_progress(seen, page.cursor)
            cursor = page.cursor

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
