"""Test databases: a migrated SQLite template copied per test, and PostgreSQL schemas.

PostgreSQL runs only when ``CHAMBERLAIN_TEST_DATABASE_URL`` names a database. Each use
gets its own schema (through ``search_path``), so tests and live servers never share
tables, and a test starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import chamberlain.db.models  # noqa: F401 - registers every table on Base.metadata
from chamberlain.db.base import Base
from chamberlain.db.engine import create_db_engine, normalise_url
from chamberlain.db.migrate import upgrade

POSTGRES_ENV = "CHAMBERLAIN_TEST_DATABASE_URL"


def postgres_base_url() -> str | None:
    """The PostgreSQL URL given to the test run, if any."""
    return os.environ.get(POSTGRES_ENV) or None


def _admin(sql: str) -> None:
    base = postgres_base_url()
    if base is None:
        raise RuntimeError(f"{POSTGRES_ENV} is not set")
    admin = create_engine(normalise_url(base))
    with admin.begin() as connection:
        connection.execute(text(sql))
    admin.dispose()


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A URL whose connections use a new schema of this process; dropped afterwards.

    The process id in the name keeps concurrent test runs on one database apart.
    """
    schema = f"{prefix}_{os.getpid()}"
    _admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    _admin(f'CREATE SCHEMA "{schema}"')
    base = postgres_base_url() or ""
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def migrate(url: str) -> None:
    """Run the migrations on ``url``."""
    engine = create_db_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def sqlite_template(folder: Path) -> Path:
    """A migrated SQLite database file to copy from."""
    template = folder / "template.sqlite"
    migrate(f"sqlite:///{template}")
    return template


def sqlite_copy(template: Path, folder: Path) -> str:
    """A fresh copy of the template; returns its URL."""
    target = folder / "chamberlain.sqlite"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def empty_postgres_tables(url: str) -> None:
    """Remove every row (schema kept): a test starts from empty tables."""
    engine = create_db_engine(url)
    with engine.begin() as connection:
        # Every mapped table, so a table added later is never left holding rows.
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
