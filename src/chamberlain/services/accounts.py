"""Account use cases. Each public function is one transaction with its audit record."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.account_requests import (
    AccountFields,
    AccountPatch,
    AccountUpdate,
    NewAccount,
    name_only_fields,
)
from chamberlain.domain.accounts import (
    Account,
    AccountStatus,
    BillingResponsibility,
    generate_alias,
    normalise_alias,
)
from chamberlain.domain.audit import Actor, AuditAction, diff
from chamberlain.domain.custom_fields import CustomField
from chamberlain.domain.locations import Location
from chamberlain.domain.permissions import Permission, require
from chamberlain.domain.timezones import DEFAULT_TIME_ZONE, known_time_zone
from chamberlain.domain.versions import check_version
from chamberlain.errors import AccessDenied, UnknownLocation
from chamberlain.services.audit_records import record_change
from chamberlain.services.lookups import account_holder, priced_answers
from chamberlain.services.person_auth import end_sign_ins_in_tree
from chamberlain.services.runtime import Runtime
from chamberlain.services.scope import account_in_scope

_ALIAS_ATTEMPTS = 20


class StatusChange(StrEnum):
    """v1 SuspendAccount and EnableAccount."""

    SUSPEND = "suspend"
    ENABLE = "enable"


_STATUS = {StatusChange.SUSPEND: AccountStatus.DISABLED, StatusChange.ENABLE: AccountStatus.ACTIVE}
_STATUS_AUDIT = {
    StatusChange.SUSPEND: AuditAction.ACCOUNT_SUSPEND,
    StatusChange.ENABLE: AuditAction.ACCOUNT_ENABLE,
}


def _free_alias(uow: UnitOfWork) -> str:
    for _ in range(_ALIAS_ATTEMPTS):
        alias = generate_alias()
        if uow.accounts.find(alias) is None:
            return alias
    raise RuntimeError("no free account alias found")  # 26**4 aliases: not in practice


def _location(rt: Runtime, alias: str) -> Location:
    for location in rt.settings.locations:
        if location.alias == alias.strip().upper():
            return location
    raise UnknownLocation(alias)


def add_account(
    uow: UnitOfWork,
    rt: Runtime,
    actor: Actor,
    *,
    parent: Account | None,
    alias: str | None,
    fields: AccountFields,
    location: str | None = None,
    billing: BillingResponsibility = BillingResponsibility.SELF,
) -> Account:
    """Insert an account and its audit record inside the caller's transaction.

    A missing alias is generated; a missing location is the parent's (or the first
    configured); an unknown time zone falls back to the parent's (or the default).
    Raises ``InvalidAlias``, ``UnknownLocation`` or ``AccountExists``.
    """
    fallback_location = parent.location if parent else rt.settings.locations[0].alias
    fallback_zone = parent.time_zone if parent else DEFAULT_TIME_ZONE
    account = uow.accounts.add(
        alias=normalise_alias(alias) if alias else _free_alias(uow),
        parent=parent,
        location=_location(rt, location or fallback_location).alias,
        business_name=fields.business_name,
        time_zone=known_time_zone(fields.time_zone) or fallback_zone,
        contact=fields.contact,
        share_parent_networks=bool(fields.share_parent_networks),
        billing_responsibility=billing,
        now=rt.clock(),
    )
    record_change(uow, rt, actor, AuditAction.ACCOUNT_CREATE, before=None, after=account)
    return account


def create_account(rt: Runtime, actor: Actor, new: NewAccount) -> Account:
    """Create a sub-account below a visible parent.

    Raises ``AccountNotFound`` (parent), ``InvalidAlias``, ``UnknownLocation`` or
    ``AccountExists``.
    """
    require(actor, Permission.ACCOUNTS_MANAGE)
    _location(rt, new.location)
    with priced_answers(rt, actor, account_holder(new.alias)), rt.db.write() as uow:
        parent = account_in_scope(uow, actor, new.parent_alias)
        return add_account(
            uow,
            rt,
            actor,
            parent=parent,
            alias=new.alias,
            fields=new.fields,
            location=new.location,
            billing=new.billing_responsibility,
        )


def create_sub_account(
    rt: Runtime, actor: Actor, *, parent_alias: str, alias: str | None, business_name: str
) -> Account:
    """Create a sub-account with only a name (the operator's CLI); see ``create_account``.
    Raises ``FieldRequired`` or ``InvalidField`` for a name no face would take."""
    require(actor, Permission.ACCOUNTS_MANAGE)
    fields = name_only_fields(business_name)
    with priced_answers(rt, actor, account_holder(alias)), rt.db.write() as uow:
        parent = account_in_scope(uow, actor, parent_alias)
        return add_account(uow, rt, actor, parent=parent, alias=alias, fields=fields)


def get_account(rt: Runtime, actor: Actor, alias: str) -> Account:
    """Return a visible account. Raises ``AccountNotFound`` or ``PermissionDenied``."""
    require(actor, Permission.ACCOUNTS_VIEW)
    with rt.db.read() as uow:
        return account_in_scope(uow, actor, alias)


def update_account(
    rt: Runtime, actor: Actor, change: AccountUpdate, *, expected_version: int | None = None
) -> Account:
    """Apply an UpdateAccountDetails request; ``address2`` and ``fax`` change only when sent.

    An unknown time zone leaves the account's as it was. Raises ``AccountNotFound``,
    ``PermissionDenied`` or ``VersionMismatch``.
    """
    require(actor, Permission.ACCOUNTS_MANAGE)
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, change.alias)
        check_version(account, expected_version)
        return _updated(uow, rt, actor, account, change)


def patch_account(
    rt: Runtime,
    actor: Actor,
    alias: str,
    patch: AccountPatch,
    *,
    expected_version: int | None = None,
) -> Account:
    """Merge ``patch`` into the account as it is, in one transaction (``If-Match``
    checked there; without it, the fields not sent keep whatever they hold now).

    Raises ``AccountNotFound``, ``PermissionDenied``, ``VersionMismatch``,
    ``FieldRequired`` or ``InvalidField``.
    """
    require(actor, Permission.ACCOUNTS_MANAGE)
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, alias)
        check_version(account, expected_version)
        return _updated(uow, rt, actor, account, patch.onto(account))


def _updated(
    uow: UnitOfWork, rt: Runtime, actor: Actor, account: Account, change: AccountUpdate
) -> Account:
    """``account`` after ``change``, saved and audited (an unchanged account is not)."""
    contact = change.fields.contact
    kept = {name: getattr(account.contact, name) for name in ("address2", "fax")
            if name not in change.sent}  # fmt: skip
    share = change.fields.share_parent_networks
    changed = replace(
        account,
        business_name=change.fields.business_name,
        contact=replace(contact, **kept),
        time_zone=known_time_zone(change.fields.time_zone) or account.time_zone,
        share_parent_networks=account.share_parent_networks if share is None else share,
    )
    if changed.snapshot() == account.snapshot():
        return account
    saved = uow.accounts.save(changed)
    record_change(uow, rt, actor, AuditAction.ACCOUNT_UPDATE, before=account, after=saved)
    return saved


def change_account_status(
    rt: Runtime,
    actor: Actor,
    alias: str,
    change: StatusChange,
    *,
    expected_version: int | None = None,
) -> tuple[Account, int]:
    """Suspend or enable a sub-account; returns it and the request id of the change.

    Suspending ends every v1 session, v2 bearer token and portal session of the API
    users and person-users at and below the account (enabling it again revives none);
    while it lasts, none of them can log on or sign in. Nothing is
    deleted. Repeating a change changes nothing and answers the earlier request id.
    Raises ``AccountNotFound``, ``PermissionDenied``, ``VersionMismatch``, or
    ``AccessDenied`` for the caller's own account.
    """
    require(actor, Permission.ACCOUNTS_MANAGE)
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, alias)
        check_version(account, expected_version)
        if account.path == actor.tree_path:
            raise AccessDenied("an account cannot change its own status")
        target = _STATUS[change]
        if account.status is not target:
            saved = uow.accounts.save(replace(account, status=target))
            record_change(uow, rt, actor, _STATUS_AUDIT[change], before=account, after=saved)
            if change is StatusChange.SUSPEND:
                end_sign_ins_in_tree(uow, account.path)
            account = saved
        return account, uow.accounts.last_status_request(account)


def list_accounts(rt: Runtime, actor: Actor, account_alias: str | None) -> list[Account]:
    """Return an account and every descendant, the account itself first.

    Without ``account_alias`` the list starts at the actor's own account (clc-sdk takes
    the first entry as its default alias). Raises ``AccountNotFound`` or
    ``PermissionDenied``.
    """
    require(actor, Permission.ACCOUNTS_VIEW)
    with rt.db.read() as uow:
        start = account_in_scope(uow, actor, account_alias or actor.account_alias or "")
        return uow.accounts.subtree(start.path)


def list_custom_fields(rt: Runtime, actor: Actor, alias: str) -> list[CustomField]:
    """The custom field definitions of a visible account. Raises ``AccountNotFound``."""
    require(actor, Permission.ACCOUNTS_VIEW)
    with rt.db.read() as uow:
        return uow.accounts.custom_fields(account_in_scope(uow, actor, alias))


def define_custom_field(
    rt: Runtime, actor: Actor, alias: str, definition: CustomField
) -> CustomField:
    """Add a custom field definition to a visible account.

    Raises ``AccountNotFound`` or ``InvalidField`` (name already defined there).
    """
    require(actor, Permission.CUSTOM_FIELDS_MANAGE)
    with rt.db.write() as uow:
        account = account_in_scope(uow, actor, alias)
        uow.accounts.add_custom_field(account, definition)
        uow.audit.record(
            actor=actor,
            action=AuditAction.CUSTOM_FIELD_CREATE,
            target_kind="custom_field",
            target_label=definition.name,
            target_path=account.path,
            changes=diff(
                {},
                {
                    "name": definition.name,
                    "type": definition.field_type,
                    "required": definition.is_required,
                    "options": [list(option) for option in definition.options],
                },
            ),
            now=rt.clock(),
        )
        return definition
