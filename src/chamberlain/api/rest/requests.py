"""REST request bodies, all in one place: each refuses unknown members (``Strict``), so a
body can never carry what the schema does not say (no mass assignment)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chamberlain.domain.scim.tokens import NAME_MAX
from chamberlain.services import bulk
from chamberlain.services.api_users import DEFAULT_ROTATION_GRACE

Text = Field(default=None, max_length=1024)
MAX_GRACE_HOURS = 24 * 30


class Strict(BaseModel):
    """Request bodies: unknown fields are refused (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


class _OptionalProfile(Strict):
    """The optional text fields of a user, in a create and in a patch alike."""

    alternate_email: str | None = Text
    title: str | None = Text
    office_number: str | None = Text
    mobile_number: str | None = Text
    fax_number: str | None = Text
    saml_user_name: str | None = Text
    time_zone_id: str | None = Text


class UserIn(_OptionalProfile):
    """A user to create."""

    user_name: str = Field(min_length=1, max_length=1024)
    email: str = Field(min_length=1, max_length=1024)
    first_name: str = Field(min_length=1, max_length=1024)
    last_name: str = Field(min_length=1, max_length=1024)
    allow_sms: bool = False
    roles: list[int] = Field(default_factory=list, max_length=32)


class UserPatch(_OptionalProfile):
    """Fields to change; a field left out stays, ``null`` clears an optional one."""

    email: str | None = Text
    first_name: str | None = Text
    last_name: str | None = Text
    allow_sms: bool | None = None
    roles: list[int] | None = Field(default=None, max_length=32)


class TokenIn(Strict):
    """An API user's key and password."""

    api_key: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class AccountIn(Strict):
    """A sub-account to create below the account in the path."""

    alias: str | None = Field(default=None, max_length=16)
    location: str = Field(min_length=1, max_length=16)
    business_name: str = Field(min_length=1, max_length=1024)
    address1: str = Field(min_length=1, max_length=1024)
    address2: str | None = Field(default=None, max_length=1024)
    city: str = Field(min_length=1, max_length=1024)
    state_province: str = Field(min_length=1, max_length=1024)
    postal_code: str = Field(min_length=1, max_length=1024)
    country: str = Field(min_length=1, max_length=1024)
    telephone: str = Field(min_length=1, max_length=1024)
    fax: str | None = Field(default=None, max_length=1024)
    time_zone: str | None = Field(default=None, max_length=1024)
    share_parent_networks: bool = False
    billing_responsibility: int = Field(default=1, ge=1, le=2)


class AccountPatch(Strict):
    """Fields to change; a field left out stays, ``null`` clears ``address2`` or ``fax``."""

    business_name: str | None = Field(default=None, max_length=1024)
    address1: str | None = Field(default=None, max_length=1024)
    address2: str | None = Field(default=None, max_length=1024)
    city: str | None = Field(default=None, max_length=1024)
    state_province: str | None = Field(default=None, max_length=1024)
    postal_code: str | None = Field(default=None, max_length=1024)
    country: str | None = Field(default=None, max_length=1024)
    telephone: str | None = Field(default=None, max_length=1024)
    fax: str | None = Field(default=None, max_length=1024)
    time_zone: str | None = Field(default=None, max_length=1024)
    share_parent_networks: bool | None = None


class BulkIn(Strict):
    """The JSON form of a bulk request. Unknown members are refused like every request
    body's: ``dry_run`` and ``upsert`` are query parameters, and a body that carries them
    must not become a real import."""

    users: list[UserIn] = Field(max_length=bulk.MAX_ITEMS)


class ApiUserIn(Strict):
    """A new API user; ``roles`` makes it a least-privilege key."""

    roles: list[int] | None = Field(
        default=None,
        description="The key holds only these roles' permissions (the caller must hold "
        "them all); without, it holds the caller's own.",
    )


class RotateIn(Strict):
    """How long the old key or token keeps working (never longer than an earlier rotation
    set)."""

    grace_hours: float = Field(
        default=DEFAULT_ROTATION_GRACE.total_seconds() / 3600, ge=0, le=MAX_GRACE_HOURS
    )


class ScimTokenIn(Strict):
    """A new token; ``name`` says what it is for (``"Okta production"``)."""

    name: str | None = Field(default=None, max_length=NAME_MAX)


class ResetIn(Strict):
    """Whose password to reset."""

    user_name: str = Field(min_length=1, max_length=255)


class SetPasswordIn(Strict):
    """The token from a mailed link and the new password."""

    token: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=1024)
