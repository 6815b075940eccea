"""Many users at once: create, or with ``upsert`` update, up to 1 000 per request.

Items are processed in chunks, one transaction each; every item runs in its own savepoint,
so a failed item leaves nothing behind while the rest of its chunk is kept. A dry run
does all the work and rolls every chunk back. Saying that a name is taken outside the
caller's tree spends the caller's lookup budget (``services.lookups``), dry run or not:
past it, such items answer ``too_many_lookups`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor, AuditAction
from chamberlain.domain.permissions import Permission, require
from chamberlain.domain.users import NewUser, UserStatus, validate_new_user
from chamberlain.errors import ChamberlainError, UserExists
from chamberlain.services.audit_records import record_change
from chamberlain.services.lookups import charge, outside, too_many
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


class _TakenElsewhere(UserExists):
    """``UserExists`` about a name outside the actor's tree: an answer to be paid for."""


@dataclass(frozen=True, slots=True)
class _Import:
    """One chunk's transaction and the request's settings."""

    uow: UnitOfWork
    rt: Runtime
    actor: Actor
    account_alias: str
    upsert: bool
    # Indices of the items answered "taken" about a name outside the actor's tree.
    outside_answers: list[int] = field(default_factory=list)

    def one(self, index: int, item: Mapping[str, Any]) -> ItemResult:
        """Validate and apply one item inside its own savepoint."""
        name = item.get("user_name")
        try:
            new = validate_new_user(account_alias=self.account_alias, **item)
            with self.uow.savepoint():
                outcome = self._apply(new)
        except _TakenElsewhere as taken:
            self.outside_answers.append(index)
            return ItemResult(index, name, Outcome.ERROR, taken.code, taken.detail)
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
        if (
            not self.upsert
            or existing.account_alias != account.alias
            or existing.status is UserStatus.DELETED
        ):
            taken = _TakenElsewhere if outside(actor, existing.account_path) else UserExists
            raise taken(new.user_name)
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
        covered = charge(rt, actor, len(chunk.outside_answers))
        refused = too_many()
        for index in chunk.outside_answers[covered:]:
            results[index] = replace(results[index], code=refused.code, detail=refused.detail)
        if not dry_run:
            rt.mail_wakeup.set()  # the invitations of this chunk's new users
    return results
