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


def chain_active(session: Session, account: AccountRow) -> bool:
    """Whether ``account`` and every ancestor are in service (one query only when the
    account has ancestors)."""
    if account.status not in ACTIVE_STATUSES:
        return False
    ancestors = ancestor_aliases(account.path)[:-1]
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
