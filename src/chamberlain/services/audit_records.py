"""Writing audit records of changed objects, inside the caller's transaction."""

from __future__ import annotations

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, Auditable, AuditAction, diff
from chamberlain.services.runtime import Runtime


def record_change(
    uow: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    action: AuditAction,
    *,
    before: Auditable | None,
    after: Auditable,
) -> None:
    """Append the record of ``before`` becoming ``after`` (None: it was created)."""
    kind, label, path = after.audit_target
    uow.audit.record(
        actor=actor,
        action=action,
        target_kind=kind,
        target_label=label,
        target_path=path,
        changes=diff(before.snapshot() if before else {}, after.snapshot()),
        now=rt.clock(),
    )
