"""``/Groups``: one group per role of the catalogue, in the token's account.

A group's id is ``<ALIAS>-<role id>``, its ``displayName`` the role's name, its members
the account's users holding the role (``domain.scim.groups``). Lists are filtered and
paged before any member is read, and members are read only for the groups shown (or for
all groups when the filter tests ``members``). Adding a member grants the role and
removing one revokes it: one write per request (``services.scim.set_role_members``),
with one audited change per user. Groups cannot be created or deleted (501; creating
one under a role's name is 409 ``uniqueness`` with the existing group's id, so a
provider can link to it) and have no version: an ``If-Match`` naming one fails (412),
as no entity tag can match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from chamberlain.api.scim.call import Reply, ScimCall
from chamberlain.api.scim.errors import ScimProblem
from chamberlain.api.scim.listing import (
    ListQuery,
    list_response,
    query_from_body,
    query_from_params,
)
from chamberlain.domain.roles import CATALOGUE, Role
from chamberlain.domain.scim.definitions import GROUP_TYPE, GROUP_URN
from chamberlain.domain.scim.document import (
    canonical_document,
    changed_immutables,
    project,
    returned,
)
from chamberlain.domain.scim.filter import compile_filter, elements
from chamberlain.domain.scim.filter_syntax import attribute_names
from chamberlain.domain.scim.groups import group_id, refuse_new_group, role_of_group
from chamberlain.domain.scim.patch import apply_patch, read_operations
from chamberlain.errors import MutabilityViolation, UnsupportedOperation, VersionMismatch
from chamberlain.services import scim
from chamberlain.services.scim import Member

Holders = Mapping[int, Sequence[Member]]


def _role(call: ScimCall) -> Role:
    """The role of the group the path names; 404 for any other id."""
    wanted = call.target.resource_id or ""
    role = role_of_group(call.alias, wanted)
    if role is None:
        raise ScimProblem(404, f"no group has the id {wanted[:40]!r}")
    return role


def _resource(call: ScimCall, role: Role, members: Sequence[Member] | None) -> dict[str, object]:
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
                "value": str(member.id),
                "$ref": call.location("Users", str(member.id)),
                "type": "User",
                "display": member.user_name,
            }
            for member in members
        ]
    return resource


def _with_holders(call: ScimCall, role: Role, holders: Holders | None) -> dict[str, object]:
    return _resource(call, role, None if holders is None else holders[role.id])


def _shown(resource: dict[str, object], query: ListQuery) -> dict[str, object]:
    attributes, excluded = list(query.attributes), list(query.excluded)
    return project(GROUP_TYPE, resource, attributes=attributes, excluded=excluded)


def _wants_members(query: ListQuery) -> bool:
    attributes, excluded = list(query.attributes), list(query.excluded)
    return returned(GROUP_TYPE, "members", attributes=attributes, excluded=excluded)


def _holders(call: ScimCall, roles: Sequence[Role]) -> Holders:
    return scim.role_members(call.rt, call.actor, call.alias, [role.id for role in roles])


def _search(call: ScimCall, query: ListQuery) -> Reply:
    compiled = compile_filter(query.filter, GROUP_TYPE) if query.filter else None
    # Members are read before filtering only when the filter tests them.
    holders = (
        _holders(call, CATALOGUE)
        if compiled and "members" in attribute_names(compiled.tree)
        else None
    )
    matched = [
        role
        for role in CATALOGUE
        if compiled is None or compiled.matches(_with_holders(call, role, holders))
    ]
    start = query.start_index - 1
    page = matched[start : start + query.count]
    if holders is None and _wants_members(query):
        holders = _holders(call, page)
    shown = [_shown(_with_holders(call, role, holders), query) for role in page]
    return Reply(200, list_response(shown, len(matched), query.start_index))


def list_groups(call: ScimCall) -> Reply:
    """``GET /Groups`` (``excludedAttributes=members`` skips reading the members)."""
    return _search(call, query_from_params(call.query))


def search_groups(call: ScimCall) -> Reply:
    """``POST /Groups/.search``."""
    return _search(call, query_from_body(call.json()))


def _members(call: ScimCall, role: Role) -> Sequence[Member]:
    return _holders(call, [role])[role.id]


def get_group(call: ScimCall) -> Reply:
    """``GET /Groups/{id}``."""
    role = _role(call)
    query = query_from_params(call.query)
    members = _members(call, role) if _wants_members(query) else None
    return Reply(200, _shown(_resource(call, role, members), query))


def create_group(call: ScimCall) -> Reply:
    """``POST /Groups``: refused (see module)."""
    refuse_new_group(call.alias, canonical_document(GROUP_TYPE, call.json()).get("displayName"))
    raise UnsupportedOperation("groups are chamberlain's roles: no group can be created")


def delete_group(call: ScimCall) -> Reply:
    """``DELETE /Groups/{id}``: refused (see module)."""
    _role(call)
    raise UnsupportedOperation("groups are chamberlain's roles: remove members instead")


def _no_version(call: ScimCall) -> None:
    if call.if_match is not None and call.if_match.strip() != "*":
        raise VersionMismatch("groups have no version: send no If-Match")


def _member_ids(document: Mapping[str, object]) -> set[str]:
    return {str(item.get("value")) for item in elements(document.get("members") or [])}


def _set_members(
    call: ScimCall, role: Role, before: dict[str, object], after: dict[str, object]
) -> None:
    """Grant the role to members ``after`` adds and revoke it from those it drops, in one
    write that checks every new member before anything is written."""
    changed = changed_immutables(GROUP_TYPE, before, after)
    if changed:
        raise MutabilityViolation(f"{', '.join(changed)} cannot change")
    old, new = _member_ids(before), _member_ids(after)
    if new != old:
        scim.set_role_members(
            call.rt, call.actor, call.alias, role.id, add=new - old, remove=old - new
        )


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
