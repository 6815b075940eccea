"""What the portal tells a person: the one mapping from domain errors to messages, and
the closed list of confirmations shown after a change.

Messages never echo a request's input beyond a field's own name and rule, and the
refused sign-in says the same thing whatever the reason (no user enumeration).
"""

from __future__ import annotations

from chamberlain import errors

SIGN_IN_REFUSED = (
    "Sign-in failed. Check your user name and password; after several failed attempts, "
    "wait a few minutes before trying again."
)
FORM_REFUSED = (
    "This form was refused: it expired or did not come from this site. Go back, reload "
    "the page and try again."
)
REAUTH_REFUSED = "Your password was not accepted. Enter your current password to go on."
TOO_LARGE = "What you sent is too large."
NOT_TEXT = "What you sent is not valid UTF-8 text."
GENERIC = "Something went wrong. Try again; if it keeps happening, tell your administrator."

# First match wins: subclasses before their bases.
_MESSAGES: tuple[tuple[type[errors.ChamberlainError], str], ...] = (
    (errors.Throttled, SIGN_IN_REFUSED),
    (errors.AuthenticationFailed, "Your password was not accepted."),
    (errors.PermissionDenied, "Your roles do not allow this."),
    (errors.AccessDenied, "This cannot be done to your own account or user."),
    (errors.AccountNotFound, "No such account in your account tree."),
    (errors.ScimTokenNotFound, "No such token."),
    (errors.ApiUserNotFound, "No such API user (it may have been deleted or retired)."),
    (errors.UserNotFound, "No such user (it may have been deleted)."),
    (errors.UserExists, "That user name is taken (names are never reused)."),
    (
        errors.TooManyLookups,
        "Too many names taken outside your accounts were tried; try again later.",
    ),
    (errors.AccountExists, "That account alias is taken (aliases are never reused)."),
    (errors.VersionMismatch, "Someone else changed this meanwhile. Reload and try again."),
    (errors.ServiceUnavailable, "The service is busy or unavailable. Try again shortly."),
)
_FIELD_LABELS = {
    "account_alias": "Account alias",
    "alternate_email": "Alternate e-mail",
    "business_name": "Business name",
    "email": "E-mail",
    "fax_number": "Fax",
    "first_name": "First name",
    "last_name": "Last name",
    "mobile_number": "Mobile",
    "office_number": "Office phone",
    "postal_code": "Postal code",
    "saml_user_name": "SAML user name",
    "state_province": "State or province",
    "time_zone": "Time zone",
    "time_zone_id": "Time zone",
    "user_name": "User name",
}


def field_label(name: str) -> str:
    """The label a form shows for the domain field ``name``."""
    return _FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def message_for(error: errors.ChamberlainError) -> str:
    """The sentence shown for ``error``."""
    if isinstance(error, errors.FieldRequired):
        return f"{field_label(error.field)} is required."
    if isinstance(error, errors.InvalidField):
        return f"{field_label(error.field)}: {error.reason}."
    if isinstance(error, errors.InvalidRoles | errors.InvalidRequest):
        return f"The request was not accepted: {error.detail}."
    return next((text for kind, text in _MESSAGES if isinstance(error, kind)), GENERIC)


def message_for_code(code: str) -> str | None:
    """The sentence for an error ``code`` carried across a redirect (None if unknown)."""
    for kind, text in _MESSAGES:
        if kind.code == code:
            return text
    return None


DONE: dict[str, str] = {
    "account_created": "Sub-account created.",
    "account_updated": "Account details saved.",
    "account_suspended": "Account suspended.",
    "account_enabled": "Account enabled.",
    "user_created": "User created.",
    "user_updated": "User saved.",
    "user_suspended": "User suspended.",
    "user_unsuspended": "User unsuspended.",
    "user_deleted": "User deleted.",
    "invitation_sent": "Invitation sent.",
    "api_user_disabled": "API user disabled.",
    "api_user_enabled": "API user enabled.",
    "api_user_deleted": "API user deleted.",
    "password_changed": "Your password was changed; your other sessions have ended.",
    "signed_out": "You have signed out.",
    "reset_requested": "If that user exists, a link to set a new password is on its way.",
    "password_set": "Your password is set. Sign in with it.",
}
