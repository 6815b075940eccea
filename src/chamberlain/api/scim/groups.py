"""``/Groups``: one group per role of the catalogue, in the token's account.

A group's id is ``<ALIAS>-<role id>``, its ``displayName`` the role's name, its members
the account's users holding the role. Adding a member grants the role and removing one
revokes it, each through ``services.users.update_user`` (one audited change per user).
Groups cannot be created or deleted (501; creating one under a role's name is 409
``uniqueness`` with the existing group's id, so a provider can link to it) and have no
version: an ``If-Match`` naming one fails (412), as no entity tag can match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from chamberlain.api.rest.merge import patch_with_retry
from chamberlain.api.scim.call import Reply, ScimCall
from chamberlain.api.scim.errors import ScimProblem
from chamberlain.api.scim.listing import (
    ListQuery,
    list_response,
    query_from_body,
    query_from_params,
)
from chamberlain.api.scim.user_mapping import group_id
from chamberlain.domain.roles import CATALOGUE, ROLES_BY_ID, Role
from chamberlain.domain.scim.definitions import GROUP_TYPE, GROUP_URN
from chamberlain.domain.scim.document import (
    canonical_document,
    changed_immutables,
    project,
    returned,
)
from chamberlain.domain.scim.filter import compile_filter, elements
from chamberlain.domain.scim.filter_syntax import attribute_names
from chamberlain.domain.scim.patch import apply_patch, read_operations
from chamberlain.domain.users import User, validate_user_update
from chamberlain.errors import (
    InvalidField,
    MutabilityViolation,
    UnsupportedOperation,
    UserNotFound,
    VersionMismatch,
)
from chamberlain.services import scim, users
from chamberlain.services.scim import ScimUser

_ROLE_DIGITS = 3


def _role(call: ScimCall) -> Role:
    """The role of the group the path names; 404 for any other id."""
    wanted = call.target.resource_id or ""
    alias, _, number = wanted.rpartition("-")
    role = None
    if alias.upper() == call.alias and number.isascii() and number.isdigit():
        role = ROLES_BY_ID.get(int(number)) if len(number) <= _ROLE_DIGITS else None
    if role is None:
        raise ScimProblem(404, f"no group has the id {wanted[:40]!r}")
    return role


def _resource(call: ScimCall, role: Role, members: list[User] | None) -> dict[str, object]:
    gid = group_id(call.alias, role.id)
    resource: dict[str, object] = {
        "schemas": [GROUP_URN],
        "id": gid,
        "displayName": role.name,
        "meta": {"resourceType": "Group", "location": call.location("Groups", gid)},
    }
    if members:
        resource["members"] = [
            {
                "value": str(user.id),
                "$ref": call.location("Users", str(user.id)),
                "type": "User",
                "display": user.user_name,
            }
            for user in members
        ]
    return resource


def _shown(resource: dict[str, object], query: ListQuery) -> dict[str, object]:
    attributes, excluded = list(query.attributes), list(query.excluded)
    return project(GROUP_TYPE, resource, attributes=attributes, excluded=excluded)


def _wants_members(query: ListQuery) -> bool:
    attributes, excluded = list(query.attributes), list(query.excluded)
    return returned(GROUP_TYPE, "members", attributes=attributes, excluded=excluded)


def _search(call: ScimCall, query: ListQuery) -> Reply:
    compiled = compile_filter(query.filter, GROUP_TYPE) if query.filter else None
    holders: dict[int, list[User]] | None = None
    if _wants_members(query) or (compiled and "members" in attribute_names(compiled.tree)):
        holders = defaultdict(list)
        for found in scim.users_where(call.rt, call.actor, call.alias, None):
            for role in found.user.roles:
                holders[role].append(found.user)
    resources = [
        _resource(call, role, None if holders is None else holders[role.id]) for role in CATALOGUE
    ]
    matched = [r for r in resources if compiled is None or compiled.matches(r)]
    start = query.start_index - 1
    page = [_shown(r, query) for r in matched[start : start + query.count]]
    return Reply(200, list_response(page, len(matched), query.start_index))


def list_groups(call: ScimCall) -> Reply:
    """``GET /Groups`` (``excludedAttributes=members`` skips reading the members)."""
    return _search(call, query_from_params(call.query))


def search_groups(call: ScimCall) -> Reply:
    """``POST /Groups/.search``."""
    return _search(call, query_from_body(call.json()))


def _members(call: ScimCall, role: Role) -> list[User]:
    return scim.role_holders(call.rt, call.actor, call.alias, role.id)


def get_group(call: ScimCall) -> Reply:
    """``GET /Groups/{id}``."""
    role = _role(call)
    query = query_from_params(call.query)
    members = _members(call, role) if _wants_members(query) else None
    return Reply(200, _shown(_resource(call, role, members), query))


def create_group(call: ScimCall) -> Reply:
    """``POST /Groups``: refused (see module)."""
    name = canonical_document(GROUP_TYPE, call.json()).get("displayName")
    for role in CATALOGUE:
        if isinstance(name, str) and name.strip().casefold() == role.name.casefold():
            gid = group_id(call.alias, role.id)
            raise ScimProblem(409, f"the group {role.name!r} exists: its id is {gid}", "uniqueness")
    raise UnsupportedOperation("groups are chamberlain's roles: no group can be created")


def delete_group(call: ScimCall) -> Reply:
    """``DELETE /Groups/{id}``: refused (see module)."""
    _role(call)
    raise UnsupportedOperation("groups are chamberlain's roles: remove members instead")


def _no_version(call: ScimCall) -> None:
    if call.if_match is not None and call.if_match.strip() != "*":
        raise VersionMismatch("groups have no version: send no If-Match")


def _hold(call: ScimCall, user_id: str, role: Role, *, held: bool) -> None:
    """Grant (``held``) or revoke ``role``; retried when the user changes meanwhile."""

    def write(current: ScimUser, version: int) -> ScimUser:
        roles = set(current.user.roles) | {role.id} if held else set(current.user.roles) - {role.id}
        if tuple(sorted(roles)) == current.user.roles:
            return current
        profile = current.user.profile
        change = validate_user_update(
            user_name=current.user.user_name,
            email=profile.email,
            first_name=profile.first_name,
            last_name=profile.last_name,
            optional={},
            allow_sms=None,
            roles=sorted(roles),
        )
        updated = users.update_user(
            call.rt, call.actor, change, call.alias, expected_version=version
        )
        return ScimUser(updated, current.external_id)

    patch_with_retry(None, lambda: scim.get_user(call.rt, call.actor, call.alias, user_id), write)


def _member_ids(document: Mapping[str, object]) -> set[str]:
    return {str(item.get("value")) for item in elements(document.get("members") or [])}


def _set_members(
    call: ScimCall, role: Role, before: dict[str, object], after: dict[str, object]
) -> None:
    """Grant the role to members ``after`` adds and revoke it from those it drops. Every
    new member is checked before anything is written."""
    changed = changed_immutables(GROUP_TYPE, before, after)
    if changed:
        raise MutabilityViolation(f"{', '.join(changed)} cannot change")
    old, new = _member_ids(before), _member_ids(after)
    for user_id in sorted(new - old):
        try:
            scim.get_user(call.rt, call.actor, call.alias, user_id)
        except UserNotFound:
            raise InvalidField(
                "members", f"no user of this account has the id {user_id[:40]!r}"
            ) from None
    for user_id in sorted(new - old):
        _hold(call, user_id, role, held=True)
    for user_id in sorted(old - new):
        _hold(call, user_id, role, held=False)


def _current(call: ScimCall, role: Role) -> dict[str, object]:
    return canonical_document(GROUP_TYPE, _resource(call, role, _members(call, role)))


def patch_group(call: ScimCall) -> Reply:
    """``PATCH /Groups/{id}``: members change; 204."""
    operations = read_operations(call.json())
    role = _role(call)
    _no_version(call)
    before = _current(call, role)
    _set_members(call, role, before, apply_patch(GROUP_TYPE, before, operations))
    return Reply(204)


def replace_group(call: ScimCall) -> Reply:
    """``PUT /Groups/{id}``: the body's members become the members; 200 with the group."""
    after = canonical_document(GROUP_TYPE, call.json())
    role = _role(call)
    _no_version(call)
    _set_members(call, role, _current(call, role), after)
    query = query_from_params(call.query)
    return Reply(200, _shown(_resource(call, role, _members(call, role)), query))
