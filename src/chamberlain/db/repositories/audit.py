"""The audit trail (append only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from chamberlain.db.models import AuditRow
from chamberlain.db.repositories._shared import table_of
from chamberlain.domain.audit import Actor, AuditAction, AuditEvent, AuditFilters

_audit = table_of(AuditRow)


class AuditRepository:
    """Appends records to the current transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        *,
        actor: Actor,
        action: AuditAction,
        target_kind: str,
        target_label: str,
        target_path: str,
        changes: dict[str, list[object]],
        now: datetime,
    ) -> None:
        """Append one record."""
        self._session.connection().execute(
            insert(_audit),
            {
                "occurred_at": now,
                "action": action,
                "face": actor.face,
                "request_id": actor.request_id,
                "actor_kind": actor.kind,
                "actor_label": actor.label,
                "actor_account": actor.account_alias,
                "target_kind": target_kind,
                "target_label": target_label,
                "target_account_path": target_path,
                "changes": changes,
            },
        )

    def search(
        self, tree_path: str, filters: AuditFilters, *, after_id: int, limit: int
    ) -> list[AuditEvent]:
        """Records about targets at and below ``tree_path`` matching every filter, oldest
        first, after ``after_id``."""
        query = select(AuditRow).where(
            AuditRow.target_account_path.startswith(tree_path), AuditRow.id > after_id
        )
        if filters.actor is not None:
            query = query.where(AuditRow.actor_label == filters.actor)
        if filters.target is not None:
            query = query.where(AuditRow.target_label == filters.target)
        if filters.action is not None:
            query = query.where(AuditRow.action == filters.action)
        if filters.since is not None:
            query = query.where(AuditRow.occurred_at >= filters.since)
        if filters.until is not None:
            query = query.where(AuditRow.occurred_at < filters.until)
        rows = self._session.scalars(query.order_by(AuditRow.id).limit(limit))
        return [
            AuditEvent(
                id=row.id,
                occurred_at=row.occurred_at,
                action=row.action,
                face=row.face,
                request_id=row.request_id,
                actor_kind=row.actor_kind,
                actor_label=row.actor_label,
                actor_account=row.actor_account,
                target_kind=row.target_kind,
                target_label=row.target_label,
                target_account_path=row.target_account_path,
                changes=row.changes,
            )
            for row in rows
        ]
