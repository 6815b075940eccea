"""One ``Call`` per SDK method: what to send and how to read the answer.

Shared by ``Client`` and ``AsyncClient``, which differ only in how they send. A ``Call``
refuses a query parameter, body field or header its ``Operation`` does not list, so the
operation table stays the whole truth about what the SDK sends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from chamberlain.client import _operations as ops
from chamberlain.client._errors import UnexpectedResponse, error_from_response
from chamberlain.client._models import (
    Account,
    AccountPermissions,
    ApiUser,
    AuditEvent,
    BulkResult,
    Invitation,
    Me,
    NewApiUser,
    Page,
    Role,
    User,
)
from chamberlain.client._params import (
    AccountChanges,
    AuditFilters,
    NewAccount,
    NewUser,
    UserChanges,
    UserFilters,
)
from chamberlain.client._reader import Reader, as_list

T = TypeVar("T")
_BILLING = {"self": 1, "parent": 2}


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """A request of ``operation`` and the parser of its JSON answer (None for 204).

    ``version`` is sent as ``If-Match``; ``idempotency_key`` as ``Idempotency-Key``, the
    same on every retry of this call.
    """

    operation: ops.Operation
    parse: Callable[[object], T]
    path: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, object] = field(default_factory=dict)
    json: Mapping[str, object] | None = None
    csv: bytes | None = None
    version: int | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        op = self.operation
        unknown = (set(self.query) - op.query) | (set(self.json or ()) - op.body)
        if unknown:
            raise TypeError(f"{op.id} takes no {', '.join(sorted(unknown))}")
        if self.version is not None and "If-Match" not in op.headers:
            raise TypeError(f"{op.id} takes no If-Match")

    @property
    def replay_safe(self) -> bool:
        """Whether sending this twice has the effect of sending it once."""
        return self.operation.method == "GET" or self.idempotency_key is not None

    def url(self) -> str:
        """The path, each parameter percent-encoded whole (``/`` included)."""
        return self.operation.url_path.format_map(
            {name: quote(value, safe="") for name, value in self.path.items()}
        )

    def params(self) -> dict[str, str]:
        """The query string's parameters as text."""
        return {name: _query_text(value) for name, value in self.query.items()}

    def headers(self) -> dict[str, str]:
        """The headers this call adds to the client's."""
        headers = {}
        if self.version is not None:
            headers["If-Match"] = f'"{self.version}"'
        if self.idempotency_key is not None:
            headers["Idempotency-Key"] = self.idempotency_key
        if self.csv is not None:
            headers["Content-Type"] = "text/csv; charset=utf-8"
        return headers

    def finish(self, response: httpx.Response) -> T:
        """The parsed answer; raises the ``ApiError`` of a refusal."""
        if not response.is_success:
            raise error_from_response(response)
        if not response.content:
            return self.parse(None)
        try:
            body = response.json()
        except ValueError:
            raise UnexpectedResponse(
                f"{self.operation.id}: the answer is not JSON", status=response.status_code
            ) from None
        return self.parse(body)


def _query_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _nothing(_body: object) -> None:
    return None


def _list_of(parse: Callable[[object], T]) -> Callable[[object], list[T]]:
    return lambda body: [parse(item) for item in as_list(body, "list")]


def _page_of(parse: Callable[[object], T]) -> Callable[[object], Page[T]]:
    def read(body: object) -> Page[T]:
        r = Reader(body, "page")
        link = r.opt_text("next")
        cursor = None if link is None else httpx.URL(link).params.get("cursor")
        if link is not None and not cursor:
            raise UnexpectedResponse(f"page.next has no cursor: {link!r}")
        items = tuple(parse(item) for item in as_list(r.data.get("items"), "page.items"))
        return Page(items=items, cursor=cursor, total=r.opt_integer("total"))

    return read


def _key(given: str | None) -> str:
    """The caller's idempotency key, or a new one for this call."""
    return given or uuid.uuid4().hex


def _json(fields: Mapping[str, Any]) -> dict[str, object]:
    """A request body: any sequence (a tuple of roles, say) becomes a JSON array."""
    return {
        name: list(v) if isinstance(v, Sequence) and not isinstance(v, str) else v
        for name, v in fields.items()
    }


def versioned(target: User | Account | str) -> tuple[str, int | None]:
    """The name of a target and the version to send as ``If-Match`` (None for a name)."""
    if isinstance(target, User):
        return target.user_name, target.version
    if isinstance(target, Account):
        return target.alias, target.version
    return target, None


# Accounts


def get_account(alias: str) -> Call[Account]:
    return Call(ops.GET_ACCOUNT, Account.from_json, {"alias": alias})


def list_child_accounts(alias: str) -> Call[list[Account]]:
    return Call(ops.LIST_CHILD_ACCOUNTS, _list_of(Account.from_json), {"alias": alias})


def create_account(parent: str, account: NewAccount, key: str | None) -> Call[Account]:
    body = _json(account)
    if "billing_responsibility" in body:
        choice = body["billing_responsibility"]
        if choice not in _BILLING:
            raise ValueError(f"billing_responsibility must be 'self' or 'parent', not {choice!r}")
        body["billing_responsibility"] = _BILLING[str(choice)]
    return Call(ops.CREATE_CHILD_ACCOUNT, Account.from_json, {"alias": parent}, json=body,
                idempotency_key=_key(key))  # fmt: skip


def update_account(target: Account | str, changes: AccountChanges) -> Call[Account]:
    alias, version = versioned(target)
    return Call(ops.UPDATE_ACCOUNT, Account.from_json, {"alias": alias}, json=_json(changes),
                version=version)  # fmt: skip


def account_status(operation: ops.Operation, target: Account | str) -> Call[Account]:
    alias, version = versioned(target)
    return Call(operation, Account.from_json, {"alias": alias}, version=version,
                idempotency_key=_key(None))  # fmt: skip


# Users


def list_users(
    alias: str, filters: UserFilters, limit: int, cursor: str | None, *, total: bool = False
) -> Call[Page[User]]:
    query: dict[str, object] = {**filters, "limit": limit}
    if cursor is not None:
        query["cursor"] = cursor
    if total:
        query["total"] = True
    return Call(ops.LIST_USERS, _page_of(User.from_json), {"alias": alias}, query=query)


def create_user(alias: str, user: NewUser, key: str | None) -> Call[User]:
    return Call(ops.CREATE_USER, User.from_json, {"alias": alias}, json=_json(user),
                idempotency_key=_key(key))  # fmt: skip


def import_users(
    alias: str, users: Iterable[NewUser] | bytes, *, dry_run: bool, upsert: bool, key: str | None
) -> Call[BulkResult]:
    query: dict[str, object] = {"dry_run": dry_run, "upsert": upsert}
    if isinstance(users, bytes):
        return Call(ops.IMPORT_USERS, BulkResult.from_json, {"alias": alias}, query=query,
                    csv=users, idempotency_key=_key(key))  # fmt: skip
    body = {"users": [_json(user) for user in users]}
    return Call(ops.IMPORT_USERS, BulkResult.from_json, {"alias": alias}, query=query,
                json=body, idempotency_key=_key(key))  # fmt: skip


def get_user(user_name: str) -> Call[User]:
    return Call(ops.GET_USER, User.from_json, {"user_name": user_name})


def update_user(target: User | str, changes: UserChanges) -> Call[User]:
    name, version = versioned(target)
    return Call(ops.UPDATE_USER, User.from_json, {"user_name": name}, json=_json(changes),
                version=version)  # fmt: skip


def user_status(operation: ops.Operation, target: User | str) -> Call[User]:
    name, version = versioned(target)
    return Call(operation, User.from_json, {"user_name": name}, version=version,
                idempotency_key=_key(None))  # fmt: skip


def delete_user(user: User) -> Call[None]:
    return Call(ops.DELETE_USER, _nothing, {"user_name": user.user_name}, version=user.version)


def invite_user(target: User | str) -> Call[Invitation]:
    name, _ = versioned(target)
    return Call(ops.INVITE_USER, Invitation.from_json, {"user_name": name},
                idempotency_key=_key(None))  # fmt: skip


def request_password_reset(user_name: str) -> Call[None]:
    return Call(ops.REQUEST_PASSWORD_RESET, _nothing, json={"user_name": user_name},
                idempotency_key=_key(None))  # fmt: skip


def set_password_with_link(token: str, password: str) -> Call[None]:
    # No Idempotency-Key: the server would keep a digest of a body holding a password.
    # A link works once anyway, so a lost answer is not retried (a retry says "used").
    body = {"token": token, "password": password}
    return Call(ops.SET_PASSWORD_WITH_LINK, _nothing, json=body)


# API users, roles, the caller, the audit trail


def list_api_users(alias: str) -> Call[list[ApiUser]]:
    return Call(ops.LIST_API_USERS, _list_of(ApiUser.from_json), {"alias": alias})


def create_api_user(alias: str, roles: Sequence[int] | None, key: str | None) -> Call[NewApiUser]:
    body = None if roles is None else {"roles": list(roles)}
    return Call(ops.CREATE_API_USER, NewApiUser.from_json, {"alias": alias}, json=body,
                idempotency_key=_key(key))  # fmt: skip


def _api_key(target: ApiUser | str) -> dict[str, str]:
    return {"api_key": target.api_key if isinstance(target, ApiUser) else target}


def delete_api_user(target: ApiUser | str) -> Call[None]:
    return Call(ops.DELETE_API_USER, _nothing, _api_key(target))


def set_api_user_enabled(target: ApiUser | str, *, enabled: bool) -> Call[ApiUser]:
    operation = ops.ENABLE_API_USER if enabled else ops.DISABLE_API_USER
    return Call(operation, ApiUser.from_json, _api_key(target), idempotency_key=_key(None))


def rotate_api_user(
    target: ApiUser | str, grace_hours: float | None, key: str | None
) -> Call[NewApiUser]:
    body = None if grace_hours is None else {"grace_hours": grace_hours}
    return Call(ops.ROTATE_API_USER, NewApiUser.from_json, _api_key(target), json=body,
                idempotency_key=_key(key))  # fmt: skip


def list_roles() -> Call[list[Role]]:
    return Call(ops.LIST_ROLES, _list_of(Role.from_json))


def revoke_token() -> Call[None]:
    return Call(ops.REVOKE_TOKEN, _nothing)


def get_me() -> Call[Me]:
    return Call(ops.GET_ME, Me.from_json)


def get_my_permissions(account: str) -> Call[AccountPermissions]:
    return Call(ops.GET_MY_PERMISSIONS, AccountPermissions.from_json, query={"account": account})


def list_audit_events(
    filters: AuditFilters, limit: int, cursor: str | None
) -> Call[Page[AuditEvent]]:
    query: dict[str, object] = {**filters, "limit": limit}
    if cursor is not None:
        query["cursor"] = cursor
    return Call(ops.LIST_AUDIT_EVENTS, _page_of(AuditEvent.from_json), query=query)
