"""Idempotency keys of REST POSTs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.models import IdempotencyRow
from chamberlain.db.repositories._shared import is_violation_of
from chamberlain.domain.idempotency import StoredKey
from chamberlain.errors import IdempotencyInProgress


class IdempotencyRepository:
    """Claims, answers and expiry of keys, per owner."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, owner: str, key: str) -> StoredKey | None:
        """The key as stored for ``owner``."""
        row = self._session.scalars(
            select(IdempotencyRow).where(IdempotencyRow.owner == owner, IdempotencyRow.key == key)
        ).first()
        if row is None:
            return None
        return StoredKey(
            id=row.id,
            request_digest=row.request_digest,
            status_code=row.status_code,
            body=row.response_body,
            headers=dict(row.response_headers or {}),
            created_at=row.created_at,
        )

    def claim(self, owner: str, key: str, digest: str, now: datetime) -> int:
        """Record that a request with this key is under way; raises
        ``IdempotencyInProgress`` when another one claimed it first."""
        row = IdempotencyRow(owner=owner, key=key, request_digest=digest, created_at=now)
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as exc:
            if is_violation_of(exc, "uq_idempotency_keys_owner_key", "idempotency_keys.owner"):
                raise IdempotencyInProgress(key) from exc
            raise
        return row.id

    def answer(self, claim_id: int, status: int, body: str, headers: dict[str, str]) -> None:
        """Store the answer the first request got."""
        self._session.execute(
            update(IdempotencyRow)
            .where(IdempotencyRow.id == claim_id)
            .values(status_code=status, response_body=body, response_headers=headers)
        )

    def remove(self, claim_id: int) -> None:
        """Forget a key (expired, or its request failed in a way worth retrying)."""
        self._session.execute(delete(IdempotencyRow).where(IdempotencyRow.id == claim_id))

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete keys claimed before ``cutoff`` (no longer honoured); how many."""
        result = self._session.connection().execute(
            delete(IdempotencyRow).where(IdempotencyRow.created_at < cutoff)
        )
        return int(result.rowcount)
