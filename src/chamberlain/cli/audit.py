"""``chamberlain audit list|tail``: the audit trail of every face, from a server."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

import click

from chamberlain.cli.output import Command, emit_rows, field_names, record
from chamberlain.cli.remote import connect, remote_options, server_of
from chamberlain.client import AuditEvent

if TYPE_CHECKING:
    from chamberlain.client import AuditFilters

_COLUMNS = (
    ("ID", "id"), ("WHEN", "occurred_at"), ("FACE", "face"), ("ACTOR", "actor"),
    ("ACTION", "action"), ("TARGET", "target"), ("CHANGES", "summary"),
)  # fmt: skip


# ISO 8601 dates and date-times; %z takes "Z" and "+01:00". No zone: the server says UTC.
MOMENT = click.DateTime(
    ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"]
)

_FILTERS = (
    ("account", "Only this account and its sub-accounts (default: your whole tree)."),
    ("actor", "Only changes made by this user name or API key."),
    ("target", "Only changes to this user, account or API key."),
    ("action", "Only this action, e.g. user.update or api_user.rotate."),
    ("since", "Only changes at or after this time."),
    ("until", "Only changes before this time."),
)


def _filter_options(command: Command) -> Command:
    """The trail's filters, as options; with ``--profile``, ``--url`` and ``--output``."""
    command = remote_options(command)
    for name, text in reversed(_FILTERS):
        kind = MOMENT if name in ("since", "until") else None
        command = click.option(f"--{name}", name, type=kind, help=text)(command)
    return command


def _summary(row: dict[str, Any]) -> str:
    changes: dict[str, list[object]] = row["changes"]
    return "; ".join(f"{name}: {pair[0]} -> {pair[1]}" for name, pair in changes.items())


def _emit(events: Iterable[AuditEvent], fmt: str) -> None:
    rows = [record(event) for event in events]
    for row in rows:
        row["summary"] = _summary(row)
    emit_rows(rows, fmt, fields=field_names(AuditEvent), columns=_COLUMNS)


def _filters(given: dict[str, Any]) -> AuditFilters:
    return cast("AuditFilters", {k: v for k, v in given.items() if v is not None})


@click.group("audit")
def audit() -> None:
    """The audit trail: who changed what, through which face (v1, v2, REST, SCIM, CLI).

    \b
    Examples:
      chamberlain audit tail
      chamberlain audit list --target jdoe --json
    """


@audit.command("list")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many events.")
@_filter_options
def list_events(
    *, limit: int | None, fmt: str, profile: str | None, url: str | None, **filters: Any
) -> None:
    """List changes, oldest first, matching every filter given.

    \b
    Examples:
      chamberlain audit list --account ACME --since 2030-01-01
      chamberlain audit list --actor jdoe --action user.update --output csv
    """
    with connect(server_of(profile, url)) as api:
        pager = api.audit.list(page_size=min(limit or 1000, 1000), **_filters(filters))
        events = list(islice(pager, limit))
    _emit(events, fmt)


@audit.command("tail")
@click.option(
    "-n",
    "--lines",
    "count",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many of the latest changes.",
)
@_filter_options
def tail_events(
    *, count: int, fmt: str, profile: str | None, url: str | None, **filters: Any
) -> None:
    """Show the latest changes (oldest of them first), matching every filter given.

    \b
    Examples:
      chamberlain audit tail
      chamberlain audit tail -n 50 --target jdoe
    """
    with connect(server_of(profile, url)) as api:
        latest = deque(api.audit.list(page_size=1000, **_filters(filters)), maxlen=count)
    _emit(latest, fmt)
