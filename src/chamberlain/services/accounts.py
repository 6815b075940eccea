"""Account use cases."""

from __future__ import annotations

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account, generate_alias, normalise_alias
from chamberlain.domain.audit import Actor, AuditAction, diff
from chamberlain.domain.locations import DEFAULT_LOCATIONS
from chamberlain.domain.timezones import DEFAULT_TIME_ZONE, known_time_zone
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope

_ALIAS_ATTEMPTS = 20


def _free_alias(uow: UnitOfWork) -> str:
    for _ in range(_ALIAS_ATTEMPTS):
        alias = generate_alias()
        if uow.accounts.find(alias) is None:
            return alias
    raise RuntimeError("no free account alias found")  # 26**4 aliases: not in practice


def add_account(
    uow: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    *,
    parent: Account | None,
    alias: str | None,
    business_name: str,
    time_zone: str | None = None,
) -> Account:
    """Insert an account and its audit record inside the caller's transaction.

    A missing alias is generated; an unknown time zone falls back to the parent's (or the
    default). Raises ``InvalidAlias`` or ``AccountExists``.
    """
    fallback_zone = parent.time_zone if parent else DEFAULT_TIME_ZONE
    account = uow.accounts.add(
        alias=normalise_alias(alias) if alias else _free_alias(uow),
        parent=parent,
        location=parent.location if parent else DEFAULT_LOCATIONS[0].alias,
        business_name=business_name,
        time_zone=known_time_zone(time_zone) or fallback_zone,
        now=rt.clock(),
    )
    uow.audit.record(
        actor=actor,
        action=AuditAction.ACCOUNT_CREATE,
        target_kind="account",
        target_label=account.alias,
        target_path=account.path,
        changes=diff(
            {},
            {
                "alias": account.alias,
                "parent_alias": account.parent_alias,
                "business_name": account.business_name,
                "location": account.location,
                "time_zone": account.time_zone,
            },
        ),
        now=rt.clock(),
    )
    return account


def create_sub_account(
    rt: Runtime, actor: Actor, *, parent_alias: str, alias: str | None, business_name: str
) -> Account:
    """Create an account below a visible one.

    Raises ``AccountNotFound``, ``InvalidAlias`` or ``AccountExists``.
    """
    with rt.db.write() as uow:
        parent = account_in_scope(uow, actor, parent_alias)
        return add_account(uow, rt, actor, parent=parent, alias=alias, business_name=business_name)


def list_accounts(rt: Runtime, actor: Actor, account_alias: str | None) -> list[Account]:
    """Return an account and every descendant, the account itself first.

    Without ``account_alias`` the list starts at the actor's own account (clc-sdk takes
    the first entry as its default alias). Raises ``AccountNotFound``.
    """
    with rt.db.read() as uow:
        start = account_in_scope(uow, actor, account_alias or actor.account_alias or "")
        return uow.accounts.subtree(start.path)
