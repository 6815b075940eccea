"""Where a test run's time goes: per directory and per database, from pytest's JUnit XML.

    pytest --junitxml=run.xml ...
    python scripts/test_durations.py run.xml [--top 30]

Each test's time is setup + call + teardown (pytest's default ``junit_duration_report``),
so a module-scoped server's start-up is charged to the first test that uses it. Under
xdist the sums are worker time, not wall time: divide by the workers for a rough wall.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from xml.etree import ElementTree

DATABASES = ("postgresql", "sqlite")


def database_of(name: str) -> str:
    """The database a test's parameters name (``-`` when none: it uses neither or both)."""
    ids = re.search(r"\[(.*)\]$", name)
    if ids is not None:
        for database in DATABASES:
            if database in ids.group(1).split("-"):
                return database
    return "-"


def folder_of(classname: str) -> str:
    """``tests.api.test_v1_logon`` -> ``tests/api``; a nested folder keeps two levels."""
    parts = classname.split(".")
    modules = [p for p in parts if not p[:1].isupper()]  # drop test classes
    return "/".join(modules[:-1][:3]) or modules[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="+")
    parser.add_argument("--top", type=int, default=0, help="also list the N slowest tests")
    args = parser.parse_args()

    seconds: dict[tuple[str, str], float] = defaultdict(float)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    every: list[tuple[float, str]] = []
    for path in args.xml:
        for case in ElementTree.parse(path).iter("testcase"):
            if case.find("skipped") is not None:
                continue
            key = (folder_of(case.get("classname", "")), database_of(case.get("name", "")))
            took = float(case.get("time", "0"))
            seconds[key] += took
            counts[key] += 1
            every.append((took, f"{case.get('classname')}::{case.get('name')}"))

    folders = sorted({folder for folder, _ in seconds})
    columns = ("sqlite", "postgresql", "-")
    print(f"| {'directory':28} | " + " | ".join(f"{c:>16}" for c in columns) + " |    total |")
    print(f"|{'-' * 30}|" + "|".join("-" * 18 for _ in columns) + "|----------|")
    totals = dict.fromkeys(columns, 0.0)
    for folder in folders:
        cells = []
        for column in columns:
            took, n = seconds.get((folder, column), 0.0), counts.get((folder, column), 0)
            totals[column] += took
            cells.append(f"{took:7.1f} s ({n:4d})" if n else f"{'':16}")
        row_total = sum(seconds.get((folder, c), 0.0) for c in columns)
        print(f"| {folder:28} | " + " | ".join(cells) + f" | {row_total:6.1f} s |")
    n_all = {c: sum(counts.get((f, c), 0) for f in folders) for c in columns}
    cells = [f"{totals[c]:7.1f} s ({n_all[c]:4d})" for c in columns]
    print(f"| {'all':28} | " + " | ".join(cells) + f" | {sum(totals.values()):6.1f} s |")
    if args.top:
        print()
        for took, name in sorted(every, reverse=True)[: args.top]:
            print(f"{took:8.2f} s  {name}")


if __name__ == "__main__":
    main()
