"""Alembic environment: runs on the connection chamberlain hands over (see db.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from chamberlain.db.base import Base
from chamberlain.db.models import AccountRow  # noqa: F401  (registers every table)

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
