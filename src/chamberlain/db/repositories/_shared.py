"""Helpers every repository uses."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.base import Base
from chamberlain.db.models import AccountRow
from chamberlain.domain.accounts import ACTIVE_STATUSES, ancestor_aliases


def is_violation_of(exc: IntegrityError, constraint: str, column: str) -> bool:
    """Whether ``exc`` broke ``constraint`` (PostgreSQL names it; SQLite names the column)."""
    diag = getattr(exc.orig, "diag", None)
    if getattr(diag, "constraint_name", None) == constraint:
        return True
    return f"UNIQUE constraint failed: {column}" in str(exc.orig)


def chain_active(session: Session, path: str, status: int) -> bool:
    """Whether the account at ``path`` (whose own status is ``status``) and every
    ancestor are in service (one query only when the account has ancestors)."""
    if status not in ACTIVE_STATUSES:
        return False
    ancestors = ancestor_aliases(path)[:-1]
    if not ancestors:
        return True
    suspended = session.scalar(
        select(func.count())
        .select_from(AccountRow)
        .where(
            AccountRow.alias.in_(ancestors),
            AccountRow.status.not_in([int(status) for status in ACTIVE_STATUSES]),
        )
    )
    return not suspended


def table_of(model: type[Base]) -> Table:
    """The Core table behind a mapped class (for statements that skip the ORM)."""
    return cast(Table, model.__table__)
