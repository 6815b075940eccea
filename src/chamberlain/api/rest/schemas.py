"""REST response bodies (kept apart from the tables and the domain); the request bodies
are in ``requests.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from chamberlain.domain.accounts import Account
from chamberlain.domain.users import User


class UserOut(BaseModel):
    """A user as the REST face shows it."""

    user_name: str
    account_alias: str
    email: str
    first_name: str
    last_name: str
    alternate_email: str | None
    title: str | None
    office_number: str | None
    mobile_number: str | None
    fax_number: str | None
    saml_user_name: str | None
    time_zone_id: str
    allow_sms: bool
    status: Literal["Active", "Disabled", "Deleted"]
    roles: list[int]
    version: int

    @classmethod
    def of(cls, user: User) -> UserOut:
        """Build from the domain object."""
        profile = user.profile
        return cls(
            user_name=user.user_name,
            account_alias=user.account_alias,
            email=profile.email,
            first_name=profile.first_name,
            last_name=profile.last_name,
            alternate_email=profile.alternate_email,
            title=profile.title,
            office_number=profile.office_number,
            mobile_number=profile.mobile_number,
            fax_number=profile.fax_number,
            saml_user_name=profile.saml_user_name,
            time_zone_id=user.time_zone,
            allow_sms=profile.allow_sms,
            status=user.status.value,
            roles=list(user.roles),
            version=user.version,
        )


class UserPageOut(BaseModel):
    """One page of users; follow ``next`` for the rest."""

    items: list[UserOut]
    next: str | None
    total: int | None = None


class AccountOut(BaseModel):
    """An account as the REST face shows it."""

    alias: str
    parent_alias: str | None
    location: str
    business_name: str
    address1: str | None
    address2: str | None
    city: str | None
    state_province: str | None
    postal_code: str | None
    country: str | None
    telephone: str | None
    fax: str | None
    time_zone: str
    status: Literal["Active", "Disabled", "Deleted", "Demo"]
    share_parent_networks: bool
    billing_responsibility: Literal["self", "parent"]
    version: int

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        """Build from the domain object."""
        contact = account.contact
        return cls(
            alias=account.alias,
            parent_alias=account.parent_alias,
            location=account.location,
            business_name=account.business_name,
            address1=contact.address1,
            address2=contact.address2,
            city=contact.city,
            state_province=contact.state_province,
            postal_code=contact.postal_code,
            country=contact.country,
            telephone=contact.telephone,
            fax=contact.fax,
            time_zone=account.time_zone,
            status=account.status.label,  # type: ignore[arg-type]
            share_parent_networks=account.share_parent_networks,
            billing_responsibility=account.billing_responsibility.label,  # type: ignore[arg-type]
            version=account.version,
        )


class RoleOut(BaseModel):
    """A role of the catalogue and what it grants."""

    id: int
    name: str
    sdk_name: str | None
    v2_name: str
    permissions: list[str]


class MeOut(BaseModel):
    """The caller."""

    kind: Literal["user", "api_user"]
    name: str
    account_alias: str | None
    roles: list[int]
    permissions: list[str]


class TokenOut(BaseModel):
    """A bearer token for the REST face."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_at: datetime


class Problem(BaseModel):
    """An error (RFC 9457), with chamberlain's stable ``code``."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    request_id: str | None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """The OpenAPI ``responses`` entries for problems an operation may answer."""
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {
        status: {"model": Problem, "description": "A problem", "content": content}
        for status in statuses
    }


# Every authenticated operation can answer these.
COMMON_PROBLEMS = problem_responses(400, 401, 403, 404, 422, 503)
