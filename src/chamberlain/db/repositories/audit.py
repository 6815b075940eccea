"""The audit trail (append only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from chamberlain.db.models import AuditRow
from chamberlain.domain.audit import Actor, AuditAction


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
        self._session.add(
            AuditRow(
                occurred_at=now,
                action=action,
                face=actor.face,
                request_id=actor.request_id,
                actor_kind=actor.kind,
                actor_label=actor.label,
                actor_account=actor.account_alias,
                target_kind=target_kind,
                target_label=target_label,
                target_account_path=target_path,
                changes=changes,
            )
        )
        self._session.flush()
