"""What the portal tells a person: the one mapping from domain errors to messages, and
the closed list of confirmations shown after a change.

Messages never echo a request's input beyond a field's own name and rule, and the
refused sign-in says the same thing whatever the reason (no user enumeration).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chamberlain import errors
from chamberlain.api.error_tables import ErrorTable

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


def _required(error: errors.FieldRequired) -> str:
    return f"{field_label(error.field)} is required."


def _invalid_field(error: errors.InvalidField) -> str:
    return f"{field_label(error.field)}: {error.reason}."


def _not_accepted(error: errors.ChamberlainError) -> str:
    return f"The request was not accepted: {error.detail}."


@dataclass(frozen=True, slots=True)
class Answer:
    """The portal's answer to a domain error: the status of an error page, and the
    sentence shown (fixed, or made from the error's field)."""

    status: int
    message: str | Callable[[Any], str]

    def text(self, error: errors.ChamberlainError) -> str:
        """The sentence shown for ``error``."""
        return self.message if isinstance(self.message, str) else self.message(error)


# Raised by other faces' operations, never by a portal page's: a bug if one shows up.
_UNEXPECTED = Answer(500, GENERIC)
# The one error table of this face (see chamberlain.api.error_tables).
_ANSWERS = ErrorTable[Answer](
    "portal",
    {
        errors.Throttled: Answer(400, SIGN_IN_REFUSED),
        errors.AuthenticationFailed: Answer(400, "Your password was not accepted."),
        errors.PermissionDenied: Answer(403, "Your roles do not allow this."),
        errors.AccessDenied: Answer(403, "This cannot be done to your own account or user."),
        errors.AccountNotFound: Answer(404, "No such account in your account tree."),
        errors.ScimTokenNotFound: Answer(404, "No such token."),
        errors.ApiUserNotFound: Answer(
            404, "No such API user (it may have been deleted or retired)."
        ),
        errors.UserNotFound: Answer(404, "No such user (it may have been deleted)."),
        errors.UserExists: Answer(400, "That user name is taken (names are never reused)."),
        errors.TooManyLookups: Answer(
            400, "Too many names taken outside your accounts were tried; try again later."
        ),
        errors.AccountExists: Answer(
            400, "That account alias is taken (aliases are never reused)."
        ),
        errors.VersionMismatch: Answer(
            400, "Someone else changed this meanwhile. Reload and try again."
        ),
        errors.ServiceUnavailable: Answer(
            503, "The service is busy or unavailable. Try again shortly."
        ),
        errors.FieldRequired: Answer(400, _required),
        errors.InvalidField: Answer(400, _invalid_field),
        errors.InvalidRoles: Answer(400, _not_accepted),
        errors.InvalidRequest: Answer(400, _not_accepted),
        **dict.fromkeys(
            (
                errors.AlreadyInitialised,
                errors.GroupExists,
                errors.IdempotencyInProgress,
                errors.IdempotencyKeyReused,
                errors.InvalidFilter,
                errors.InvalidPath,
                errors.LinkNotUsable,
                errors.MutabilityViolation,
                errors.NoTarget,
                errors.TooManyResults,
                errors.UnsupportedOperation,
            ),
            _UNEXPECTED,
        ),
    },
)


def answer_for(error: errors.ChamberlainError) -> Answer:
    """The portal's answer to ``error`` (a 500 with the generic sentence for one without
    a row, or with an unexpected one: the caller logs it)."""
    return _ANSWERS.get(type(error)) or _UNEXPECTED


def message_for(error: errors.ChamberlainError) -> str:
    """The sentence shown for ``error``."""
    return answer_for(error).text(error)


def message_for_code(code: str) -> str | None:
    """The fixed sentence for an error ``code`` carried across a redirect (None if the
    code is unknown, or its sentence needs the error itself)."""
    for kind, answer in _ANSWERS:
        if kind.code == code and answer is not _UNEXPECTED and isinstance(answer.message, str):
            return answer.message
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
