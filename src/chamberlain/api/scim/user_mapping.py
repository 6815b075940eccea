"""chamberlain users as SCIM User resources, and canonical SCIM documents as user fields.

| SCIM | chamberlain |
| --- | --- |
| ``id`` | the user's number |
| ``userName`` | user name (never changes) |
| ``name.givenName`` / ``familyName`` | first / last name |
| ``emails``: the primary (else work, else first) one / one other | email / alternate e-mail |
| ``phoneNumbers`` ``type`` work / mobile / fax | office / mobile / fax number |
| ``title``, ``timezone`` | title, time-zone id |
| ``active`` | status Active (false: Disabled) |
| ``roles[].value`` | role ids (a role's name, clc-sdk name, v2 name or number) |
| ``externalId`` | kept by the SCIM services |

Phone numbers of other types are ignored, like every attribute chamberlain does not keep,
and so are the ``display``, ``type`` and ``primary`` of a role (read-only: no role is
stored as primary). For PATCH only, a user's only role counts as its primary one: what
Entra's single app-role assignment (``roles[primary eq "True"].value``) replaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chamberlain.api.scim.call import ScimCall
from chamberlain.api.versions import etag
from chamberlain.domain.roles import CATALOGUE, ROLES_BY_ID, validate_role_ids
from chamberlain.domain.scim.definitions import USER_URN
from chamberlain.domain.scim.filter import elements
from chamberlain.domain.scim.groups import group_id
from chamberlain.domain.users import UserStatus
from chamberlain.errors import InvalidField, InvalidRoles
from chamberlain.services.scim import ScimUser

PHONE_FIELDS = {"work": "office_number", "mobile": "mobile_number", "fax": "fax_number"}
_PHONE_TYPES = {field: kind for kind, field in PHONE_FIELDS.items()}
MAX_EMAILS = 2


def _fold(text: str) -> str:
    return "".join(text.split()).casefold()


_ROLE_BY_NAME: dict[str, int] = {
    _fold(name): role.id
    for role in CATALOGUE
    for name in (role.name, role.sdk_name, role.v2_name)
    if name is not None
}


def user_resource(call: ScimCall, found: ScimUser) -> dict[str, object]:
    """The full User resource (before ``attributes`` cuts it)."""
    user, profile = found.user, found.user.profile
    emails: list[dict[str, object]] = [{"value": profile.email, "type": "work", "primary": True}]
    if profile.alternate_email:
        emails.append({"value": profile.alternate_email, "type": "other"})
    phones = [
        {"value": getattr(profile, field), "type": kind}
        for field, kind in _PHONE_TYPES.items()
        if getattr(profile, field)
    ]
    resource: dict[str, object] = {
        "schemas": [USER_URN],
        "id": str(user.id),
        "externalId": found.external_id,
        "userName": user.user_name,
        "name": {"givenName": profile.first_name, "familyName": profile.last_name},
        "title": profile.title,
        "timezone": profile.time_zone_id,
        "active": user.status is UserStatus.ACTIVE,
        "emails": emails,
        "phoneNumbers": phones,
        "roles": [{"value": ROLES_BY_ID[role].name} for role in user.roles],
        "groups": [
            {
                "value": group_id(call.alias, role),
                "$ref": call.location("Groups", group_id(call.alias, role)),
                "display": ROLES_BY_ID[role].name,
                "type": "direct",
            }
            for role in user.roles
        ],
        "meta": {
            "resourceType": "User",
            "location": call.location("Users", str(user.id)),
            "version": etag(user.version),
        },
    }
    return {key: value for key, value in resource.items() if value not in (None, [])}


def patchable(document: Mapping[str, object]) -> dict[str, object]:
    """A user's canonical document as PATCH operations see it: a user's only role is its
    primary one, so Entra's ``roles[primary eq "True"].value`` replaces that role instead
    of adding a second one (the flag is read-only and never stored or shown)."""
    roles = elements(document.get("roles") or [])
    if len(roles) != 1:
        return dict(document)
    return {**document, "roles": [{**roles[0], "primary": True}]}


def role_ids(items: list[Mapping[str, object]]) -> tuple[int, ...]:
    """Role ids for ``roles`` values; raises ``InvalidRoles`` naming every unknown one."""
    found: set[int] = set()
    unknown: list[str] = []
    for item in items:
        value = item.get("value")
        text = value if isinstance(value, str) else ""
        role = _ROLE_BY_NAME.get(_fold(text))
        if role is None:
            try:
                role = validate_role_ids([text])[0]
            except InvalidRoles:
                unknown.append(repr(text[:40]))
                continue
        found.add(role)
    if unknown:
        catalogue = "; ".join(f"{role.id} {role.name}" for role in CATALOGUE)
        raise InvalidRoles(f"unknown role(s) {', '.join(unknown)}: the roles are {catalogue}")
    return tuple(sorted(found))


def _emails(items: list[Mapping[str, object]]) -> tuple[str | None, str | None]:
    if len(items) > MAX_EMAILS:
        raise InvalidField("email", "chamberlain keeps two addresses: the work one and one other")
    primary = (
        next((item for item in items if item.get("primary") is True), None)
        or next((item for item in items if str(item.get("type", "")).lower() == "work"), None)
        or (items[0] if items else None)
    )
    other = next((item for item in items if item is not primary), None)
    return _text(primary), _text(other)


def _text(item: Mapping[str, object] | None) -> str | None:
    value = item.get("value") if item is not None else None
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class UserFields:
    """What a canonical User document asks for. ``roles`` and ``active`` are None when
    they stay as they are; so is the external id unless ``sets_external_id``."""

    user_name: str | None
    email: str | None
    first_name: str | None
    last_name: str | None
    optional: dict[str, str | None]
    roles: tuple[int, ...] | None
    active: bool | None
    external_id: str | None
    sets_external_id: bool


# What a PUT may leave out without clearing it: access and the provider's own id.
KEPT_WHEN_ABSENT = frozenset({"roles", "externalId"})


def user_fields(document: Mapping[str, object], *, unchanged: frozenset[str]) -> UserFields:
    """Read a canonical User document: the whole new state, except that the attributes
    named in ``unchanged`` (a PUT's absent ``KEPT_WHEN_ABSENT``) stay as they are, and a
    missing ``active`` never deactivates. Raises ``InvalidRoles`` or ``InvalidField``."""
    name = elements(document.get("name"))
    given = name[0].get("givenName") if name else None
    family = name[0].get("familyName") if name else None
    email, alternate = _emails(elements(document.get("emails") or []))
    phones: dict[str, str | None] = dict.fromkeys(PHONE_FIELDS.values())
    for item in elements(document.get("phoneNumbers") or []):
        field = PHONE_FIELDS.get(str(item.get("type") or "work").lower())
        if field is not None and phones[field] is None:
            phones[field] = _text(item)
    active = document.get("active")
    return UserFields(
        user_name=_string(document.get("userName")),
        email=email,
        first_name=_string(given),
        last_name=_string(family),
        optional={
            "alternate_email": alternate,
            "title": _string(document.get("title")),
            "time_zone_id": _string(document.get("timezone")),
            **phones,
        },
        roles=None if "roles" in unchanged else role_ids(elements(document.get("roles") or [])),
        active=active if isinstance(active, bool) else None,
        external_id=_string(document.get("externalId")),
        sets_external_id="externalId" not in unchanged,
    )


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None
