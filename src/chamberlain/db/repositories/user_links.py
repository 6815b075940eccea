"""One-time links (invitations, password resets); their rows are also the mail queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow, UserLinkRow, UserRow
from chamberlain.db.repositories._shared import table_of
from chamberlain.domain.user_links import LinkPurpose, Recipient, StoredLink

_links = table_of(UserLinkRow)
_users = table_of(UserRow)
_accounts = table_of(AccountRow)

# The states in which a link still stands for its purpose (a newer one ends them).
_LIVE = ("pending", "open")
_LINK_SELECT: Select[Any] = select(
    _links.c.id,
    _links.c.user_id,
    _links.c.purpose,
    _links.c.state,
    _links.c.expires_at,
)


def _stored(row: Row[Any]) -> StoredLink:
    return StoredLink(
        id=row.id,
        user_id=row.user_id,
        purpose=LinkPurpose(row.purpose),
        state=row.state,
        expires_at=row.expires_at,
    )


class UserLinkRepository:
    """Links of users. In a write transaction the rows read are locked until it ends."""

    def __init__(self, session: Session, *, for_update: bool = False) -> None:
        self._session = session
        self._for_update = for_update

    def add(
        self,
        *,
        user_id: int,
        purpose: LinkPurpose,
        requested_by: str,
        now: datetime,
        expires_at: datetime,
        new_user: bool = False,
    ) -> None:
        """Queue a new link; older live links of the same user and purpose end (a
        ``new_user`` has none, which saves the look)."""
        if not new_user:
            self._session.execute(
                update(_links)
                .where(
                    _links.c.user_id == user_id,
                    _links.c.purpose == purpose.value,
                    _links.c.state.in_(_LIVE),
                )
                .values(state="superseded", ended_at=now)
            )
        self._session.execute(
            insert(_links).values(
                user_id=user_id,
                purpose=purpose.value,
                state="pending",
                requested_by=requested_by,
                created_at=now,
                attempts=0,
                next_attempt_at=now,
                expires_at=expires_at,
            )
        )

    def last_requested(self, user_id: int, purpose: LinkPurpose) -> datetime | None:
        """When the newest link of this purpose was asked for (None if never)."""
        latest: datetime | None = self._session.execute(
            select(_links.c.created_at)
            .where(_links.c.user_id == user_id, _links.c.purpose == purpose.value)
            .order_by(_links.c.created_at.desc())
            .limit(1)
        ).scalar()
        return latest

    def claim_due(self, now: datetime, lease_until: datetime) -> tuple[StoredLink, int] | None:
        """The oldest pending link due for sending and the number of this attempt, leased
        until ``lease_until`` so no other deliverer (thread or node) takes it meanwhile."""
        query = (
            _LINK_SELECT.add_columns(_links.c.attempts)
            .where(_links.c.state == "pending", _links.c.next_attempt_at <= now)
            .order_by(_links.c.next_attempt_at, _links.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = self._session.execute(query).first()
        if row is None:
            return None
        self._session.execute(
            update(_links)
            .where(_links.c.id == row.id)
            .values(attempts=_links.c.attempts + 1, next_attempt_at=lease_until)
        )
        return _stored(row), row.attempts + 1

    def recipient(self, link: StoredLink) -> tuple[Recipient, bool] | None:
        """Who ``link`` goes to and whether they may still receive it (the user is Active);
        None when the user is gone."""
        row = self._session.execute(
            select(
                _users.c.user_name,
                _users.c.first_name,
                _users.c.email,
                _users.c.status,
                _accounts.c.business_name,
            )
            .join_from(_users, _accounts, _accounts.c.id == _users.c.account_id)
            .where(_users.c.id == link.user_id)
        ).first()
        if row is None:
            return None
        to = Recipient(
            user_name=row.user_name,
            first_name=row.first_name,
            email=row.email,
            account_name=row.business_name,
        )
        return to, row.status == "Active"

    def mailed(self, link_id: int, token_digest: str, now: datetime) -> None:
        """The mail with the token whose digest is given has left: the link is open."""
        self._session.execute(
            update(_links)
            .where(_links.c.id == link_id, _links.c.state == "pending")
            .values(state="open", token_digest=token_digest, sent_at=now, last_error=None)
        )

    def not_mailed(self, link_id: int, error: str, attempts_left: bool, retry_at: datetime) -> None:
        """Sending failed: try again at ``retry_at``, or give up when no attempts are left."""
        values: dict[str, Any] = {"last_error": error[:255], "next_attempt_at": retry_at}
        if not attempts_left:
            values.update(state="failed", ended_at=retry_at)
        self._session.execute(
            update(_links).where(_links.c.id == link_id, _links.c.state == "pending").values(values)
        )

    def end(self, link_id: int, state: str, now: datetime) -> None:
        """End a pending link without mailing it (``superseded`` or ``failed``)."""
        self._session.execute(
            update(_links).where(_links.c.id == link_id).values(state=state, ended_at=now)
        )

    def by_digest(self, token_digest: str) -> StoredLink | None:
        """The link whose token has this digest."""
        query = _LINK_SELECT.where(_links.c.token_digest == token_digest)
        if self._for_update:
            query = query.with_for_update()
        row = self._session.execute(query).first()
        return None if row is None else _stored(row)

    def use(self, link: StoredLink, now: datetime) -> None:
        """``link`` was used: it and every other live link of its user end."""
        self._session.execute(
            update(_links).where(_links.c.id == link.id).values(state="used", ended_at=now)
        )
        self._session.execute(
            update(_links)
            .where(_links.c.user_id == link.user_id, _links.c.state.in_(_LIVE))
            .values(state="superseded", ended_at=now)
        )

    def purge_ended_before(self, cutoff: datetime) -> int:
        """Delete links that ended, or expired unused (mailed or not), before ``cutoff``;
        how many."""
        result = self._session.connection().execute(
            delete(_links).where(
                or_(
                    _links.c.ended_at < cutoff,
                    and_(_links.c.state.in_(_LIVE), _links.c.expires_at < cutoff),
                )
            )
        )
        return int(result.rowcount)
