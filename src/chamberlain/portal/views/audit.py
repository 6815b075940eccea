"""The audit trail of an account's subtree, with field diffs, filterable."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from starlette.responses import Response

from chamberlain.domain.audit import AuditAction, AuditFilters
from chamberlain.portal.web import Visit, signed_in, whole_number
from chamberlain.services import accounts, audit_search

PAGE_SIZE = 50
ACTION_OPTIONS = [(action.value, action.value) for action in AuditAction]


def _day(text: str | None, *, end: bool = False) -> datetime | None:
    """The start of a day given as YYYY-MM-DD (UTC), or of the next day for an ``end``."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start + timedelta(days=1) if end else start


@signed_in
async def trail(visit: Visit) -> Response:
    """``GET /portal/accounts/{alias}/audit``: oldest first, a page at a time."""
    actor = visit.who.actor
    account = await visit.call(
        accounts.get_account, visit.rt, actor, visit.request.path_params["alias"]
    )
    kept = {
        name: (visit.text(name) or "").strip()
        for name in ("actor", "target", "action", "since", "until")
    }
    filters = AuditFilters(
        actor=kept["actor"] or None,
        target=kept["target"] or None,
        action=kept["action"] or None,
        since=_day(kept["since"]),
        until=_day(kept["until"], end=True),
    )
    after = whole_number(visit.text("after"))
    page = await visit.call(
        audit_search.search_audit,
        visit.rt,
        actor,
        account.alias,
        filters,
        after_id=after or 0,
        limit=PAGE_SIZE,
    )
    base = f"/portal/accounts/{account.alias}/audit"
    query = {key: value for key, value in kept.items() if value}
    next_url = (
        None
        if page.next_after is None
        else f"{base}?{urlencode({**query, 'after': page.next_after})}"
    )
    first_url = f"{base}?{urlencode(query)}" if after else None
    return visit.page(
        "audit.html",
        account=account,
        events=page.items,
        kept=kept,
        next_url=next_url,
        first_url=first_url,
        action_options=ACTION_OPTIONS,
    )
