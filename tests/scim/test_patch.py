"""The PATCH engine and document canonicalisation: examples, then properties."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chamberlain.domain.scim import patch as patch_engine
from chamberlain.domain.scim.definitions import GROUP_TYPE, USER_TYPE
from chamberlain.domain.scim.document import (
    MAX_VALUES,
    canonical_document,
    changed_immutables,
    project,
    returned,
)
from chamberlain.domain.scim.patch import Operation, PatchOp, apply_patch, read_operations
from chamberlain.errors import (
    ChamberlainError,
    InvalidField,
    InvalidFilter,
    InvalidPath,
    InvalidRequest,
    MutabilityViolation,
    NoTarget,
)

URN = "urn:ietf:params:scim:schemas:core:2.0:User"
BASE: dict[str, Any] = {
    "userName": "jdoe",
    "name": {"givenName": "Jane", "familyName": "Doe"},
    "active": True,
    "emails": [{"value": "jane@work.example", "type": "work", "primary": True}],
}


def patched(*operations: dict[str, Any], document: dict[str, Any] | None = None) -> dict[str, Any]:
    return apply_patch(
        USER_TYPE, document or BASE, read_operations({"Operations": list(operations)})
    )


def test_operation_names_and_members_in_any_case() -> None:
    assert patched({"OP": "Replace", "Path": "title", "Value": "Boss"})["title"] == "Boss"
    assert patched({"op": "ADD", "path": "TITLE", "value": "Boss"})["title"] == "Boss"


def test_path_less_replace_with_an_object() -> None:
    # Okta deactivates like this; Entra writes dotted and schema-qualified keys, and
    # attributes chamberlain does not keep (displayName) or may not be written (id).
    result = patched(
        {"op": "replace", "value": {"active": False}},
        {"op": "Replace", "value": {"name.givenName": "Janet", f"{URN}:title": "Boss",
                                    "displayName": "x", "id": "99", "not a path!": 1}},
    )  # fmt: skip
    assert result["active"] is False
    assert result["name"] == {"givenName": "Janet", "familyName": "Doe"}
    assert result["title"] == "Boss"
    assert "displayName" not in result
    assert "id" not in result


def test_string_booleans() -> None:
    assert patched({"op": "replace", "path": "active", "value": "False"})["active"] is False
    assert patched({"op": "replace", "path": "active", "value": "TRUE"})["active"] is True
    with pytest.raises(InvalidField):
        patched({"op": "replace", "path": "active", "value": "no"})


def test_complex_replace_keeps_other_sub_attributes() -> None:
    result = patched({"op": "replace", "path": "name", "value": {"givenName": "Janet"}})
    assert result["name"] == {"givenName": "Janet", "familyName": "Doe"}


def test_value_filter_paths() -> None:
    result = patched(
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "new@work.example"},
        {"op": "add", "path": 'emails[type eq "other"].value', "value": "me@home.example"},
    )
    assert result["emails"] == [
        {"value": "new@work.example", "type": "work", "primary": True},
        {"type": "other", "value": "me@home.example"},
    ]
    removed = patched({"op": "remove", "path": 'emails[type eq "work"]'}, document=result)
    assert removed["emails"] == [{"type": "other", "value": "me@home.example"}]
    dropped = patched({"op": "remove", "path": 'emails[type eq "work"].primary'}, document=result)
    assert dropped["emails"][0] == {"value": "new@work.example", "type": "work"}


def test_a_filter_matching_nothing() -> None:
    with pytest.raises(NoTarget):
        patched({"op": "replace", "path": 'emails[value co "zzz"].type', "value": "work"})
    with pytest.raises(NoTarget):
        patched({"op": "replace", "path": 'emails[type eq "a" or type eq "b"].value', "value": "x"})
    with pytest.raises(InvalidFilter):
        patched({"op": "replace", "path": "emails[nope eq 1].value", "value": "x"})


def test_remove_with_values_removes_those_values() -> None:
    group = {"displayName": "DNS Manager", "members": [{"value": "1"}, {"value": "2"}]}
    result = apply_patch(
        GROUP_TYPE, group,
        read_operations({"Operations": [
            {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": "1"}]}
        ]}),
    )  # fmt: skip
    assert result["members"] == [{"value": "2"}]
    everyone = apply_patch(GROUP_TYPE, group, [Operation(PatchOp.REMOVE, "members", None)])
    assert "members" not in everyone


def test_add_appends_and_does_not_repeat() -> None:
    group = {"displayName": "DNS Manager", "members": [{"value": "1"}]}
    operation = Operation(PatchOp.ADD, "members", [{"value": "1"}, {"value": "2"}])
    assert apply_patch(GROUP_TYPE, group, [operation])["members"] == [
        {"value": "1"},
        {"value": "2"},
    ]


def test_one_primary_value() -> None:
    result = patched(
        {"op": "add", "path": "emails", "value": [{"value": "b@x.example", "primary": True}]}
    )
    assert [item.get("primary") for item in result["emails"]] == [False, True]


def test_sub_attributes_of_multi_valued_attributes() -> None:
    result = patched({"op": "replace", "path": "phoneNumbers.type", "value": "mobile"})
    assert result["phoneNumbers"] == [{"type": "mobile"}]
    result = patched({"op": "remove", "path": "emails.primary"})
    assert result["emails"] == [{"value": "jane@work.example", "type": "work"}]


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        ({"op": "remove"}, NoTarget),
        ({"op": "replace", "value": "x"}, InvalidField),
        ({"op": "move", "path": "title"}, InvalidRequest),
        ({"op": "add", "path": 5, "value": "x"}, InvalidPath),
        ({"op": "add", "path": "title[", "value": "x"}, InvalidPath),
        ({"op": "add", "path": "title[value pr]", "value": "x"}, InvalidPath),
        ({"op": "add", "path": 'name.givenName[value eq "x"]', "value": "x"}, InvalidPath),
        ({"op": "add", "path": "groups", "value": [{"value": "ROOT-9"}]}, MutabilityViolation),
        ({"op": "replace", "path": "id", "value": "7"}, MutabilityViolation),
        ({"op": "replace", "path": "title", "value": 5}, InvalidField),
        ({"op": "replace", "path": "name", "value": "x"}, InvalidField),
        ({"op": "replace", "path": "emails", "value": ["x"]}, InvalidField),
    ],
)
def test_refused_operations(operation: dict[str, Any], error: type[ChamberlainError]) -> None:
    with pytest.raises(error):
        patched(operation)


@pytest.mark.parametrize(
    "body",
    [None, [], {}, {"Operations": []}, {"Operations": {}}, {"Operations": [1]},
     {"Operations": [{"op": "add"}] * 101}],
)  # fmt: skip
def test_refused_bodies(body: object) -> None:
    with pytest.raises(InvalidRequest):
        read_operations(body)


def test_unknown_attributes_are_ignored() -> None:
    result = patched(
        {"op": "add", "path": "nickName", "value": "JD"},
        {"op": "add", "path": "name.formatted", "value": "Jane Doe"},
        {
            "op": "remove",
            "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        },
    )
    assert result == BASE


def test_canonical_documents() -> None:
    document = canonical_document(
        USER_TYPE,
        {"schemas": [URN], "USERNAME": "jdoe", "Active": "false", "id": "5", "meta": {},
         "groups": [{"value": "x"}], "password": "secret", "emails": {"value": "a@b.example"},
         "title": "", "phoneNumbers": [None, {}], "name": {"GIVENNAME": "J", "formatted": "x"}},
    )  # fmt: skip
    assert document == {
        "userName": "jdoe", "active": False, "emails": [{"value": "a@b.example"}],
        "name": {"givenName": "J"},
    }  # fmt: skip
    with pytest.raises(InvalidRequest):
        canonical_document(USER_TYPE, {"userName": "a", "username": None})
    with pytest.raises(InvalidRequest):
        canonical_document(USER_TYPE, ["not", "an", "object"])


def test_changed_immutables() -> None:
    assert changed_immutables(USER_TYPE, BASE, {**BASE, "userName": "JDOE"}) == []
    assert changed_immutables(USER_TYPE, BASE, {**BASE, "userName": "other"}) == ["userName"]
    assert changed_immutables(USER_TYPE, BASE, {"name": BASE["name"]}) == ["userName"]
    assert changed_immutables(USER_TYPE, {}, BASE) == []


def test_projection() -> None:
    full = {"schemas": [URN], "id": "1", **BASE, "meta": {"version": '"1"'}}
    chosen = ["name.familyName", f"{URN}:active"]
    assert project(USER_TYPE, full, attributes=chosen, excluded=[]) == {
        "schemas": [URN], "id": "1", "name": {"familyName": "Doe"}, "active": True,
    }  # fmt: skip
    assert project(USER_TYPE, full, attributes=[], excluded=["emails.type", "meta", "id", "x"]) == {
        "schemas": [URN], "id": "1", "userName": "jdoe", "name": BASE["name"], "active": True,
        "emails": [{"value": "jane@work.example", "primary": True}],
    }  # fmt: skip
    assert returned(GROUP_TYPE, "members", attributes=[], excluded=["MEMBERS"]) is False
    assert returned(GROUP_TYPE, "members", attributes=["members.value"], excluded=[]) is True
    assert returned(GROUP_TYPE, "members", attributes=["displayName"], excluded=[]) is False


# --- properties -------------------------------------------------------------------------

SIMPLE = ["title", "timezone", "externalId"]
values = st.text(min_size=1, max_size=12).filter(str.strip)
documents = st.fixed_dictionaries(
    {"userName": values},
    optional=dict.fromkeys(SIMPLE, values) | {"active": st.booleans()},
)


@given(documents, st.sampled_from(SIMPLE), values, st.sampled_from(["add", "replace"]))
def test_set_then_read(document: dict[str, Any], name: str, value: str, op: str) -> None:
    result = apply_patch(USER_TYPE, document, [Operation(PatchOp(op), name, value)])
    assert result[name] == value
    assert {k: v for k, v in result.items() if k != name} == {
        k: v for k, v in document.items() if k != name
    }


@given(documents, st.sampled_from(SIMPLE))
def test_remove_is_idempotent(document: dict[str, Any], name: str) -> None:
    once = apply_patch(USER_TYPE, document, [Operation(PatchOp.REMOVE, name, None)])
    assert name not in once
    assert apply_patch(USER_TYPE, once, [Operation(PatchOp.REMOVE, name, None)]) == once


@given(documents, st.dictionaries(st.sampled_from([*SIMPLE, "active"]), values | st.booleans()))
def test_path_less_replace_is_one_replace_per_key(
    document: dict[str, Any], value: dict[str, Any]
) -> None:
    def one_by_one() -> dict[str, Any]:
        ops = [Operation(PatchOp.REPLACE, key, item) for key, item in value.items()]
        return apply_patch(USER_TYPE, document, ops)

    try:
        expected = one_by_one()
    except InvalidField:
        with pytest.raises(InvalidField):
            apply_patch(USER_TYPE, document, [Operation(PatchOp.REPLACE, None, value)])
        return
    assert apply_patch(USER_TYPE, document, [Operation(PatchOp.REPLACE, None, value)]) == expected


@given(documents, st.sampled_from(SIMPLE), values, st.sampled_from(["add", "replace", "remove"]),
       st.data())  # fmt: skip
def test_operation_names_ignore_case(
    document: dict[str, Any], name: str, value: str, op: str, data: st.DataObject
) -> None:
    spelled = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in op)
    body = {"Operations": [{"op": spelled, "path": name, "value": value}]}
    plain = {"Operations": [{"op": op, "path": name, "value": value}]}
    assert apply_patch(USER_TYPE, document, read_operations(body)) == apply_patch(
        USER_TYPE, document, read_operations(plain)
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
paths = st.sampled_from([
    "title", "emails", "emails.value", 'emails[type eq "work"]', 'emails[type eq "work"].value',
    "name", "name.givenName", "roles", "phoneNumbers[type eq \"fax\"].value", "active", "id",
    "userName", "externalId", "members", "x[", "]", "", "urn:a:b:c", 'emails[value sw "j"]',
])  # fmt: skip
operations = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "remove", "replace", "Replace", "copy"])},
    optional={"path": paths | st.text(max_size=10), "value": json_values},
)


@given(st.lists(operations, min_size=1, max_size=4))
def test_any_operations_apply_or_fail_as_domain_errors(listed: list[dict[str, Any]]) -> None:
    before = copy.deepcopy(BASE)
    try:
        result = apply_patch(USER_TYPE, BASE, read_operations({"Operations": listed}))
    except ChamberlainError:
        result = None
    assert before == BASE  # the input is never changed
    if result is not None:
        assert canonical_document(USER_TYPE, result) == result  # still canonical


def test_adding_values_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted, not timed: adding n values onto m compares each value once, not n * m times.
    calls = 0
    identity = patch_engine._identity

    def counted(item: Mapping[str, object]) -> object:
        nonlocal calls
        calls += 1
        return identity(item)

    monkeypatch.setattr(patch_engine, "_identity", counted)
    group = {"displayName": "x", "members": [{"value": str(n)} for n in range(1000)]}
    added = [{"value": str(n), "display": f"u{n}"} for n in range(500, 1500)]
    operation = {"op": "add", "path": "members", "value": added}
    members = apply_patch(GROUP_TYPE, group, read_operations({"Operations": [operation]}))[
        "members"
    ]
    assert isinstance(members, list)
    assert [item["value"] for item in members] == [str(n) for n in range(1500)]
    assert members[500] == {"value": "500"}  # display is read-only: dropped
    assert calls <= 3 * 2000


def test_values_per_request_are_capped() -> None:
    many = [{"value": str(n)} for n in range(MAX_VALUES + 1)]
    with pytest.raises(InvalidField, match="members"):
        canonical_document(GROUP_TYPE, {"displayName": "x", "members": many})
    half = many[: MAX_VALUES // 2 + 1]
    spread = [{"op": "add", "path": "members", "value": half},
              {"op": "replace", "value": {"members": half}}]  # fmt: skip
    with pytest.raises(InvalidField, match=str(MAX_VALUES)):
        read_operations({"Operations": spread})
    assert len(read_operations({"Operations": spread[:1]})) == 1


def test_roles_take_entra_sub_attributes() -> None:
    # Entra selects the role to replace by primary; display, type and primary are
    # read-only: accepted in values and ignored.
    document = {**BASE, "roles": [{"value": "DNS Manager", "primary": True}]}
    replaced = patched(
        {"op": "Replace", "path": 'roles[primary eq "True"].value', "value": "9"},
        document=document,
    )
    assert replaced["roles"] == [{"value": "9", "primary": True}]
    added = patched({"op": "Add", "path": 'roles[primary eq "True"].value', "value": "8"})
    assert added["roles"] == [{"primary": True, "value": "8"}]
    entra = {"value": "8", "primary": "False", "type": "WindowsAzureActiveDirectoryRole",
             "display": "DNS"}  # fmt: skip
    assert canonical_document(USER_TYPE, {"roles": [entra]})["roles"] == [{"value": "8"}]
    with pytest.raises(MutabilityViolation):
        patched({"op": "add", "path": "roles.display", "value": "x"})
