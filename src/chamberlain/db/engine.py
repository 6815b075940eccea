"""Engines and durability settings for SQLite and PostgreSQL.

SQLite runs in WAL mode with ``synchronous=FULL``, foreign keys on and a busy timeout.
Write transactions start with ``BEGIN IMMEDIATE`` so two writers queue on the lock
instead of failing half-way; reads start with a plain ``BEGIN``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import OperationalError

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The worker-thread limit of anyio, which runs every blocking request handler.
SQLITE_POOL_SIZE = 40
_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
)


def normalise_url(database_url: str) -> URL:
    """Return the URL with chamberlain's driver choices filled in.

    ``postgresql://`` and ``postgres://`` mean psycopg 3, the driver we ship.
    """
    url = make_url(database_url.replace("postgres://", "postgresql://", 1))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        # Straight to the driver: this runs once per transaction, and the full statement
        # machinery of exec_driver_sql costs more than the BEGIN itself.
        driver = connection.connection.driver_connection
        assert driver is not None  # a connection in a "begin" event is checked out
        statement = f"BEGIN {mode}"
        try:
            driver.execute(statement)
        except sqlite3.OperationalError as exc:
            # Straight from the driver, so not yet SQLAlchemy's: wrap it as SQLAlchemy
            # would, so a lock held too long is a ServiceUnavailable like every other.
            raise OperationalError(statement, None, exc) from exc


def create_db_engine(database_url: str) -> Engine:
    """Create the engine; for a SQLite file, create its folder first."""
    url = normalise_url(database_url)
    if url.get_backend_name() == "sqlite":
        pool: dict[str, int] = {}
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            # One pooled connection per request thread that may want one: the default
            # pool (5 + 10 overflow) closes and reopens connections under modest
            # concurrency, and each reopen repeats the pragmas.
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE}
        engine = create_engine(url, **pool)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def write_engine(engine: Engine) -> Engine:
    """Return a view of ``engine`` whose transactions take SQLite's write lock at BEGIN."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def durability_settings(engine: Engine) -> dict[str, str]:
    """Read the live durability settings (checked at start-up and by tests)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            pragmas = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            return {
                name: str(connection.exec_driver_sql(f"PRAGMA {name}").scalar()) for name in pragmas
            }
        settings = ("fsync", "synchronous_commit", "full_page_writes")
        return {name: str(connection.exec_driver_sql(f"SHOW {name}").scalar()) for name in settings}
