"""Every HTTP operation the SDK calls, in one table.

The drift test (``tests/client/test_drift.py``) reads ``OPERATIONS`` and checks each entry
against the server's OpenAPI document: the operation id, method and path exist, and every
query parameter, header and body field the SDK may send has the same name there. Requests
are built only from these entries (``Call`` refuses a field that is not listed), so the
table cannot fall behind the code that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REST_PREFIX = "/api"

_USER_FIELDS = frozenset(
    {
        "email", "first_name", "last_name", "alternate_email", "title", "office_number",
        "mobile_number", "fax_number", "saml_user_name", "time_zone_id", "allow_sms", "roles",
    }
)  # fmt: skip
_ACCOUNT_FIELDS = frozenset(
    {
        "business_name", "address1", "address2", "city", "state_province", "postal_code",
        "country", "telephone", "fax", "time_zone", "share_parent_networks",
    }
)  # fmt: skip
_PAGING = frozenset({"limit", "cursor"})
_IF_MATCH = frozenset({"If-Match"})


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP operation: ``path`` is a template whose ``{names}`` are path parameters.

    ``in_openapi`` is False only for the v2 login, which lives outside the REST face.
    """

    id: str
    method: str
    path: str
    query: frozenset[str] = field(default_factory=frozenset)
    body: frozenset[str] = field(default_factory=frozenset)
    headers: frozenset[str] = field(default_factory=frozenset)
    in_openapi: bool = True

    @property
    def url_path(self) -> str:
        """The path template as sent (REST operations live below ``/api``)."""
        return REST_PREFIX + self.path if self.in_openapi else self.path


CREATE_TOKEN = Operation(
    "createToken", "POST", "/auth/token", body=frozenset({"api_key", "password"})
)
V2_LOGIN = Operation(
    "v2Login",
    "POST",
    "/v2/authentication/login",
    body=frozenset({"username", "password"}),
    in_openapi=False,
)
REVOKE_TOKEN = Operation("revokeToken", "DELETE", "/auth/token")
GET_ME = Operation("getMe", "GET", "/me")
GET_MY_PERMISSIONS = Operation(
    "getMyPermissions", "GET", "/me/permissions", query=frozenset({"account"})
)
LIST_ROLES = Operation("listRoles", "GET", "/roles")

GET_ACCOUNT = Operation("getAccount", "GET", "/accounts/{alias}")
LIST_CHILD_ACCOUNTS = Operation("listChildAccounts", "GET", "/accounts/{alias}/accounts")
CREATE_CHILD_ACCOUNT = Operation(
    "createChildAccount",
    "POST",
    "/accounts/{alias}/accounts",
    body=_ACCOUNT_FIELDS | {"alias", "location", "billing_responsibility"},
)
UPDATE_ACCOUNT = Operation(
    "updateAccount", "PATCH", "/accounts/{alias}", body=_ACCOUNT_FIELDS, headers=_IF_MATCH
)
SUSPEND_ACCOUNT = Operation(
    "suspendAccount", "POST", "/accounts/{alias}/suspend", headers=_IF_MATCH
)
ENABLE_ACCOUNT = Operation("enableAccount", "POST", "/accounts/{alias}/enable", headers=_IF_MATCH)

LIST_USERS = Operation(
    "listUsers",
    "GET",
    "/accounts/{alias}/users",
    query=_PAGING | {"user_name", "email", "status", "role", "name_prefix", "total"},
)
CREATE_USER = Operation(
    "createUser", "POST", "/accounts/{alias}/users", body=_USER_FIELDS | {"user_name"}
)
IMPORT_USERS = Operation(
    "importUsers",
    "POST",
    "/accounts/{alias}/users:bulk",
    query=frozenset({"dry_run", "upsert"}),
    body=frozenset({"users"}),
)
GET_USER = Operation("getUser", "GET", "/users/{user_name}")
UPDATE_USER = Operation(
    "updateUser", "PATCH", "/users/{user_name}", body=_USER_FIELDS, headers=_IF_MATCH
)
SUSPEND_USER = Operation("suspendUser", "POST", "/users/{user_name}/suspend", headers=_IF_MATCH)
UNSUSPEND_USER = Operation(
    "unsuspendUser", "POST", "/users/{user_name}/unsuspend", headers=_IF_MATCH
)
DELETE_USER = Operation("deleteUser", "DELETE", "/users/{user_name}", headers=_IF_MATCH)
INVITE_USER = Operation("inviteUser", "POST", "/users/{user_name}/invitations")
REQUEST_PASSWORD_RESET = Operation(
    "requestPasswordReset", "POST", "/password-resets", body=frozenset({"user_name"})
)
SET_PASSWORD_WITH_LINK = Operation(
    "setPasswordWithLink", "POST", "/auth/set-password", body=frozenset({"token", "password"})
)

LIST_API_USERS = Operation("listApiUsers", "GET", "/accounts/{alias}/api-users")
CREATE_API_USER = Operation(
    "createApiUser", "POST", "/accounts/{alias}/api-users", body=frozenset({"roles"})
)
DELETE_API_USER = Operation("deleteApiUser", "DELETE", "/api-users/{api_key}")
DISABLE_API_USER = Operation("disableApiUser", "POST", "/api-users/{api_key}/disable")
ENABLE_API_USER = Operation("enableApiUser", "POST", "/api-users/{api_key}/enable")
ROTATE_API_USER = Operation(
    "rotateApiUser", "POST", "/api-users/{api_key}/rotate", body=frozenset({"grace_hours"})
)

LIST_AUDIT_EVENTS = Operation(
    "listAuditEvents",
    "GET",
    "/audit",
    query=_PAGING | {"account", "actor", "target", "action", "since", "until"},
)

OPERATIONS: tuple[Operation, ...] = (
    CREATE_TOKEN, V2_LOGIN, REVOKE_TOKEN, GET_ME, GET_MY_PERMISSIONS, LIST_ROLES,
    GET_ACCOUNT, LIST_CHILD_ACCOUNTS, CREATE_CHILD_ACCOUNT, UPDATE_ACCOUNT, SUSPEND_ACCOUNT,
    ENABLE_ACCOUNT,
    LIST_USERS, CREATE_USER, IMPORT_USERS, GET_USER, UPDATE_USER, SUSPEND_USER, UNSUSPEND_USER,
    DELETE_USER, INVITE_USER, REQUEST_PASSWORD_RESET, SET_PASSWORD_WITH_LINK,
    LIST_API_USERS, CREATE_API_USER, DELETE_API_USER, DISABLE_API_USER, ENABLE_API_USER,
    ROTATE_API_USER,
    LIST_AUDIT_EVENTS,
)  # fmt: skip
