"""First start: the root account and its first API user."""

from __future__ import annotations

from chamberlain.domain.account_requests import AccountFields
from chamberlain.domain.accounts import Contact
from chamberlain.domain.audit import Actor
from chamberlain.domain.credentials import new_password
from chamberlain.errors import AlreadyInitialised
from chamberlain.services.accounts import add_account
from chamberlain.services.api_users import IssuedCredentials, add_api_user
from chamberlain.services.runtime import Runtime

ROOT_BUSINESS_NAME = "Root account"


def initialise(rt: Runtime, actor: Actor, alias: str | None) -> IssuedCredentials:
    """Create the root account (alias given or generated) and its first API user.

    Raises ``AlreadyInitialised`` when a root account exists, ``InvalidAlias`` for a bad
    alias.
    """
    password = new_password()
    password_hash = rt.hasher.hash(password)  # before the transaction: hashing is slow
    fields = AccountFields(
        ROOT_BUSINESS_NAME, Contact(), time_zone=None, share_parent_networks=None
    )
    with rt.db.write() as uow:
        if uow.accounts.has_root():
            raise AlreadyInitialised()
        account = add_account(uow, rt, actor, parent=None, alias=alias, fields=fields)
        api_user = add_api_user(uow, rt, actor, account, password_hash, permissions=None)
    return IssuedCredentials(api_user=api_user, password=password)
