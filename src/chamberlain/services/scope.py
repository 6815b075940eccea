"""Finding things inside the caller's tree.

Anything outside the actor's subtree is reported exactly like something that does not
exist, so one tenant cannot learn about another.
"""

from __future__ import annotations

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account, normalise_alias
from chamberlain.domain.audit import Actor
from chamberlain.domain.text import storable
from chamberlain.domain.users import User
from chamberlain.errors import AccountNotFound, InvalidAlias, UserNotFound


def account_in_scope(uow: UnitOfWork, actor: Actor, alias: str) -> Account:
    """Return the account named ``alias`` if ``actor`` may see it.

    Raises ``AccountNotFound`` for a malformed alias, an unknown one, or one outside the
    actor's tree.
    """
    try:
        normalised = normalise_alias(alias)
    except InvalidAlias:
        raise AccountNotFound(alias) from None
    account = uow.accounts.find_within(normalised, actor.tree_path)
    if account is None:
        raise AccountNotFound(alias)
    return account


def user_in_scope(uow: UnitOfWork, actor: Actor, user_name: str, *, under: str | None) -> User:
    """Return the live user ``user_name`` if ``actor`` may see it.

    With ``under`` (an account alias), the user must also sit in that account's subtree.
    Raises ``UserNotFound`` for unknown, deleted and out-of-tree users, and
    ``AccountNotFound`` when ``under`` is not a visible account.
    """
    tree_path = actor.tree_path if under is None else account_in_scope(uow, actor, under).path
    user = uow.users.find_within(user_name, tree_path) if storable(user_name) else None
    if user is None:
        raise UserNotFound(user_name)
    return user
