"""Deleting rows that can no longer do anything: ended sessions and tokens, idempotency
keys past their window, quiet throttle counters, links long ended.

Every check that reads these rows already ignores the expired ones, so purging changes no
answer; it only keeps the tables from growing for ever. Each table is purged in its own
short transaction, so a purge never holds a lock for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from chamberlain.domain import idempotency, throttle
from chamberlain.services.runtime import Runtime

# Ended links are kept this long, so an old link still says "already used" rather than
# "not valid" for a while.
LINK_RETENTION = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Purged:
    """How many rows each purge deleted."""

    sessions: int
    bearer_tokens: int
    portal_sessions: int
    idempotency_keys: int
    throttle_counters: int
    links: int


def purge_expired(rt: Runtime) -> Purged:
    """Delete what has expired as of ``rt.clock()``."""
    now = rt.clock()
    idle = rt.settings.session_idle_timeout
    with rt.db.write() as uow:
        sessions = uow.sessions.purge_ended(now, idle)
    with rt.db.write() as uow:
        bearer_tokens = uow.bearer_tokens.purge_ended(now)
    with rt.db.write() as uow:
        portal_sessions = uow.portal_sessions.purge_ended(now, idle)
    with rt.db.write() as uow:
        keys = uow.idempotency.purge_older_than(now - idempotency.WINDOW)
    with rt.db.write() as uow:
        counters = uow.throttle.purge_quiet(now, throttle.FAILURE_WINDOW)
    with rt.db.write() as uow:
        links = uow.links.purge_ended_before(now - LINK_RETENTION)
    return Purged(sessions, bearer_tokens, portal_sessions, keys, counters, links)
