"""``/api/audit``: the trail of every face, filtered and paged."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from chamberlain.api.rest.deps import Caller, RuntimeDep
from chamberlain.api.rest.paging import MAX_PAGE, after_id, next_link, refuse_unknown_parameters
from chamberlain.api.rest.schemas import COMMON_PROBLEMS
from chamberlain.domain.audit import AuditFilters
from chamberlain.errors import InvalidRequest
from chamberlain.services.audit_search import search_audit

router = APIRouter(responses={**COMMON_PROBLEMS}, tags=["audit"])

_PARAMETERS = ("account", "actor", "target", "action", "since", "until", "limit", "cursor")


class AuditEventOut(BaseModel):
    """One change: who, through which face, to what, and each field before and after."""

    id: int
    occurred_at: datetime
    action: str
    face: str
    request_id: str | None
    actor_kind: str
    actor: str
    actor_account: str | None
    target_kind: str
    target: str
    target_account: str
    changes: dict[str, list[object]]


class AuditPageOut(BaseModel):
    """One page of the trail."""

    items: list[AuditEventOut]
    next: str | None


DateTimeText = Annotated[
    str | None,
    Query(
        description="RFC 3339 date-time; without a zone, UTC.",
        json_schema_extra={"format": "date-time"},
    ),
]


def _moment(name: str, value: str | None) -> datetime | None:
    """An RFC 3339 date-time (numbers are not accepted); times without a zone are UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{name} must be an RFC 3339 date-time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@router.get("/audit", operation_id="listAuditEvents")
async def list_audit_events(  # one parameter per documented filter
    *,
    request: Request,
    actor: Caller,
    rt: RuntimeDep,
    account: str | None = None,
    actor_name: Annotated[str | None, Query(alias="actor")] = None,
    target: str | None = None,
    action: str | None = None,
    since: DateTimeText = None,
    until: DateTimeText = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: str | None = None,
) -> AuditPageOut:
    """Changes to an account's subtree (the caller's whole tree by default), oldest first."""
    refuse_unknown_parameters(request, _PARAMETERS)
    filters = AuditFilters(
        actor=actor_name,
        target=target,
        action=action,
        since=_moment("since", since),
        until=_moment("until", until),
    )
    page = await run_in_threadpool(
        lambda: search_audit(rt, actor, account, filters, after_id=after_id(cursor), limit=limit)
    )
    return AuditPageOut(
        items=[
            AuditEventOut(
                id=e.id,
                occurred_at=e.occurred_at,
                action=e.action,
                face=e.face,
                request_id=e.request_id,
                actor_kind=e.actor_kind,
                actor=e.actor_label,
                actor_account=e.actor_account,
                target_kind=e.target_kind,
                target=e.target_label,
                target_account=e.target_account_path.strip("/").rsplit("/", 1)[-1],
                changes=e.changes,
            )
            for e in page.items
        ],
        next=next_link(request, page.next_after),
    )
