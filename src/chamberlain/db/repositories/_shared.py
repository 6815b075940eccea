"""Helpers every repository uses."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow
from chamberlain.domain.accounts import ACTIVE_STATUSES, ancestor_aliases


def is_violation_of(exc: IntegrityError, constraint: str, column: str) -> bool:
    """Whether ``exc`` broke ``constraint`` (PostgreSQL names it; SQLite names the column)."""
    diag = getattr(exc.orig, "diag", None)
    if getattr(diag, "constraint_name", None) == constraint:
        return True
    return f"UNIQUE constraint failed: {column}" in str(exc.orig)


def chain_active(session: Session, path: str) -> bool:
    """Whether the account at ``path`` and every ancestor are in service."""
    suspended = session.scalar(
        select(func.count())
        .select_from(AccountRow)
        .where(
            AccountRow.alias.in_(ancestor_aliases(path)),
            AccountRow.status.not_in([int(status) for status in ACTIVE_STATUSES]),
        )
    )
    return not suspended
