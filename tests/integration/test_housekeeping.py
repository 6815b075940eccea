"""Purging expired rows: what has ended goes, what still works stays, and no answer
changes (every check already ignores what the purge deletes)."""

from __future__ import annotations

from sqlalchemy import func, select

from chamberlain.db.models import (
    BearerTokenRow,
    IdempotencyRow,
    PortalSessionRow,
    SessionRow,
    ThrottleRow,
    UserLinkRow,
)
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import token_digest
from chamberlain.domain.throttle import CredentialKind
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import idempotency, person_auth, portal_sessions, throttle, v1_sessions
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.housekeeping import LINK_RETENTION, purge_expired
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.services.user_links import request_invitation
from tests.portal.portal import make_person
from tests.support.clock import FakeClock


def _count(runtime: Runtime, model: type) -> int:
    with runtime.db.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_a_purge_deletes_only_what_ended(
    runtime: Runtime, clock: FakeClock, root: IssuedCredentials, root_actor: Actor
) -> None:
    person = make_person(runtime, root_actor, "ada", (9,))
    deliver_due(runtime)  # ada's invitation: open, 7 days
    v1_sessions.logon(runtime, api_key=root.api_user.api_key, password=root.password, source=None)
    person_auth.login(runtime, user_name="ada", password=person.password, source=None)
    portal_sessions.sign_in(runtime, user_name="ada", password=person.password, source=None)
    idempotency.begin(runtime, "owner", "key-1", "digest")
    try:
        throttle_subjects = throttle.subjects_of(CredentialKind.USER_NAME, "nobody", "192.0.2.9")
        throttle.failed(runtime, CredentialKind.USER_NAME, throttle_subjects)
    except AuthenticationFailed:
        pass

    clock.advance(days=15)  # past every lifetime above, and the idempotency window
    fresh_v1 = v1_sessions.logon(
        runtime, api_key=root.api_user.api_key, password=root.password, source=None
    )
    request_invitation(runtime, root_actor, "ada")  # ends the old link, queues a new one
    purged = purge_expired(runtime)

    assert (purged.sessions, purged.bearer_tokens, purged.portal_sessions) == (1, 1, 1)
    # The name from that address, the name from anywhere, the address.
    assert (purged.idempotency_keys, purged.throttle_counters) == (1, 3)
    assert purged.links == 0  # ended today: kept for LINK_RETENTION
    assert _count(runtime, SessionRow) == 1
    assert _count(runtime, BearerTokenRow) == 0
    assert _count(runtime, PortalSessionRow) == 0
    assert _count(runtime, IdempotencyRow) == 0
    assert _count(runtime, ThrottleRow) == 0
    digest = token_digest(fresh_v1.token)
    with runtime.db.read() as uow:
        stored = uow.sessions.find(digest)
    assert v1_sessions.session_actor(runtime, stored, digest, face=Face.V1, request_id=None)

    clock.advance(seconds=LINK_RETENTION.total_seconds() + 1)
    assert purge_expired(runtime).links == 1  # the superseded one; the new one still counts
    clock.advance(days=7)
    assert purge_expired(runtime).links == 1  # the new one, expired unmailed long ago
    assert _count(runtime, UserLinkRow) == 0
