"""Pages of a large account's user list: page 1 and a deep page, with each filter.

Prints its figure (issue 5, "pagination that stays fast at 100 000 users"): the best of five
``search_users`` calls (the service the portal and REST list call, keyset pages of 50) for
each filter, on a database seeded with ``--users`` users in one account (one in ten
suspended, one in fifty an Account Administrator, the rest Account Viewers).

Usage: ``python benchmarks/user_pages.py [--users 100000] [--database-url URL]``; without a
URL it seeds a new SQLite file in a temporary directory. A PostgreSQL URL must name an
empty database (the script migrates it and runs ANALYZE, as autovacuum would).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

from chamberlain.db.migrate import upgrade
from chamberlain.db.models import AccountRow, UserRoleRow, UserRow
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.users import UserFilters
from chamberlain.services.bootstrap import initialise
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import search_users
from chamberlain.settings import Settings

ALIAS = "BIG"
PAGE = 50
FILTERS = {
    "none": UserFilters(),
    "status": UserFilters(status="Disabled"),
    "role": UserFilters(role=9),
    "name prefix": UserFilters(name_prefix="f12"),
}
OPERATOR = Actor(kind="operator", label="bench", account_alias=None, tree_path="/", face=Face.CLI)


def seed(rt: Runtime, count: int) -> None:
    upgrade(rt.db.engine)
    initialise(rt, OPERATOR, ALIAS)
    now = datetime.now(UTC)
    with rt.db.engine.begin() as connection:
        account = connection.execute(select(AccountRow.id).where(AccountRow.alias == ALIAS))
        account_id = account.scalar_one()
        rows = [
            {
                "account_id": account_id, "user_name": f"u{i}", "user_name_key": f"u{i}",
                "email": f"u{i}@example.test", "first_name": f"F{i % 977}",
                "last_name": f"L{i % 1013}", "status": "Disabled" if i % 10 == 0 else "Active",
                "version": 1, "allow_sms": False, "created_at": now, "updated_at": now,
            }
            for i in range(count)
        ]  # fmt: skip
        connection.execute(insert(UserRow), rows)
        ids = connection.execute(select(UserRow.id)).scalars().all()
        roles = [{"user_id": i, "role_id": 9 if i % 50 == 0 else 10} for i in ids]
        connection.execute(insert(UserRoleRow), roles)
        if connection.dialect.name == "postgresql":
            connection.execute(text("ANALYZE"))


def best_ms(rt: Runtime, filters: UserFilters, after_id: int) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        search_users(rt, OPERATOR, ALIAS, filters, after_id=after_id, limit=PAGE)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'pages.sqlite'}"
    rt = Runtime.from_settings(Settings(database_url=url))
    try:
        seed(rt, args.users)
        deep = args.users - 1000
        print(f"{args.users} users, pages of {PAGE}, best of 5 ({rt.db.engine.dialect.name})")
        print(f"{'filter':<12} {'page 1':>9} {'deep page':>10}")
        for name, filters in FILTERS.items():
            first, later = best_ms(rt, filters, 0), best_ms(rt, filters, deep)
            print(f"{name:<12} {first:>7.1f} ms {later:>7.1f} ms")
    finally:
        rt.close()


if __name__ == "__main__":
    main()
