"""The baselines chamberlain is compared with, served by uvicorn like chamberlain.

- ``hello_app``: a bare Starlette hello world (``GET /`` answers a small JSON).
- ``raw_insert_app``: Starlette plus the stdlib ``sqlite3`` driver, called inline on one
  connection; ``POST /users`` inserts one row and commits it (WAL, ``synchronous=FULL``,
  the durability chamberlain ships with). The file comes from ``BENCH_RAW_DB``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    created_at TEXT NOT NULL
)
"""
INSERT = (
    "INSERT INTO users (user_name, email, first_name, last_name, created_at) VALUES (?, ?, ?, ?, ?)"
)


async def _hello(_request: Request) -> JSONResponse:
    return JSONResponse({"hello": "world"})


def hello_app() -> Starlette:
    """Uvicorn factory for the hello world."""
    return Starlette(routes=[Route("/", _hello), Route("/healthz", _hello)])


def raw_insert_app() -> Starlette:
    """Uvicorn factory for the one-row-insert app."""
    # Autocommit: each INSERT is its own transaction, committed (and synced) at once.
    db = sqlite3.connect(os.environ["BENCH_RAW_DB"], isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=10000"):
        db.execute(f"PRAGMA {pragma}")
    db.execute(SCHEMA)

    async def insert(request: Request) -> JSONResponse:
        user = json.loads(await request.body())
        created = datetime.now(UTC).isoformat()
        row = (user["user_name"], user["email"], user["first_name"], user["last_name"], created)
        cursor = db.execute(INSERT, row)
        return JSONResponse({**user, "id": cursor.lastrowid, "created_at": created}, 201)

    async def settings(_request: Request) -> JSONResponse:
        names = ("journal_mode", "synchronous")
        return JSONResponse(
            {name: str(db.execute(f"PRAGMA {name}").fetchone()[0]) for name in names}
        )

    return Starlette(
        routes=[Route("/users", insert, methods=["POST"]), Route("/healthz", settings)]
    )
