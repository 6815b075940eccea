"""``/Users``: list, search, read, create, replace (PUT), patch and delete.

Writes hand ``services.scim.modify_user`` a function that, given the user as it is
inside the service's transaction, builds the new canonical document (the PUT body, or
the current document after the PATCH operations) and says all it asks for (profile,
roles, ``active``, external id): one transaction, merged into the current version, with
``If-Match`` checked there.
"""

from __future__ import annotations

from collections.abc import Callable

from chamberlain.api.scim.call import Reply, ScimCall
from chamberlain.api.scim.listing import (
    ListQuery,
    list_response,
    query_from_body,
    query_from_params,
)
from chamberlain.api.scim.user_mapping import (
    KEPT_WHEN_ABSENT,
    UserFields,
    patchable,
    user_fields,
    user_resource,
)
from chamberlain.api.versions import etag
from chamberlain.domain.scim.definitions import USER_TYPE
from chamberlain.domain.scim.document import canonical_document, changed_immutables, project
from chamberlain.domain.scim.filter import compile_filter
from chamberlain.domain.scim.patch import apply_patch, read_operations
from chamberlain.domain.users import UserUpdate, validate_new_user, validate_user_update
from chamberlain.errors import MutabilityViolation
from chamberlain.services import scim
from chamberlain.services.scim import Lookup, ScimUser, UserChange

_LOOKUPS = {lookup.value: lookup for lookup in Lookup}


def _shown(call: ScimCall, resource: dict[str, object]) -> dict[str, object]:
    query = query_from_params(call.query)
    return project(
        USER_TYPE, resource, attributes=list(query.attributes), excluded=list(query.excluded)
    )


def _one(call: ScimCall, found: ScimUser, status: int = 200) -> Reply:
    headers = {"ETag": etag(found.version)}
    if status == 201:
        headers["Location"] = call.location("Users", str(found.user.id))
    return Reply(status, _shown(call, user_resource(call, found)), headers)


def _search(call: ScimCall, query: ListQuery) -> Reply:
    rt, actor, alias = call.rt, call.actor, call.alias
    offset = query.start_index - 1
    if query.filter is None:
        total, page = scim.users_page(rt, actor, alias, offset=offset, limit=query.count)
    else:
        compiled = compile_filter(query.filter, USER_TYPE)
        equality = compiled.equality()
        lookup = (
            (_LOOKUPS[equality[0]], equality[1]) if equality and equality[0] in _LOOKUPS else None
        )
        matched = scim.users_where(
            rt, actor, alias, lookup, lambda found: compiled.matches(user_resource(call, found))
        )
        total, page = len(matched), matched[offset : offset + query.count]
    attributes, excluded = list(query.attributes), list(query.excluded)
    shown = [
        project(USER_TYPE, user_resource(call, user), attributes=attributes, excluded=excluded)
        for user in page
    ]
    return Reply(200, list_response(shown, total, query.start_index))


def list_users(call: ScimCall) -> Reply:
    """``GET /Users`` with ``filter``, ``startIndex``, ``count`` and attribute choices."""
    return _search(call, query_from_params(call.query))


def search_users(call: ScimCall) -> Reply:
    """``POST /Users/.search`` with a SearchRequest body."""
    return _search(call, query_from_body(call.json()))


def get_user(call: ScimCall) -> Reply:
    """``GET /Users/{id}``: active and suspended users; deleted ones are gone (404)."""
    assert call.target.resource_id is not None
    return _one(call, scim.get_user(call.rt, call.actor, call.alias, call.target.resource_id))


def _change(fields: UserFields, update: UserUpdate | None) -> UserChange:
    return UserChange(
        update=update,
        active=fields.active,
        external_id=fields.external_id,
        sets_external_id=fields.sets_external_id,
    )


def create_user(call: ScimCall) -> Reply:
    """``POST /Users``: 201 with the user, 409 ``uniqueness`` for a name ever used."""
    fields = user_fields(canonical_document(USER_TYPE, call.json()), unchanged=frozenset())
    new = validate_new_user(
        user_name=fields.user_name,
        account_alias=call.alias,
        email=fields.email,
        first_name=fields.first_name,
        last_name=fields.last_name,
        optional=fields.optional,
        allow_sms=None,
        roles=fields.roles or (),
    )
    created = scim.provision_user(
        call.rt, call.actor, new, external_id=fields.external_id, active=fields.active
    )
    return _one(call, created, 201)


def _becoming(
    call: ScimCall,
    current: ScimUser,
    after: dict[str, object],
    *,
    unchanged: frozenset[str] = frozenset(),
) -> UserChange:
    """The change that makes ``current`` what the canonical document ``after`` says
    (``unchanged``: see ``user_fields``)."""
    before = canonical_document(USER_TYPE, user_resource(call, current))
    changed = changed_immutables(USER_TYPE, before, after)
    if changed:
        raise MutabilityViolation(f"{', '.join(changed)} cannot change (send the current value)")
    fields = user_fields(after, unchanged=unchanged)
    update = validate_user_update(
        user_name=current.user.user_name,
        email=fields.email,
        first_name=fields.first_name,
        last_name=fields.last_name,
        optional=fields.optional,
        allow_sms=None,
        roles=fields.roles,
    )
    return _change(fields, update)


def _modify(call: ScimCall, edit: Callable[[ScimUser], UserChange]) -> ScimUser:
    """Write the change ``edit`` makes of the user the path names, in the service's one
    transaction (``If-Match`` checked there)."""
    assert call.target.resource_id is not None
    return scim.modify_user(
        call.rt, call.actor, call.alias, call.target.resource_id, edit,
        expected_version=call.expected_version(),
    )  # fmt: skip


def replace_user(call: ScimCall) -> Reply:
    """``PUT /Users/{id}``: the body is the new user. Left out: ``roles`` and
    ``externalId`` stay, ``active`` stays, other optional attributes are cleared."""
    body = call.json()
    after = canonical_document(USER_TYPE, body)
    assert isinstance(body, dict)  # canonical_document refuses anything else
    sent = {found.name for key in body if (found := USER_TYPE.attribute(str(key))) is not None}
    unchanged = KEPT_WHEN_ABSENT - sent
    return _one(
        call, _modify(call, lambda current: _becoming(call, current, after, unchanged=unchanged))
    )


def patch_user(call: ScimCall) -> Reply:
    """``PATCH /Users/{id}``: 200 with the user after the operations."""
    operations = read_operations(call.json())

    def edit(current: ScimUser) -> UserChange:
        before = patchable(canonical_document(USER_TYPE, user_resource(call, current)))
        after = apply_patch(USER_TYPE, before, operations)
        if "active" not in after:
            # A user is always active or not: removing the attribute has no meaning here.
            raise MutabilityViolation("active cannot be removed: replace it with false instead")
        return _becoming(call, current, after)

    return _one(call, _modify(call, edit))


def delete_user(call: ScimCall) -> Reply:
    """``DELETE /Users/{id}``: the user is deleted (status Deleted); 204."""
    assert call.target.resource_id is not None
    scim.delete_user(
        call.rt, call.actor, call.alias, call.target.resource_id,
        expected_version=call.expected_version(),
    )  # fmt: skip
    return Reply(204)
