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

import psycopg
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

import chamberlain.db.models  # noqa: F401 - registers every table on Base.metadata
from chamberlain.db.base import Base
from chamberlain.db.engine import create_db_engine, normalise_url
from chamberlain.db.migrate import upgrade

POSTGRES_ENV = "CHAMBERLAIN_TEST_DATABASE_URL"
# Tried when the variable is unset: the database CI uses (``.ci/run``).
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# ``CHAMBERLAIN_TEST_DATABASE_URL=skip`` leaves PostgreSQL out even where it answers.
SKIP = "skip"


def postgres_base_url() -> str | None:
    """The PostgreSQL URL given to the test run, if any."""
    value = os.environ.get(POSTGRES_ENV) or None
    return None if value == SKIP else value


def postgres_answers(url: str) -> bool:
    """Whether ``url`` takes a connection within a couple of seconds."""
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def choose_postgres() -> str:
    """Settle, for this run, whether the PostgreSQL half runs: with the variable unset,
    use the default database when it answers (and set the variable, so xdist workers and
    live servers see the same). Returns a line for pytest's report header."""
    given = os.environ.get(POSTGRES_ENV) or None
    if given == SKIP:
        return f"PostgreSQL: skipped ({POSTGRES_ENV}={SKIP})"
    if given is not None:
        return f"PostgreSQL: {make_url(given).render_as_string()} ({POSTGRES_ENV})"
    if postgres_answers(DEFAULT_POSTGRES_URL):
        os.environ[POSTGRES_ENV] = DEFAULT_POSTGRES_URL
        return f"PostgreSQL: {DEFAULT_POSTGRES_URL} (answered on the default address)"
    return POSTGRES_SKIPPED


POSTGRES_SKIPPED = (
    f"PostgreSQL: NOT TESTED, every PostgreSQL test is skipped: nothing answered at "
    f"{DEFAULT_POSTGRES_URL} and {POSTGRES_ENV} is unset. Start PostgreSQL there (trust "
    f"auth, database test) or set {POSTGRES_ENV}=postgresql://USER@HOST:PORT/DB."
)


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
    rendered = url.render_as_string(hide_password=False)
    try:
        yield rendered
    finally:
        engine = _EMPTYING_ENGINES.pop(rendered, None)
        if engine is not None:
            engine.dispose()
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


# One engine per schema for emptying it between tests (a new engine per test cost a
# connection each time); disposed when the schema is dropped.
_EMPTYING_ENGINES: dict[str, Engine] = {}

# Every sequence of the schema back to 1, as TRUNCATE ... RESTART IDENTITY would.
_RESTART_SEQUENCES = text(
    "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind = 'S' AND n.nspname = current_schema()"
)


def empty_postgres_tables(url: str) -> None:
    """Remove every row and restart every sequence (schema kept): a test starts from empty
    tables and its ids from 1.

    ``DELETE``, children first, rather than ``TRUNCATE``: on tables this small a
    ``DELETE`` of all of them takes about 3 ms, a ``TRUNCATE`` about 240 ms (it makes new
    files for every table and syncs them at commit), and this runs before every test.
    """
    engine = _EMPTYING_ENGINES.get(url)
    if engine is None:
        engine = _EMPTYING_ENGINES[url] = create_db_engine(url)
    with engine.begin() as connection:
        # Every mapped table, so a table added later is never left holding rows.
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(_RESTART_SEQUENCES)
