"""Users: fields, validation and the lifecycle Active <-> Disabled -> Deleted.

User names are unique across the platform, compared without regard to case or Unicode
compatibility forms, and never reused: a deleted user keeps its name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from chamberlain.domain.roles import validate_role_ids
from chamberlain.domain.text import clean_text, required_text
from chamberlain.domain.timezones import known_time_zone
from chamberlain.errors import FieldRequired, InvalidEmail, InvalidField

USER_NAME_MAX = 255
EMAIL_MAX = 254
NAME_MAX = 100
TITLE_MAX = 100
PHONE_MAX = 50
SAML_NAME_MAX = 255

# Deliberately plain: one "@", no blanks, a dot in the domain. Deliverability is the
# mail server's business; this only catches what is certainly not an address.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


class UserStatus(StrEnum):
    """The v1 ``Status`` values of a user."""

    ACTIVE = "Active"
    DISABLED = "Disabled"
    DELETED = "Deleted"


def user_name_key(user_name: str) -> str:
    """Return the form under which user names are unique and looked up.

    NFKC folds compatibility forms (full-width letters, ligatures) and casefold folds
    case, so ``JDoe``, ``jdoe`` and its full-width twin are one name.
    """
    folded = unicodedata.normalize("NFKC", user_name.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything about a user that a caller may set and later change."""

    email: str
    first_name: str
    last_name: str
    alternate_email: str | None = None
    title: str | None = None
    office_number: str | None = None
    mobile_number: str | None = None
    fax_number: str | None = None
    saml_user_name: str | None = None
    allow_sms: bool = False
    time_zone_id: str | None = None


PROFILE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Profile))


@dataclass(frozen=True, slots=True)
class User:
    """A user as the services see it. ``time_zone_id`` is None when it follows the account."""

    id: int
    user_name: str
    account_alias: str
    account_path: str
    account_time_zone: str
    profile: Profile
    status: UserStatus
    roles: tuple[int, ...]
    version: int = 1

    @property
    def time_zone(self) -> str:
        """The user's own time zone, or the account's when the user has none."""
        return self.profile.time_zone_id or self.account_time_zone

    @property
    def audit_target(self) -> tuple[str, str, str]:
        """How the audit trail names the user."""
        return ("user", self.user_name, self.account_path)

    def snapshot(self) -> dict[str, object]:
        """Return the audited view of the user: every profile field, status and roles."""
        values: dict[str, object] = {name: getattr(self.profile, name) for name in PROFILE_FIELDS}
        values["status"] = self.status.value
        values["roles"] = list(self.roles)
        return values


@dataclass(frozen=True, slots=True)
class NewUser:
    """A validated request to create a user."""

    user_name: str
    account_alias: str
    profile: Profile
    roles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class UserUpdate:
    """A validated change of the user ``user_name``, merged into the current user by the
    service that applies it. Every field is optional: None (and, for ``optional``, a
    field left out) keeps the current value; ``optional`` holds only the fields the
    caller sent, where None clears."""

    user_name: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    optional: Mapping[str, str | None] = field(default_factory=dict)
    allow_sms: bool | None = None
    roles: tuple[int, ...] | None = None

    def apply(self, profile: Profile) -> Profile:
        """Return ``profile`` with this change applied; absent fields stay as they were."""
        values: dict[str, object] = {
            name: getattr(profile, name) for name in PROFILE_FIELDS
        } | dict(self.optional)
        required = {"email": self.email, "first_name": self.first_name, "last_name": self.last_name}
        values.update({name: value for name, value in required.items() if value is not None})
        if self.allow_sms is not None:
            values["allow_sms"] = self.allow_sms
        return Profile(**values)  # type: ignore[arg-type]


_OPTIONAL_LIMITS: dict[str, int] = {
    "title": TITLE_MAX,
    "office_number": PHONE_MAX,
    "mobile_number": PHONE_MAX,
    "fax_number": PHONE_MAX,
    "saml_user_name": SAML_NAME_MAX,
    "time_zone_id": NAME_MAX,
}
OPTIONAL_TEXT_FIELDS: frozenset[str] = frozenset({*_OPTIONAL_LIMITS, "alternate_email"})


def _require_present(values: tuple[tuple[str, str | None], ...]) -> None:
    """Raise ``FieldRequired`` for the first blank value, in the order given."""
    for name, value in values:
        if value is None or not value.strip():
            raise FieldRequired(name)


def _email_syntax(field_name: str, text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise InvalidEmail(field_name, "not a valid e-mail address")
    return text


def _email(field_name: str, value: str | None) -> str | None:
    """Any fault in an address (length, characters, syntax) is an invalid address."""
    try:
        text = clean_text(field_name, value, max_length=EMAIL_MAX)
    except InvalidField as exc:
        raise InvalidEmail(field_name, exc.reason) from None
    return None if text is None else _email_syntax(field_name, text)


def _required_email(value: str | None) -> str:
    address = _email("email", value)
    if address is None:
        raise FieldRequired("email")
    return address


def _optional_fields(raw: Mapping[str, str | None]) -> dict[str, str | None]:
    """Clean the optional text fields that were sent; unknown time zones become None."""
    unknown = raw.keys() - OPTIONAL_TEXT_FIELDS
    if unknown:
        raise ValueError(f"not optional profile fields: {sorted(unknown)}")
    # A fixed order, whatever order the caller's mapping has; addresses first (1707
    # comes before the length and character checks).
    cleaned: dict[str, str | None] = {}
    if "alternate_email" in raw:
        cleaned["alternate_email"] = _email("alternate_email", raw["alternate_email"])
    for name, limit in _OPTIONAL_LIMITS.items():
        if name not in raw:
            continue
        if name == "time_zone_id":
            cleaned[name] = known_time_zone(raw[name])
        else:
            cleaned[name] = clean_text(name, raw[name], max_length=limit)
    return cleaned


def _names(first_name: str | None, last_name: str | None) -> tuple[str, str]:
    return (
        required_text("first_name", first_name, max_length=NAME_MAX),
        required_text("last_name", last_name, max_length=NAME_MAX),
    )


def validate_new_user(
    *,
    user_name: str | None,
    account_alias: str | None,
    email: str | None,
    first_name: str | None,
    last_name: str | None,
    optional: Mapping[str, str | None],
    allow_sms: bool | None,
    roles: Iterable[int | str] | None,
) -> NewUser:
    """Validate a create request.

    Checks run in the order of the v1 StatusCode table: presence of account alias, email,
    first name, last name and user name; then roles; then e-mail syntax; then lengths
    and characters. Raises ``FieldRequired``, ``InvalidRoles``, ``InvalidEmail`` or
    ``InvalidField``.
    """
    _require_present(
        (
            ("account_alias", account_alias),
            ("email", email),
            ("first_name", first_name),
            ("last_name", last_name),
            ("user_name", user_name),
        )
    )
    role_ids = validate_role_ids(roles or ())
    valid_email = _required_email(email)
    extra = _optional_fields(optional)
    first, last = _names(first_name, last_name)
    profile = Profile(
        email=valid_email,
        first_name=first,
        last_name=last,
        allow_sms=bool(allow_sms),
        **extra,
    )
    return NewUser(
        user_name=required_text("user_name", user_name, max_length=USER_NAME_MAX),
        account_alias=(account_alias or "").strip(),
        profile=profile,
        roles=role_ids,
    )


def validate_user_update(
    *,
    user_name: str | None,
    email: str | None,
    first_name: str | None,
    last_name: str | None,
    optional: Mapping[str, str | None],
    allow_sms: bool | None,
    roles: Iterable[int | str] | None,
) -> UserUpdate:
    """Validate an update request; same order and errors as ``validate_new_user``.

    ``roles`` None means "leave the roles alone"; an empty iterable clears them.
    """
    _require_present(
        (
            ("email", email),
            ("first_name", first_name),
            ("last_name", last_name),
            ("user_name", user_name),
        )
    )
    role_ids = None if roles is None else validate_role_ids(roles)
    valid_email = _required_email(email)
    extra = _optional_fields(optional)
    first, last = _names(first_name, last_name)
    return UserUpdate(
        user_name=required_text("user_name", user_name, max_length=USER_NAME_MAX),
        email=valid_email,
        first_name=first,
        last_name=last,
        optional=extra,
        allow_sms=allow_sms,
        roles=role_ids,
    )


def validate_user_patch(*, user_name: str, sent: Mapping[str, Any]) -> UserUpdate:
    """Validate a partial update: only the fields in ``sent`` change (the service merges
    them into the current user). A required field that is sent must hold a value (None or
    blank is ``FieldRequired``); an optional one sent as None is cleared. Checks run in
    the order of ``validate_user_update``.
    """
    _require_present(tuple((name, sent[name]) for name in _REQUIRED_PROFILE if name in sent))
    roles = sent.get("roles")
    role_ids = None if roles is None else validate_role_ids(roles)
    email = _required_email(sent["email"]) if "email" in sent else None
    extra = _optional_fields({name: sent[name] for name in OPTIONAL_TEXT_FIELDS if name in sent})
    names = {
        name: required_text(name, sent[name], max_length=NAME_MAX)
        for name in ("first_name", "last_name")
        if name in sent
    }
    allow_sms = sent.get("allow_sms")
    return UserUpdate(
        user_name=user_name,
        email=email,
        first_name=names.get("first_name"),
        last_name=names.get("last_name"),
        optional=extra,
        allow_sms=allow_sms if isinstance(allow_sms, bool) else None,
        roles=role_ids,
    )


_REQUIRED_PROFILE = ("email", "first_name", "last_name")


@dataclass(frozen=True, slots=True)
class UserFilters:
    """Conditions on a user listing, all of which must hold (AND)."""

    user_name: str | None = None
    email: str | None = None
    status: UserStatus | None = None
    role: int | None = None
    name_prefix: str | None = None


class LifecycleAction(StrEnum):
    """What can happen to a user's status."""

    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    DELETE = "delete"


_TARGET_STATUS = {
    LifecycleAction.SUSPEND: UserStatus.DISABLED,
    LifecycleAction.UNSUSPEND: UserStatus.ACTIVE,
    LifecycleAction.DELETE: UserStatus.DELETED,
}


def next_status(current: UserStatus, action: LifecycleAction) -> UserStatus | None:
    """Return the status after ``action``, or None when nothing changes.

    Deleted is final: callers treat a deleted user as not found before asking.
    """
    if current is UserStatus.DELETED:
        raise ValueError("a deleted user has no lifecycle")
    target = _TARGET_STATUS[action]
    return None if target is current else target
