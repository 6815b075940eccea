"""The price of learning that a name is taken in someone else's tree.

User names and account aliases are unique across the whole deployment (the v1 contract:
CreateUser answers 1701 for a name taken in any account), so a create that names a taken
one must say so even when the holder is another tenant's. Each such answer about a name
outside the caller's tree costs one unit of a budget per caller (``LOOKUP_FREE`` answers
in each ``LOOKUP_WINDOW``, counted in the database so every node shares it); past it, the
caller gets ``TooManyLookups`` instead of the answer. Answers about names inside the
caller's tree are free: it can list those anyway.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import is_within, normalise_alias
from chamberlain.domain.audit import Actor
from chamberlain.domain.throttle import FAILURE_WINDOW
from chamberlain.errors import AccountExists, InvalidAlias, TooManyLookups, UserExists
from chamberlain.services.runtime import Runtime

LOOKUP_FREE = 10
LOOKUP_WINDOW = FAILURE_WINDOW  # the housekeeping purge forgets quiet counters after it


def _subject(actor: Actor) -> str:
    who = hashlib.sha256(f"{actor.kind}:{actor.label}".encode("utf-8", "surrogatepass"))
    return f"lookup:{who.hexdigest()}"


def outside(actor: Actor, holder_path: str | None) -> bool:
    """Whether a name held at ``holder_path`` (None: no longer found) lies outside
    ``actor``'s tree, so that saying it is taken tells the actor something new."""
    return holder_path is None or not is_within(actor.tree_path, holder_path)


def charge(rt: Runtime, actor: Actor, answers: int) -> int:
    """Spend ``answers`` units of ``actor``'s budget in one transaction; returns how many
    of them (the first ones) it still covered."""
    if answers <= 0:
        return 0
    with rt.db.write() as uow:
        used = uow.throttle.count_failure(_subject(actor), rt.clock(), LOOKUP_WINDOW, times=answers)
    return max(0, min(answers, LOOKUP_FREE - (used - answers)))


def too_many() -> TooManyLookups:
    """The error given instead of an answer the budget no longer covers."""
    return TooManyLookups(retry_after=int(LOOKUP_WINDOW.total_seconds()))


@contextmanager
def priced_answers(
    rt: Runtime, actor: Actor, holder_path: Callable[[UnitOfWork], str | None]
) -> Iterator[None]:
    """Let ``UserExists`` or ``AccountExists`` raised inside through only while the
    budget covers it (``holder_path`` finds where the taken name lives); raise
    ``TooManyLookups`` instead once it does not. Runs after the failed transaction."""
    try:
        yield
    except (UserExists, AccountExists):
        with rt.db.read() as uow:
            path = holder_path(uow)
        if outside(actor, path) and charge(rt, actor, 1) == 0:
            raise too_many() from None
        raise


def user_holder(user_name: str) -> Callable[[UnitOfWork], str | None]:
    """Where the user called ``user_name`` lives, for ``priced_answers``."""

    def find(uow: UnitOfWork) -> str | None:
        user = uow.users.find(user_name)
        return None if user is None else user.account_path

    return find


def account_holder(alias: str | None) -> Callable[[UnitOfWork], str | None]:
    """Where the account ``alias`` (as the client sent it) sits, for ``priced_answers``."""

    def find(uow: UnitOfWork) -> str | None:
        try:
            account = uow.accounts.find(normalise_alias(alias)) if alias else None
        except InvalidAlias:
            return None
        return None if account is None else account.path

    return find
