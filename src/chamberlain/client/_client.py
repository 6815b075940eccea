"""``Client``: the synchronous SDK (``AsyncClient`` is its twin)."""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TypeVar, Unpack

import httpx

from chamberlain.client import _calls as calls
from chamberlain.client import _operations as ops
from chamberlain.client._auth import BearerAuth, Credentials
from chamberlain.client._base import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    Runner,
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
from chamberlain.client._pagination import Pager
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


class Accounts:
    """Accounts of the caller's tree: ``/api/accounts/{alias}``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def get(self, alias: str) -> Account:
        """The account ``alias``; ``NotFound`` when it is outside the caller's tree."""
        return self._run(calls.get_account(alias))

    def list_children(self, alias: str) -> list[Account]:
        """The direct sub-accounts of ``alias``."""
        return self._run(calls.list_child_accounts(alias))

    def create(
        self,
        parent_alias: str,
        *,
        idempotency_key: str | None = None,
        **account: Unpack[NewAccount],
    ) -> Account:
        """Create a sub-account below ``parent_alias``; ``Conflict`` when the alias was
        ever taken. Retried safely: the same ``Idempotency-Key`` (yours, or one made for
        this call) goes with every try."""
        return self._run(calls.create_account(parent_alias, account, idempotency_key))

    def update(self, account: Account | str, **changes: Unpack[AccountChanges]) -> Account:
        """Change fields of an account. Given an ``Account`` read earlier, the write
        sends its version as ``If-Match`` and raises ``PreconditionFailed`` when the
        account changed since; given an alias, the last writer wins."""
        return self._run(calls.update_account(account, changes))

    def suspend(self, account: Account | str) -> Account:
        """Suspend a sub-account (its API users can no longer log on; nothing is
        deleted). ``If-Match`` as for ``update``."""
        return self._run(calls.account_status(ops.SUSPEND_ACCOUNT, account))

    def enable(self, account: Account | str) -> Account:
        """Put a suspended sub-account back in service. ``If-Match`` as for ``update``."""
        return self._run(calls.account_status(ops.ENABLE_ACCOUNT, account))


class Users:
    """Person-users: ``/api/accounts/{alias}/users`` and ``/api/users/{user_name}``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def list(
        self, alias: str, *, page_size: int = 100, **filters: Unpack[UserFilters]
    ) -> Pager[User]:
        """The live users of account ``alias``, oldest first, matching every filter;
        pages of ``page_size`` (at most 1 000) are fetched while iterating."""
        return Pager(lambda cursor: self._run(calls.list_users(alias, filters, page_size, cursor)))

    def count(self, alias: str, **filters: Unpack[UserFilters]) -> int:
        """How many live users of ``alias`` match every filter."""
        page = self._run(calls.list_users(alias, filters, 1, None, total=True))
        return page.total or 0

    def get(self, user_name: str) -> User:
        """The user ``user_name`` (any case) anywhere in the caller's tree."""
        return self._run(calls.get_user(user_name))

    def create(
        self, alias: str, *, idempotency_key: str | None = None, **user: Unpack[NewUser]
    ) -> User:
        """Create a user in account ``alias``; ``Conflict`` when the name was ever taken.
        Retried safely (see ``Accounts.create``)."""
        return self._run(calls.create_user(alias, user, idempotency_key))

    def update(self, user: User | str, **changes: Unpack[UserChanges]) -> User:
        """Change fields of a user (``None`` clears an optional one). Given a ``User``
        read earlier, the write sends its version as ``If-Match`` and raises
        ``PreconditionFailed`` when the user changed since; given a name, the last
        writer wins."""
        return self._run(calls.update_user(user, changes))

    def suspend(self, user: User | str) -> User:
        """Suspend a user (again: no change). ``If-Match`` as for ``update``."""
        return self._run(calls.user_status(ops.SUSPEND_USER, user))

    def unsuspend(self, user: User | str) -> User:
        """Let a suspended user log on again. ``If-Match`` as for ``update``."""
        return self._run(calls.user_status(ops.UNSUSPEND_USER, user))

    def delete(self, user: User) -> None:
        """Delete a user for good. Takes the ``User`` as read: the server requires its
        version, and ``PreconditionFailed`` means it changed since."""
        self._run(calls.delete_user(user))

    def invite(self, user: User | str) -> Invitation:
        """Send ``user`` an invitation to choose a password and log on (the link goes to
        the user's e-mail address and stops working at ``expires_at``)."""
        return self._run(calls.invite_user(user))

    def request_password_reset(self, user_name: str) -> None:
        """Ask for a password-reset link to be mailed to ``user_name``. The server answers
        the same whether or not such a user exists; no credentials are needed."""
        self._run(calls.request_password_reset(user_name))

    def set_password_with_link(self, token: str, password: str) -> None:
        """Set a password with the token of a mailed invitation or reset link (which then
        stops working); ``BadRequest`` (``link_not_usable``) for a link that expired, was
        used or replaced, ``ValidationError`` for a password that breaks the rules."""
        self._run(calls.set_password_with_link(token, password))

    def bulk(
        self,
        alias: str,
        users: Iterable[NewUser],
        *,
        dry_run: bool = False,
        upsert: bool = False,
        idempotency_key: str | None = None,
    ) -> BulkResult:
        """Import up to 1 000 users into ``alias``, one result per item; ``upsert``
        updates those that exist, ``dry_run`` writes nothing."""
        call = calls.import_users(
            alias, list(users), dry_run=dry_run, upsert=upsert, key=idempotency_key
        )
        return self._run(call)

    def bulk_csv(
        self,
        alias: str,
        csv: str | bytes,
        *,
        dry_run: bool = False,
        upsert: bool = False,
        idempotency_key: str | None = None,
    ) -> BulkResult:
        """As ``bulk``, from CSV text whose header names the columns (see docs/sdk.md)."""
        data = csv.encode() if isinstance(csv, str) else csv
        call = calls.import_users(alias, data, dry_run=dry_run, upsert=upsert, key=idempotency_key)
        return self._run(call)


class ApiUsers:
    """API users: ``/api/accounts/{alias}/api-users`` and ``/api/api-users/{api_key}``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def list(self, alias: str) -> builtins.list[ApiUser]:
        """The API users of ``alias`` and its sub-accounts, oldest first."""
        return self._run(calls.list_api_users(alias))

    def create(
        self,
        alias: str,
        *,
        roles: Sequence[int] | None = None,
        idempotency_key: str | None = None,
    ) -> NewApiUser:
        """Create an API user in ``alias`` holding the caller's permissions, or only those
        of ``roles`` (a least-privilege key); the answer holds its password, this once."""
        return self._run(calls.create_api_user(alias, roles, idempotency_key))

    def delete(self, api_user: ApiUser | str) -> None:
        """Delete an API user (by object or key); its sessions and tokens end at once."""
        self._run(calls.delete_api_user(api_user))

    def disable(self, api_user: ApiUser | str) -> ApiUser:
        """Stop an API user (by object or key) from logging on; its sessions and tokens
        end at once. Disabling a disabled one changes nothing."""
        return self._run(calls.set_api_user_enabled(api_user, enabled=False))

    def enable(self, api_user: ApiUser | str) -> ApiUser:
        """Let a disabled API user log on again."""
        return self._run(calls.set_api_user_enabled(api_user, enabled=True))

    def rotate(
        self,
        api_user: ApiUser | str,
        *,
        grace_hours: float | None = None,
        idempotency_key: str | None = None,
    ) -> NewApiUser:
        """Issue a new key and password in the same account; the old key keeps working
        for ``grace_hours`` (the server's default, 24, when None) but never longer than
        an earlier rotation allowed. The answer holds the new password, this once."""
        return self._run(calls.rotate_api_user(api_user, grace_hours, idempotency_key))


class Roles:
    """The fixed role catalogue: ``/api/roles``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def list(self) -> builtins.list[Role]:
        """Every role with the permissions it grants."""
        return self._run(calls.list_roles())


class Caller:
    """Who is calling: ``/api/me``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def get(self) -> Me:
        """The caller, its roles and permissions."""
        return self._run(calls.get_me())

    def permissions(self, account: str) -> AccountPermissions:
        """What the caller may do on ``account``, and why (``NotFound`` outside its tree)."""
        return self._run(calls.get_my_permissions(account))


class Audit:
    """The audit trail of every face: ``/api/audit``."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    def list(self, *, page_size: int = 100, **filters: Unpack[AuditFilters]) -> Pager[AuditEvent]:
        """Changes in the caller's tree (or ``account``'s subtree), oldest first,
        matching every filter; pages are fetched while iterating."""
        return Pager(lambda cursor: self._run(calls.list_audit_events(filters, page_size, cursor)))


class Client:
    """The chamberlain REST API, synchronously; shaped like ``httpx.Client``.

    ``base_url`` is the server's root (``https://chamberlain.example``); ``auth`` the
    credentials (``ApiKeyAuth``, ``LoginAuth`` or ``TokenAuth``); ``transport`` any
    ``httpx.BaseTransport`` (``httpx.MockTransport`` in tests); ``retry`` bounds retries
    and ``sleep`` is how the client waits between them. Use it as a context manager, or
    call ``close``.
    """

    def __init__(
        self,
        base_url: str | httpx.URL,
        *,
        auth: Credentials | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers=default_headers(headers),
        )
        self._auth = None if auth is None else BearerAuth(auth, login_builder(self._http))
        self._retry = retry
        self._sleep = sleep
        self.accounts = Accounts(self._run)
        self.users = Users(self._run)
        self.api_users = ApiUsers(self._run)
        self.roles = Roles(self._run)
        self.me = Caller(self._run)
        self.audit = Audit(self._run)

    def log_on(self) -> str:
        """Log on now with the credentials and return the bearer token (for a caller that
        keeps it, such as a CLI profile). Calls log on by themselves when needed."""
        return self.issue_token().token

    def issue_token(self) -> BearerToken:
        """As ``log_on``, with the token's expiry when the server states it."""
        request = None if self._auth is None else self._auth.login_request()
        if self._auth is None or request is None:
            raise ValueError("log_on needs ApiKeyAuth or LoginAuth credentials")
        return self._send(request, self._auth.accept_login, replay_safe=True, auth=None)

    def revoke_token(self) -> None:
        """End the token this client calls with, on the server, at once (log out). A later
        call logs on again when the client holds credentials, and fails otherwise."""
        self._run(calls.revoke_token())

    def _run(self, call: calls.Call[T]) -> T:
        request = build_request(self._http, call)
        return self._send(request, call.finish, replay_safe=call.replay_safe, auth=self._auth)

    def _send(
        self,
        request: httpx.Request,
        finish: Callable[[httpx.Response], T],
        *,
        replay_safe: bool,
        auth: httpx.Auth | None,
    ) -> T:
        """Send ``request`` (again, while the retry policy allows) and ``finish`` it."""
        retrying = self._retry.start(replay_safe=replay_safe)
        while True:
            try:
                return finish(self._http.send(request, auth=auth))
            except httpx.TransportError as exc:
                error: ChamberlainError = transport_error(exc)
            except ChamberlainError as exc:
                error = exc
            delay = retrying.delay_after(error)
            if delay is None:
                raise error
            self._sleep(delay)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
