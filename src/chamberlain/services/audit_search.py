"""Reading the audit trail."""

from __future__ import annotations

from chamberlain.domain.audit import Actor, AuditEvent, AuditFilters
from chamberlain.domain.pages import Page, page_of
from chamberlain.domain.permissions import Permission, require
from chamberlain.services.disclosure import audit_events_for
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope


def search_audit(
    rt: Runtime,
    actor: Actor,
    account_alias: str | None,
    filters: AuditFilters,
    *,
    after_id: int = 0,
    limit: int,
) -> Page[AuditEvent]:
    """A page of the records about an account's subtree (the actor's whole tree without
    an alias), oldest first.

    API keys of accounts outside the actor's tree are shown as hints
    (``services.disclosure``). Raises ``AccountNotFound`` or ``PermissionDenied``.
    """
    require(actor, Permission.AUDIT_VIEW)
    with rt.db.read() as uow:
        path = account_in_scope(uow, actor, account_alias).path if account_alias else None
        found = uow.audit.search(
            path or actor.tree_path, filters, after_id=after_id, limit=limit + 1
        )
        return page_of(audit_events_for(uow, actor, found), limit, lambda event: event.id)
