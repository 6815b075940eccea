"""Log-on throttling around credential checks (rules in domain.throttle).

``guard`` runs before a password is verified, so a locked caller costs no argon2 work.
``failed`` and ``succeeded`` record the outcome. Counters live in the database: every node
sees the same ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from chamberlain.domain.throttle import (
    FAILURE_WINDOW,
    CredentialKind,
    Subject,
    address_subject,
    credential_subject,
    lock_after,
)
from chamberlain.errors import Throttled
from chamberlain.services.runtime import Runtime


def subjects_of(kind: CredentialKind, credential: str, source: str | None) -> list[Subject]:
    """The counters one log-on attempt touches: its credential's and its address's."""
    subjects = [credential_subject(kind, credential)]
    if source:
        subjects.append(address_subject(source))
    return subjects


def guard(rt: Runtime, subjects: Sequence[Subject]) -> None:
    """Raise ``Throttled`` while any of ``subjects`` is locked."""
    now = rt.clock()
    with rt.db.read() as uow:
        until = uow.throttle.locked_until([subject.name for subject in subjects], now)
    if until is not None:
        raise Throttled(retry_after=max(1, math.ceil((until - now).total_seconds())))


def failed(rt: Runtime, subjects: Sequence[Subject]) -> None:
    """Count a failed log-on against every subject, locking those past their free
    failures."""
    now = rt.clock()
    with rt.db.write() as uow:
        for subject in subjects:
            failures = uow.throttle.count_failure(subject.name, now, FAILURE_WINDOW)
            lock = lock_after(failures, subject.free)
            if lock is not None:
                uow.throttle.lock(subject.name, now + lock)


def succeeded(rt: Runtime, kind: CredentialKind, credential: str) -> None:
    """Clear the credential's failures after a successful log-on."""
    with rt.db.write() as uow:
        uow.throttle.clear(credential_subject(kind, credential).name)
