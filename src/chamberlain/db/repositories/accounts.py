"""Accounts, the tree and custom fields."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chamberlain.db.models import AccountRow, AuditRow, CustomFieldRow
from chamberlain.db.repositories._shared import is_violation_of, table_of
from chamberlain.domain.accounts import (
    Account,
    AccountStatus,
    BillingResponsibility,
    Contact,
    child_path,
)
from chamberlain.domain.custom_fields import CustomField
from chamberlain.errors import AccountExists, InvalidField, VersionMismatch

_CONTACT_FIELDS = tuple(Contact.__dataclass_fields__)


_accounts = table_of(AccountRow)
# Built once: looked up on nearly every request.
_BY_ALIAS = select(_accounts).where(_accounts.c.alias == bindparam("alias"))


def _to_account(row: AccountRow | Row[Any]) -> Account:
    return Account(
        id=row.id,
        alias=row.alias,
        path=row.path,
        location=row.location,
        business_name=row.business_name,
        time_zone=row.time_zone,
        status=AccountStatus(row.status),
        share_parent_networks=row.share_parent_networks,
        support_level=row.support_level,
        contact=Contact(**{name: getattr(row, name) for name in _CONTACT_FIELDS}),
        billing_responsibility=BillingResponsibility(row.billing_responsibility),
        version=row.version,
    )


class AccountRepository:
    """Accounts and the tree."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, alias: str) -> Account | None:
        """Return the account with this (normalised) alias."""
        row = self._session.connection().execute(_BY_ALIAS, {"alias": alias}).first()
        return None if row is None else _to_account(row)

    def find_within(self, alias: str, tree_path: str) -> Account | None:
        """Return the account with this (normalised) alias if it sits at or below
        ``tree_path``: tenant scope is part of the query, never checked after it."""
        query = _BY_ALIAS.where(_accounts.c.path.startswith(tree_path))
        row = self._session.connection().execute(query, {"alias": alias}).first()
        return None if row is None else _to_account(row)

    def subtree(self, path: str) -> list[Account]:
        """Return the account at ``path`` and all its descendants, depth-first, parents
        before children."""
        query = select(_accounts).where(_accounts.c.path.startswith(path))
        rows = self._session.connection().execute(query)
        # Sorted here, by code point: a database's linguistic collation may ignore "/".
        return sorted((_to_account(row) for row in rows), key=lambda account: account.path)

    def has_root(self) -> bool:
        """Whether any root account exists (the database is initialised)."""
        return bool(self._session.scalar(select(exists().where(AccountRow.parent_id.is_(None)))))

    def add(
        self,
        *,
        alias: str,
        parent: Account | None,
        location: str,
        business_name: str,
        time_zone: str,
        contact: Contact,
        share_parent_networks: bool,
        billing_responsibility: BillingResponsibility,
        now: datetime,
    ) -> Account:
        """Insert an account below ``parent`` (a root when None).

        Raises ``AccountExists`` when the alias is taken.
        """
        row = AccountRow(
            alias=alias,
            parent_id=parent.id if parent else None,
            path=child_path(parent.path if parent else None, alias),
            location=location,
            business_name=business_name,
            time_zone=time_zone,
            status=int(AccountStatus.ACTIVE),
            share_parent_networks=share_parent_networks,
            support_level="developer",
            billing_responsibility=int(billing_responsibility),
            version=1,
            created_at=now,
            **{name: getattr(contact, name) for name in _CONTACT_FIELDS},
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as exc:
            if is_violation_of(exc, "uq_accounts_alias", "accounts.alias"):
                raise AccountExists(alias) from exc
            raise
        return _to_account(row)

    def save(self, account: Account) -> Account:
        """Write ``account``'s details and status; returns it with the version bumped.

        The write applies only while the stored version is still ``account.version``;
        otherwise (another writer came between) it raises ``VersionMismatch``.
        """
        written = self._session.connection().execute(
            update(_accounts)
            .where(_accounts.c.id == account.id, _accounts.c.version == account.version)
            .values(
                location=account.location,
                business_name=account.business_name,
                time_zone=account.time_zone,
                status=int(account.status),
                share_parent_networks=account.share_parent_networks,
                billing_responsibility=int(account.billing_responsibility),
                version=account.version + 1,
                **{name: getattr(account.contact, name) for name in _CONTACT_FIELDS},
            )
        )
        if written.rowcount != 1:
            raise VersionMismatch("the account changed while this change was being made")
        return replace(account, version=account.version + 1)

    def last_status_request(self, account: Account) -> int:
        """The id of the newest audit record of the account's creation or status changes.

        v1 SuspendAccount/EnableAccount answer it as their ``RequestID``.
        """
        newest = self._session.scalar(
            select(func.max(AuditRow.id)).where(
                AuditRow.target_kind == "account",
                AuditRow.target_label == account.alias,
                AuditRow.action.in_(["account.create", "account.suspend", "account.enable"]),
            )
        )
        return int(newest or 0)

    def custom_fields(self, account: Account) -> list[CustomField]:
        """The account's custom field definitions, in the order they were made."""
        rows = self._session.scalars(
            select(CustomFieldRow)
            .where(CustomFieldRow.account_id == account.id)
            .order_by(CustomFieldRow.id)
        )
        return [
            CustomField(
                uuid=row.uuid,
                name=row.name,
                field_type=row.field_type,
                is_required=row.is_required,
                options=tuple((o["Name"], o["Value"]) for o in row.options or ()),
            )
            for row in rows
        ]

    def add_custom_field(self, account: Account, definition: CustomField) -> None:
        """Store a definition; raises ``InvalidField`` when the name is taken there."""
        row = CustomFieldRow(
            account_id=account.id,
            uuid=definition.uuid,
            name=definition.name,
            field_type=definition.field_type,
            is_required=definition.is_required,
            options=[{"Name": n, "Value": v} for n, v in definition.options] or None,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as exc:
            if is_violation_of(
                exc, "uq_account_custom_fields_account_name", "account_custom_fields.account_id"
            ):
                raise InvalidField("name", "already defined in this account") from exc
            raise
