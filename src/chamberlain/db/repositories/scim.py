"""SCIM tokens, the external ids SCIM clients give users, and the user reads SCIM needs
(by id, by external id, by position, role holders) in the users' own Core style."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from chamberlain.db.models import (
    AccountRow,
    ScimExternalIdRow,
    ScimTokenRow,
    UserRoleRow,
    UserRow,
)
from chamberlain.db.repositories._shared import chain_active, table_of
from chamberlain.db.repositories.users import user_select, users_from_rows
from chamberlain.domain.accounts import Account
from chamberlain.domain.scim.tokens import ScimToken
from chamberlain.domain.users import User, UserStatus

_tokens = table_of(ScimTokenRow)
_external_ids = table_of(ScimExternalIdRow)
_users = table_of(UserRow)
_accounts = table_of(AccountRow)
_roles = table_of(UserRoleRow)

_TOKEN_SELECT: Select[Any] = select(
    _tokens,
    _accounts.c.alias,
    _accounts.c.path,
    _accounts.c.status.label("account_status"),
).join_from(_tokens, _accounts, _accounts.c.id == _tokens.c.account_id)


class ScimRepository:
    """SCIM's own rows, and users read the ways SCIM addresses them."""

    def __init__(self, session: Session, *, for_update: bool = False) -> None:
        self._session = session
        self._for_update = for_update  # lock users read by id, as UserRepository does

    def _token(self, row: Row[Any]) -> ScimToken:
        return ScimToken(
            id=row.id,
            account_alias=row.alias,
            account_path=row.path,
            hint=row.hint,
            name=row.name,
            created_by=row.created_by,
            created_at=row.created_at,
            account_active=chain_active(self._session, row.path, row.account_status),
            last_used_at=row.last_used_at,
            retires_at=row.retires_at,
            revoked_at=row.revoked_at,
        )

    def add_token(
        self, *, account: Account, digest: str, hint: str, name: str | None, created_by: str,
        now: datetime,
    ) -> ScimToken:  # fmt: skip
        """Store a new token (256 random bits: a digest collision is not handled)."""
        token_id = (
            self._session.connection()
            .execute(
                insert(_tokens).returning(_tokens.c.id),
                {
                    "account_id": account.id,
                    "token_digest": digest,
                    "hint": hint,
                    "name": name,
                    "created_by": created_by[:255],
                    "created_at": now,
                },
            )
            .scalar_one()
        )
        return ScimToken(
            id=token_id,
            account_alias=account.alias,
            account_path=account.path,
            hint=hint,
            name=name,
            created_by=created_by[:255],
            created_at=now,
            account_active=account.is_active,
        )

    def _first_token(self, query: Select[Any]) -> ScimToken | None:
        row = self._session.connection().execute(query).first()
        return None if row is None else self._token(row)

    def token_by_digest(self, digest: str) -> ScimToken | None:
        """The token stored under ``digest``."""
        return self._first_token(_TOKEN_SELECT.where(_tokens.c.token_digest == digest))

    def token_within(self, token_id: int, tree_path: str) -> ScimToken | None:
        """The token with this id if its account sits at or below ``tree_path``: tenant
        scope is part of the query."""
        return self._first_token(
            _TOKEN_SELECT.where(_tokens.c.id == token_id, _accounts.c.path.startswith(tree_path))
        )

    def tokens_in_tree(self, path: str) -> list[ScimToken]:
        """Every token of the accounts at and below ``path``, oldest first."""
        rows = self._session.connection().execute(
            _TOKEN_SELECT.where(_accounts.c.path.startswith(path)).order_by(_tokens.c.id)
        )
        return [self._token(row) for row in rows]

    def _update_token(self, token_id: int, **values: datetime) -> None:
        self._session.connection().execute(
            update(_tokens).where(_tokens.c.id == token_id).values(**values)
        )

    def touch_token(self, token_id: int, now: datetime) -> None:
        """Record that the token was used."""
        self._update_token(token_id, last_used_at=now)

    def revoke_token(self, token_id: int, now: datetime) -> None:
        """Stop a token at once."""
        self._update_token(token_id, revoked_at=now)

    def retire_token(self, token_id: int, when: datetime) -> None:
        """Make a token stop working at ``when`` (rotation's grace period)."""
        self._update_token(token_id, retires_at=when)

    def _users(self, query: Select[Any]) -> list[User]:
        connection = self._session.connection()
        return users_from_rows(connection, connection.execute(query).all())

    def live_user(self, account: Account, user_id: int) -> User | None:
        """The live user with this id of the account itself: the account is part of the
        query, never checked after it."""
        found = self._users(
            user_select(for_update=self._for_update).where(
                _users.c.id == user_id,
                _users.c.account_id == account.id,
                _users.c.status != UserStatus.DELETED,
            )
        )
        return found[0] if found else None

    def live_users(self, account: Account, *, offset: int, limit: int) -> list[User]:
        """Live users of the account itself, by id, from position ``offset`` (0-based)."""
        return self._users(
            user_select()
            .where(_users.c.account_id == account.id, _users.c.status != UserStatus.DELETED)
            .order_by(_users.c.id)
            .offset(offset)
            .limit(limit)
        )

    def live_users_with_ids(self, account: Account, user_ids: Sequence[int]) -> list[User]:
        """Live users of the account itself among ``user_ids``, by id (locked, in id
        order, in a write transaction)."""
        return self._users(
            user_select(for_update=self._for_update)
            .where(
                _users.c.id.in_(user_ids),
                _users.c.account_id == account.id,
                _users.c.status != UserStatus.DELETED,
            )
            .order_by(_users.c.id)
        )

    @staticmethod
    def _holdings(query: Select[Any], account: Account, role_ids: Sequence[int]) -> Select[Any]:
        return (
            query.select_from(_roles)
            .join(_users, _users.c.id == _roles.c.user_id)
            .where(
                _roles.c.role_id.in_(role_ids),
                _users.c.account_id == account.id,
                _users.c.status != UserStatus.DELETED,
            )
        )

    def count_holdings(self, account: Account, role_ids: Sequence[int]) -> int:
        """How many times live users of the account itself hold one of ``role_ids``."""
        query = self._holdings(select(func.count()), account, role_ids)
        return int(self._session.connection().execute(query).scalar_one())

    def holdings(self, account: Account, role_ids: Sequence[int]) -> list[tuple[int, int, str]]:
        """``(role id, user id, user name)`` for each time a live user of the account
        itself holds one of ``role_ids``, by user id: only what a group lists of its
        members, so listing many costs little."""
        query = self._holdings(
            select(_roles.c.role_id, _users.c.id, _users.c.user_name), account, role_ids
        ).order_by(_users.c.id, _roles.c.role_id)
        return [(row[0], row[1], row[2]) for row in self._session.connection().execute(query)]

    def live_users_by_external_id(self, account: Account, external_id: str) -> list[User]:
        """Live users of the account whose external id is ``external_id``, by id."""
        return self._users(
            user_select()
            .join(_external_ids, _external_ids.c.user_id == _users.c.id)
            .where(
                _external_ids.c.external_id == external_id,
                _users.c.account_id == account.id,
                _users.c.status != UserStatus.DELETED,
            )
            .order_by(_users.c.id)
        )

    def external_ids(self, user_ids: Sequence[int]) -> dict[int, str]:
        """The external ids of those of ``user_ids`` that have one."""
        if not user_ids:
            return {}
        rows = self._session.connection().execute(
            select(_external_ids).where(_external_ids.c.user_id.in_(user_ids))
        )
        return {row.user_id: row.external_id for row in rows}

    def set_external_id(self, user_id: int, external_id: str | None) -> None:
        """Store (or, with None, forget) a user's external id."""
        connection = self._session.connection()
        connection.execute(delete(_external_ids).where(_external_ids.c.user_id == user_id))
        if external_id is not None:
            connection.execute(
                insert(_external_ids), {"user_id": user_id, "external_id": external_id}
            )
