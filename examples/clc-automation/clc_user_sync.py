"""Keep the users of a CLC account in line with a roster file, through clc-sdk (API v1).

    V1_API_KEY=... V1_API_PASSWD=... python clc_user_sync.py roster.csv [--alias ACME]

The roster is a CSV file with the columns ``UserName``, ``EmailAddress``, ``FirstName``,
``LastName`` and ``Roles`` (role names as clc-sdk spells them, separated by ``;``). A user
in the roster is created when missing, unsuspended when suspended and updated when their
email address, names or roles differ; an active user who is not in the roster is
suspended, never deleted. The account is the API user's own unless ``--alias`` names one.

clc-sdk turns every failure (an outage, an expired session it could not renew, a refused
call) into a plain ``Exception``, so each call is retried a few times with a growing
pause. Exit codes: 0 done, 1 gave up (the reason on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import clc

T = TypeVar("T")

ROLE_IDS: dict[str, int] = clc.v1.User.user_role_stoi
ROLE_NAMES = {role_id: name for name, role_id in ROLE_IDS.items()}
ENDPOINT_VARIABLE = "CLC_V1_ENDPOINT"


class SyncFailed(Exception):
    """A call still failed after the last attempt."""


@dataclass(frozen=True)
class RosterEntry:
    """One wanted user."""

    user_name: str
    email: str
    first_name: str
    last_name: str
    roles: frozenset[str]


def read_roster(path: Path) -> list[RosterEntry]:
    """Read a roster CSV file. Raises ``ValueError`` naming an unknown role."""
    with path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    entries = []
    for row in rows:
        roles = frozenset(filter(None, (role.strip() for role in row["Roles"].split(";"))))
        unknown = roles - ROLE_IDS.keys()
        if unknown:
            raise ValueError(f"{row['UserName']}: unknown roles {sorted(unknown)}")
        entries.append(
            RosterEntry(
                row["UserName"], row["EmailAddress"], row["FirstName"], row["LastName"], roles
            )
        )
    return entries


@dataclass
class SyncReport:
    """What one run changed, by user name."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unsuspended: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people."""
        return (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"unsuspended {len(self.unsuspended)}, suspended {len(self.suspended)}"
        )


@dataclass(frozen=True)
class Retrying:
    """Calls a function up to ``attempts`` times, pausing ``pause * attempt`` seconds
    after each failure."""

    attempts: int = 3
    pause: float = 1.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def __call__(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        for attempt in range(1, self.attempts):
            try:
                return call(*args, **kwargs)
            except Exception:  # clc-sdk raises nothing more specific
                time.sleep(self.pause * attempt)
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            raise SyncFailed(f"{call.__name__} failed {self.attempts} times: {exc}") from exc


def _differs(user: dict[str, Any], entry: RosterEntry) -> bool:
    roles = frozenset(ROLE_NAMES.get(role_id, str(role_id)) for role_id in user["Roles"])
    current = (user["EmailAddress"], user["FirstName"], user["LastName"], roles)
    return current != (entry.email, entry.first_name, entry.last_name, entry.roles)


def _fields(entry: RosterEntry) -> tuple[str, str, str, str, list[str]]:
    """CreateUser's and UpdateUser's positional arguments."""
    return entry.user_name, entry.email, entry.first_name, entry.last_name, sorted(entry.roles)


def sync_users(
    roster: Sequence[RosterEntry], *, alias: str | None = None, retrying: Retrying | None = None
) -> SyncReport:
    """Bring the account's users in line with ``roster`` (see the module docstring).

    Raises ``SyncFailed`` when a call fails on every attempt; what was done before that
    stays done, and running again picks up where this run stopped.
    """
    call = retrying or Retrying()
    listed: list[dict[str, Any]] = call(clc.v1.User.GetUsers, alias)
    current = {user["UserName"].casefold(): user for user in listed}
    report = SyncReport()
    for entry in roster:
        user = current.get(entry.user_name.casefold())
        if user is None:
            call(clc.v1.User.CreateUser, *_fields(entry), alias=alias)
            report.created.append(entry.user_name)
            continue
        if user["Status"] == "Disabled":
            call(clc.v1.User.UnsuspendUser, entry.user_name)
            report.unsuspended.append(entry.user_name)
        if _differs(user, entry):
            call(clc.v1.User.UpdateUser, *_fields(entry), alias=alias)
            report.updated.append(entry.user_name)
    wanted = {entry.user_name.casefold() for entry in roster}
    for name, user in current.items():
        if name not in wanted and user["Status"] == "Active":
            call(clc.v1.User.SuspendUser, user["UserName"])
            report.suspended.append(user["UserName"])
    return report


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Keep the users of a CLC account in line with a roster file."
    )
    parser.add_argument("roster", type=Path, help="the roster CSV file")
    parser.add_argument("--alias", help="the account (default: the API user's own)")
    parser.add_argument(
        "--endpoint",
        default=os.environ.get(ENDPOINT_VARIABLE),
        help=f"v1 base URL ending in /REST/ (default: ${ENDPOINT_VARIABLE}, else clc-sdk's)",
    )
    parser.add_argument(
        "--attempts", type=int, choices=range(1, 11), default=3, help="tries per call (3)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (see the module docstring); returns the exit code."""
    args = _arguments(argv)
    key, password = os.environ.get("V1_API_KEY"), os.environ.get("V1_API_PASSWD")
    if not key or not password:
        print("error: set V1_API_KEY and V1_API_PASSWD", file=sys.stderr)
        return 2
    if args.endpoint:
        clc.defaults.ENDPOINT_URL_V1 = args.endpoint.rstrip("/") + "/"
    clc.v1.SetCredentials(key, password)
    try:
        report = sync_users(
            read_roster(args.roster), alias=args.alias, retrying=Retrying(args.attempts)
        )
    except (SyncFailed, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
