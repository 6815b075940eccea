"""First start (the root account and its first API user) and operator-made API users."""

from __future__ import annotations

from dataclasses import dataclass

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.accounts import Account
from chamberlain.domain.api_users import ApiUser
from chamberlain.domain.audit import Actor, AuditAction, diff
from chamberlain.domain.credentials import check_new_password, new_api_key, new_password
from chamberlain.errors import AlreadyInitialised
from chamberlain.services.accounts import add_account
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope

ROOT_BUSINESS_NAME = "Root account"


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """A new API user with its password, which is shown this once and never stored."""

    api_user: ApiUser
    password: str


def _add_api_user(
    uow: UnitOfWork, rt: Runtime, actor: Actor, account: Account, password_hash: str
) -> ApiUser:
    api_user = uow.api_users.add(
        account=account, api_key=new_api_key(), password_hash=password_hash, now=rt.clock()
    )
    uow.audit.record(
        actor=actor,
        action=AuditAction.API_USER_CREATE,
        target_kind="api_user",
        target_label=api_user.api_key,
        target_path=account.path,
        changes=diff({}, {"api_key": api_user.api_key, "account": account.alias}),
        now=rt.clock(),
    )
    return api_user


def initialise(rt: Runtime, actor: Actor, alias: str | None) -> IssuedCredentials:
    """Create the root account (alias given or generated) and its first API user.

    Raises ``AlreadyInitialised`` when a root account exists, ``InvalidAlias`` for a bad
    alias.
    """
    password = new_password()
    password_hash = rt.hasher.hash(password)  # before the transaction: hashing is slow
    with rt.db.write() as uow:
        if uow.accounts.has_root():
            raise AlreadyInitialised()
        account = add_account(
            uow, rt, actor, parent=None, alias=alias, business_name=ROOT_BUSINESS_NAME
        )
        api_user = _add_api_user(uow, rt, actor, account, password_hash)
    return IssuedCredentials(api_user=api_user, password=password)


def create_api_user(
    rt: Runtime, actor: Actor, account_alias: str, password: str | None = None
) -> IssuedCredentials:
    """Create an API user in a visible account, with ``password`` or a generated one.

    Raises ``AccountNotFound`` or ``InvalidField`` (a chosen password breaking the rules).
    """
    secret = new_password() if password is None else check_new_password(password)
    password_hash = rt.hasher.hash(secret)
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, account_alias)
        api_user = _add_api_user(uow, rt, actor, account, password_hash)
    return IssuedCredentials(api_user=api_user, password=secret)
