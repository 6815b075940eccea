"""The chamberlain SDK: typed ``Client`` and ``AsyncClient`` for the REST API, on httpx.

It imports nothing of the server (installable alone as ``chamberlain-client``)::

    from chamberlain.client import ApiKeyAuth, Client

    with Client("https://chamberlain.example", auth=ApiKeyAuth(key, password)) as api:
        for user in api.users.list("ACME", status="Active"):
            print(user.user_name)

See docs/sdk.md for authentication, errors, paging, ETags, idempotency and retries.
"""

from chamberlain.client._async_client import AsyncClient
from chamberlain.client._auth import ApiKeyAuth, Credentials, LoginAuth, TokenAuth
from chamberlain.client._client import Client
from chamberlain.client._errors import (
    ApiError,
    AuthenticationError,
    BadRequest,
    ChamberlainError,
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    PreconditionRequired,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    Timeout,
    TransportError,
    UnexpectedResponse,
    ValidationError,
)
from chamberlain.client._models import (
    Account,
    AccountPermissions,
    ApiUser,
    AuditEvent,
    BearerToken,
    BulkItem,
    BulkResult,
    Grant,
    Invitation,
    Me,
    NewApiUser,
    Page,
    Role,
    User,
)
from chamberlain.client._pagination import AsyncPager, Pager
from chamberlain.client._params import (
    AccountChanges,
    AuditFilters,
    NewAccount,
    NewUser,
    UserChanges,
    UserFields,
    UserFilters,
)
from chamberlain.client._retry import NO_RETRY, RetryPolicy
from chamberlain.client._version import __version__

__all__ = [
    "NO_RETRY",
    "Account",
    "AccountChanges",
    "AccountPermissions",
    "ApiError",
    "ApiKeyAuth",
    "ApiUser",
    "AsyncClient",
    "AsyncPager",
    "AuditEvent",
    "AuditFilters",
    "AuthenticationError",
    "BadRequest",
    "BearerToken",
    "BulkItem",
    "BulkResult",
    "ChamberlainError",
    "Client",
    "Conflict",
    "Credentials",
    "Grant",
    "Invitation",
    "LoginAuth",
    "Me",
    "NewAccount",
    "NewApiUser",
    "NewUser",
    "NotFound",
    "Page",
    "Pager",
    "PermissionDenied",
    "PreconditionFailed",
    "PreconditionRequired",
    "RateLimited",
    "RetryPolicy",
    "Role",
    "ServerError",
    "ServiceUnavailable",
    "Timeout",
    "TokenAuth",
    "TransportError",
    "UnexpectedResponse",
    "User",
    "UserChanges",
    "UserFields",
    "UserFilters",
    "ValidationError",
    "__version__",
]

# Public classes name this package as their home (reprs, tracebacks, pickles), as httpx does.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
del _name, _value
