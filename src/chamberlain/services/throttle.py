"""Log-on throttling around credential checks (rules in domain.throttle).

``guard`` runs before a password is verified, so a locked caller costs no argon2 work.
``failed`` and ``accepted`` record the outcome. Counters live in the database: every node
sees the same ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.throttle import (
    FAILURE_WINDOW,
    CredentialKind,
    Subject,
    address_subject,
    credential_anywhere_subject,
    credential_subject,
    lock_after,
)
from chamberlain.errors import Throttled
from chamberlain.metrics import LogonOutcome, count_logon
from chamberlain.services.runtime import Runtime


def subjects_of(kind: CredentialKind, credential: str, source: str | None) -> list[Subject]:
    """The counters one log-on attempt touches: its credential's from its address (first:
    a success clears it), its credential's from anywhere, and its address's."""
    subjects = [
        credential_subject(kind, credential, source),
        credential_anywhere_subject(kind, credential),
    ]
    if source:
        subjects.append(address_subject(source))
    return subjects


def guard(
    uow: UnitOfWork, now: datetime, kind: CredentialKind, subjects: Sequence[Subject]
) -> None:
    """Raise ``Throttled`` while any of ``subjects`` is locked (inside the caller's read
    transaction, the one that then looks the credential up)."""
    until = uow.throttle.locked_until([subject.name for subject in subjects], now)
    if until is not None:
        count_logon(kind, LogonOutcome.THROTTLED)
        raise Throttled(retry_after=max(1, math.ceil((until - now).total_seconds())))


def failed(rt: Runtime, kind: CredentialKind, subjects: Sequence[Subject]) -> None:
    """Count a failed log-on against every subject, locking those past their free
    failures."""
    count_logon(kind, LogonOutcome.REFUSED)
    now = rt.clock()
    with rt.db.write() as uow:
        for subject in subjects:
            failures = uow.throttle.count_failure(subject.name, now, FAILURE_WINDOW)
            lock = lock_after(failures, subject.free)
            if lock is not None:
                uow.throttle.lock(subject.name, now + lock)


def accepted(kind: CredentialKind) -> None:
    """Count an accepted log-on (the caller clears the credential's counter in the
    transaction that opens the session)."""
    count_logon(kind, LogonOutcome.ACCEPTED)
