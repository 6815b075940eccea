"""``AsyncClient``: the SDK for asyncio (or trio), twin of ``Client``.

Each method does what its namesake on ``Client`` does (see the docstrings there), with
``await``; listings return an ``AsyncPager`` to iterate with ``async for``.
"""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TypeVar, Unpack

import anyio
import httpx

from chamberlain.client import _calls as calls
from chamberlain.client import _operations as ops
from chamberlain.client._auth import BearerAuth, Credentials
from chamberlain.client._base import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    AsyncRunner,
    build_request,
    default_headers,
    login_builder,
)
from chamberlain.client._errors import ChamberlainError, transport_error
from chamberlain.client._models import (
    Account,
    AccountPermissions,
    ApiUser,
    AuditEvent,
    BearerToken,
    BulkResult,
    Invitation,
    Me,
    NewApiUser,
    Role,
    User,
)
from chamberlain.client._pagination import AsyncPager
from chamberlain.client._params import (
    AccountChanges,
    AuditFilters,
    NewAccount,
    NewUser,
    UserChanges,
    UserFilters,
)
from chamberlain.client._retry import RetryPolicy

T = TypeVar("T")


class AsyncAccounts:
    """As ``Accounts``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    async def get(self, alias: str) -> Account:
        """As ``Accounts.get``."""
        return await self._run(calls.get_account(alias))

    async def list_children(self, alias: str) -> list[Account]:
        """As ``Accounts.list_children``."""
        return await self._run(calls.list_child_accounts(alias))

    async def create(
        self,
        parent_alias: str,
        *,
        idempotency_key: str | None = None,
        **account: Unpack[NewAccount],
    ) -> Account:
        """As ``Accounts.create``."""
        return await self._run(calls.create_account(parent_alias, account, idempotency_key))

    async def update(self, account: Account | str, **changes: Unpack[AccountChanges]) -> Account:
        """As ``Accounts.update``."""
        return await self._run(calls.update_account(account, changes))

    async def suspend(self, account: Account | str) -> Account:
        """As ``Accounts.suspend``."""
        return await self._run(calls.account_status(ops.SUSPEND_ACCOUNT, account))

    async def enable(self, account: Account | str) -> Account:
        """As ``Accounts.enable``."""
        return await self._run(calls.account_status(ops.ENABLE_ACCOUNT, account))


class AsyncUsers:
    """As ``Users``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    def list(
        self, alias: str, *, page_size: int = 100, **filters: Unpack[UserFilters]
    ) -> AsyncPager[User]:
        """As ``Users.list``."""
        return AsyncPager(
            lambda cursor: self._run(calls.list_users(alias, filters, page_size, cursor))
        )

    async def count(self, alias: str, **filters: Unpack[UserFilters]) -> int:
        """As ``Users.count``."""
        page = await self._run(calls.list_users(alias, filters, 1, None, total=True))
        return page.total or 0

    async def get(self, user_name: str) -> User:
        """As ``Users.get``."""
        return await self._run(calls.get_user(user_name))

    async def create(
        self, alias: str, *, idempotency_key: str | None = None, **user: Unpack[NewUser]
    ) -> User:
        """As ``Users.create``."""
        return await self._run(calls.create_user(alias, user, idempotency_key))

    async def update(self, user: User | str, **changes: Unpack[UserChanges]) -> User:
        """As ``Users.update``."""
        return await self._run(calls.update_user(user, changes))

    async def suspend(self, user: User | str) -> User:
        """As ``Users.suspend``."""
        return await self._run(calls.user_status(ops.SUSPEND_USER, user))

    async def unsuspend(self, user: User | str) -> User:
        """As ``Users.unsuspend``."""
        return await self._run(calls.user_status(ops.UNSUSPEND_USER, user))

    async def delete(self, user: User) -> None:
        """As ``Users.delete``."""
        await self._run(calls.delete_user(user))

    async def invite(self, user: User | str) -> Invitation:
        """As ``Users.invite``."""
        return await self._run(calls.invite_user(user))

    async def request_password_reset(self, user_name: str) -> None:
        """As ``Users.request_password_reset``."""
        await self._run(calls.request_password_reset(user_name))

    async def set_password_with_link(self, token: str, password: str) -> None:
        """As ``Users.set_password_with_link``."""
        await self._run(calls.set_password_with_link(token, password))

    async def bulk(
        self,
        alias: str,
        users: Iterable[NewUser],
        *,
        dry_run: bool = False,
        upsert: bool = False,
        idempotency_key: str | None = None,
    ) -> BulkResult:
        """As ``Users.bulk``."""
        call = calls.import_users(
            alias, list(users), dry_run=dry_run, upsert=upsert, key=idempotency_key
        )
        return await self._run(call)

    async def bulk_csv(
        self,
        alias: str,
        csv: str | bytes,
        *,
        dry_run: bool = False,
        upsert: bool = False,
        idempotency_key: str | None = None,
    ) -> BulkResult:
        """As ``Users.bulk_csv``."""
        data = csv.encode() if isinstance(csv, str) else csv
        call = calls.import_users(alias, data, dry_run=dry_run, upsert=upsert, key=idempotency_key)
        return await self._run(call)


class AsyncApiUsers:
    """As ``ApiUsers``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    async def list(self, alias: str) -> builtins.list[ApiUser]:
        """As ``ApiUsers.list``."""
        return await self._run(calls.list_api_users(alias))

    async def create(
        self,
        alias: str,
        *,
        roles: Sequence[int] | None = None,
        idempotency_key: str | None = None,
    ) -> NewApiUser:
        """As ``ApiUsers.create``."""
        return await self._run(calls.create_api_user(alias, roles, idempotency_key))

    async def delete(self, api_user: ApiUser | str) -> None:
        """As ``ApiUsers.delete``."""
        await self._run(calls.delete_api_user(api_user))

    async def disable(self, api_user: ApiUser | str) -> ApiUser:
        """As ``ApiUsers.disable``."""
        return await self._run(calls.set_api_user_enabled(api_user, enabled=False))

    async def enable(self, api_user: ApiUser | str) -> ApiUser:
        """As ``ApiUsers.enable``."""
        return await self._run(calls.set_api_user_enabled(api_user, enabled=True))

    async def rotate(
        self,
        api_user: ApiUser | str,
        *,
        grace_hours: float | None = None,
        idempotency_key: str | None = None,
    ) -> NewApiUser:
        """As ``ApiUsers.rotate``."""
        return await self._run(calls.rotate_api_user(api_user, grace_hours, idempotency_key))


class AsyncRoles:
    """As ``Roles``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    async def list(self) -> builtins.list[Role]:
        """As ``Roles.list``."""
        return await self._run(calls.list_roles())


class AsyncCaller:
    """As ``Caller``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    async def get(self) -> Me:
        """As ``Caller.get``."""
        return await self._run(calls.get_me())

    async def permissions(self, account: str) -> AccountPermissions:
        """As ``Caller.permissions``."""
        return await self._run(calls.get_my_permissions(account))


class AsyncAudit:
    """As ``Audit``."""

    def __init__(self, run: AsyncRunner) -> None:
        self._run = run

    def list(
        self, *, page_size: int = 100, **filters: Unpack[AuditFilters]
    ) -> AsyncPager[AuditEvent]:
        """As ``Audit.list``."""
        return AsyncPager(
            lambda cursor: self._run(calls.list_audit_events(filters, page_size, cursor))
        )


class AsyncClient:
    """As ``Client``, for ``async`` code: ``transport`` is an ``httpx.AsyncBaseTransport``
    (``httpx.ASGITransport`` runs an app in-process), ``sleep`` a coroutine function."""

    def __init__(
        self,
        base_url: str | httpx.URL,
        *,
        auth: Credentials | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers=default_headers(headers),
        )
        self._auth = None if auth is None else BearerAuth(auth, login_builder(self._http))
        self._retry = retry
        self._sleep = sleep
        self.accounts = AsyncAccounts(self._run)
        self.users = AsyncUsers(self._run)
        self.api_users = AsyncApiUsers(self._run)
        self.roles = AsyncRoles(self._run)
        self.me = AsyncCaller(self._run)
        self.audit = AsyncAudit(self._run)

    async def log_on(self) -> str:
        """As ``Client.log_on``."""
        return (await self.issue_token()).token

    async def issue_token(self) -> BearerToken:
        """As ``Client.issue_token``."""
        request = None if self._auth is None else self._auth.login_request()
        if self._auth is None or request is None:
            raise ValueError("log_on needs ApiKeyAuth or LoginAuth credentials")
        return await self._send(request, self._auth.accept_login, replay_safe=True, auth=None)

    async def revoke_token(self) -> None:
        """As ``Client.revoke_token``."""
        await self._run(calls.revoke_token())

    async def _run(self, call: calls.Call[T]) -> T:
        request = build_request(self._http, call)
        return await self._send(request, call.finish, replay_safe=call.replay_safe, auth=self._auth)

    async def _send(
        self,
        request: httpx.Request,
        finish: Callable[[httpx.Response], T],
        *,
        replay_safe: bool,
        auth: httpx.Auth | None,
    ) -> T:
        """As ``Client._send``."""
        retrying = self._retry.start(replay_safe=replay_safe)
        while True:
            try:
                return finish(await self._http.send(request, auth=auth))
            except httpx.TransportError as exc:
                error: ChamberlainError = transport_error(exc)
            except ChamberlainError as exc:
                error = exc
            delay = retrying.delay_after(error)
            if delay is None:
                raise error
            await self._sleep(delay)

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
