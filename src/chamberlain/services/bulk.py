"""Many users at once: create, or with ``upsert`` update, up to 1 000 per request.

Items are processed in chunks, one transaction each; every item runs in its own savepoint,
so a failed item leaves nothing behind while the rest of its chunk is kept. A dry run
does all the work and rolls every chunk back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.permissions import Permission, require
from chamberlain.domain.users import NewUser, UserStatus, validate_new_user
from chamberlain.errors import ChamberlainError, UserExists
from chamberlain.services.audit_trail import record_change
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope
from chamberlain.services.user_links import queue_invitation
from chamberlain.services.users import insert_user, regranted

MAX_ITEMS = 1000
CHUNK = 100


class Outcome(StrEnum):
    """What happened to one item."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The result of one item, by its position in the request."""

    index: int
    user_name: str | None
    outcome: Outcome
    code: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class _Import:
    """One chunk's transaction and the request's settings."""

    uow: UnitOfWork
    rt: Runtime
    actor: Actor
    account_alias: str
    upsert: bool

    def one(self, index: int, item: Mapping[str, Any]) -> ItemResult:
        """Validate and apply one item inside its own savepoint."""
        name = item.get("user_name")
        try:
            new = validate_new_user(account_alias=self.account_alias, **item)
            with self.uow.savepoint():
                outcome = self._apply(new)
        except ChamberlainError as exc:
            return ItemResult(index, name, Outcome.ERROR, exc.code, exc.detail)
        return ItemResult(index, new.user_name, outcome)

    def _apply(self, new: NewUser) -> Outcome:
        uow, rt, actor = self.uow, self.rt, self.actor
        account = account_in_scope(uow, actor, new.account_alias)
        existing = uow.users.find(new.user_name)
        if existing is None:
            user = insert_user(uow, rt, actor, new)
            record_change(uow, rt, actor, AuditAction.USER_CREATE, before=None, after=user)
            queue_invitation(uow, rt, actor, user, new_user=True)
            return Outcome.CREATED
        # Names are never reused, and an upsert never reaches into another account.
        if not self.upsert or existing.account_alias != account.alias:
            raise UserExists(new.user_name)
        if existing.status is UserStatus.DELETED:
            raise UserExists(new.user_name)
        changed = regranted(actor, replace(existing, profile=new.profile), new.roles)
        if changed.snapshot() == existing.snapshot():
            return Outcome.UNCHANGED
        saved = uow.users.save(changed, rt.clock())
        record_change(uow, rt, actor, AuditAction.USER_UPDATE, before=existing, after=saved)
        return Outcome.UPDATED


def import_users(
    rt: Runtime,
    actor: Actor,
    account_alias: str,
    items: Sequence[Mapping[str, Any]],
    *,
    upsert: bool = False,
    dry_run: bool = False,
) -> list[ItemResult]:
    """Create (or update) each item in ``account_alias``; one result per item, in order.
    Each created user is mailed an invitation (not on a dry run).

    ``items`` hold ``validate_new_user`` keywords except ``account_alias``. Raises
    ``AccountNotFound`` or ``PermissionDenied`` for the whole request; item problems are
    reported per item with their error code.
    """
    require(actor, Permission.USERS_MANAGE)
    with rt.db.read() as uow:
        account_in_scope(uow, actor, account_alias)
    results: list[ItemResult] = []
    for start in range(0, len(items), CHUNK):
        with rt.db.write(commit=not dry_run) as uow:
            chunk = _Import(uow, rt, actor, account_alias, upsert)
            for index, item in enumerate(items[start : start + CHUNK], start=start):
                results.append(chunk.one(index, item))
        if not dry_run:
            rt.mail_wakeup.set()  # the invitations of this chunk's new users
    return results
