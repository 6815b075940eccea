"""Every routable v1 method, keyed by lower-case ``(area, method)``."""

from __future__ import annotations

from chamberlain.api.clc_v1.methods import accounts, auth, users
from chamberlain.api.clc_v1.methods.call import V1Method

_METHODS = (
    V1Method("Auth", "Logon", "LogonResponse", auth.logon, public=True, checks_password=True),
    V1Method("Auth", "Logout", "APIResponse", auth.logout, public=True),
    V1Method("User", "CreateUser", "UserDetailsResponse", users.create_user),
    V1Method("User", "GetUsers", "UserListResponse", users.get_users),
    V1Method("User", "GetUserDetails", "UserDetailsResponse", users.get_user_details),
    V1Method("User", "UpdateUser", "UserDetailsResponse", users.update_user),
    V1Method("User", "SuspendUser", "APIResponse", users.suspend_user),
    V1Method("User", "UnsuspendUser", "APIResponse", users.unsuspend_user),
    V1Method("User", "DeleteUser", "APIResponse", users.delete_user),
    V1Method("Account", "GetAccounts", "AccountsResponse", accounts.get_accounts),
    V1Method(
        "Account", "GetAccountDetails", "AccountDetailsResponse", accounts.get_account_details
    ),
    V1Method("Account", "CreateAccount", "AccountDetailsResponse", accounts.create_account),
    V1Method(
        "Account",
        "UpdateAccountDetails",
        "AccountDetailsResponse",
        accounts.update_account_details,
    ),
    V1Method("Account", "SuspendAccount", "QueuedItemResponse", accounts.suspend_account),
    V1Method("Account", "EnableAccount", "QueuedItemResponse", accounts.enable_account),
    V1Method("Account", "GetLocations", "LocationsResponse", accounts.get_locations),
    V1Method(
        "Account", "GetCustomFields", "AccountCustomFieldsResponse", accounts.get_custom_fields
    ),
)

METHODS: dict[tuple[str, str], V1Method] = {
    (method.area.lower(), method.name.lower()): method for method in _METHODS
}
