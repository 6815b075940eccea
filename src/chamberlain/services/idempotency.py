"""Honouring ``Idempotency-Key`` on POSTs that create.

The first request with a key claims it (a unique row per owner and key); its answer is
stored when it completes. A retry within 24 hours with the same request gets that answer
again; with a different request, ``IdempotencyKeyReused``; while the first is still
running, ``IdempotencyInProgress``. An answer worth retrying (5xx) releases the key.
"""

from __future__ import annotations

from chamberlain.domain.idempotency import StoredKey
from chamberlain.errors import IdempotencyInProgress, IdempotencyKeyReused
from chamberlain.services.runtime import Runtime


def begin(rt: Runtime, owner: str, key: str, digest: str) -> int | StoredKey:
    """Claim ``key`` for this request (returns the claim id) or return the stored answer.

    Raises ``IdempotencyKeyReused`` or ``IdempotencyInProgress``.
    """
    now = rt.clock()
    with rt.db.write() as uow:
        found = uow.idempotency.find(owner, key)
        if found is not None and not found.expired(now):
            if found.request_digest != digest:
                raise IdempotencyKeyReused(key)
            if found.status_code is None:
                raise IdempotencyInProgress(key)
            return found
        if found is not None:
            uow.idempotency.remove(found.id)
        return uow.idempotency.claim(owner, key, digest, now)


def finish(rt: Runtime, claim_id: int, status: int, body: str, headers: dict[str, str]) -> None:
    """Store the first answer, or release the key when the answer invites a retry."""
    with rt.db.write() as uow:
        if status >= 500:
            uow.idempotency.remove(claim_id)
        else:
            uow.idempotency.answer(claim_id, status, body, headers)
