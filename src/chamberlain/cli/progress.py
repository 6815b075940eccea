"""Progress of long transfers (``users import``, ``users export``) on stderr.

On a terminal it is a rich progress bar (rows done / total, elapsed and remaining time);
elsewhere (a CI log, a pipe) one line per step, ``import: 3000/10000 rows``, since a bar
that redraws itself would fill a log with control characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Advance = Callable[[int], None]


@contextmanager
def progress(what: str, total: int, console: Console | None = None) -> Iterator[Advance]:
    """Report ``what`` from 0 to ``total`` rows; the block calls the function it gets
    with each step's number of rows. ``console`` is where (stderr by default)."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        done = 0

        def line(rows: int) -> None:
            nonlocal done
            done += rows
            click.echo(f"{what}: {done}/{total} rows", err=True)

        yield line
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(what, total=total)
        yield lambda rows: bar.advance(task, rows)
