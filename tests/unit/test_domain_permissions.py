"""The role -> permission matrix (spec 6.2) and its generated page, docs/roles.md."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from chamberlain.cli.main import main
from chamberlain.domain.audit import (
    NO_AUTHORITY,
    Actor,
    ActorKind,
    Authority,
    Face,
    operator_actor,
)
from chamberlain.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    check_may_control,
    covers,
    grantable_roles,
    permissions_of,
    require,
)
from chamberlain.domain.roles import CATALOGUE
from chamberlain.domain.scim.tokens import TOKEN_PERMISSIONS, ScimToken
from chamberlain.errors import PermissionDenied

P = Permission
ROLE_IDS = [role.id for role in CATALOGUE]
DOCS_ROLES = Path(__file__).resolve().parents[2] / "docs" / "roles.md"

# Spec 6.2, user-management and account-management rows: which roles hold what.
EXPECTED_HOLDERS: dict[Permission, set[int]] = {
    # Create, change, delete, suspend users; reset passwords; create/delete API users.
    P.USERS_MANAGE: {9, 13},
    P.API_USERS_MANAGE: {9, 13},
    # View users and API users: every role but DNS Manager and Network Manager.
    P.USERS_VIEW: {2, 3, 9, 10, 13, 14, 15},
    P.API_USERS_VIEW: {2, 3, 9, 10, 13, 14, 15},
    # Create/suspend/re-enable sub-accounts and change their settings; view them.
    P.ACCOUNTS_MANAGE: {9, 13},
    P.ACCOUNTS_VIEW: set(ROLE_IDS),
    P.CUSTOM_FIELDS_MANAGE: {9, 13},
}


def test_every_catalogued_role_has_a_set_and_nothing_else_does() -> None:
    assert set(ROLE_PERMISSIONS) == set(ROLE_IDS)
    for role_id in ROLE_IDS:
        assert ROLE_PERMISSIONS[role_id], role_id


def test_account_administrator_holds_every_permission() -> None:
    assert ROLE_PERMISSIONS[9] == frozenset(Permission)


def test_account_viewer_only_views() -> None:
    granted = ROLE_PERMISSIONS[10]
    assert granted
    assert all(permission.value.endswith(":view") for permission in granted), granted
    assert {P.USERS_VIEW, P.API_USERS_VIEW, P.ACCOUNTS_VIEW, P.BILLING_VIEW} <= granted


@pytest.mark.parametrize("role_id", [8, 12])
def test_dns_and_network_managers_see_no_users(role_id: int) -> None:
    granted = ROLE_PERMISSIONS[role_id]
    assert not granted & {P.USERS_VIEW, P.USERS_MANAGE, P.API_USERS_VIEW, P.API_USERS_MANAGE}
    assert P.ACCOUNTS_VIEW in granted


@pytest.mark.parametrize("permission", list(EXPECTED_HOLDERS), ids=str)
def test_spec_rows_name_exactly_the_roles_holding_a_permission(permission: Permission) -> None:
    holders = {role_id for role_id in ROLE_IDS if permission in ROLE_PERMISSIONS[role_id]}
    assert holders == EXPECTED_HOLDERS[permission]


def test_every_manage_permission_implies_its_view() -> None:
    for role_id in ROLE_IDS:
        granted = ROLE_PERMISSIONS[role_id]
        for permission in granted:
            scope, resource, action = permission.value.split(":")
            view = f"{scope}:{resource}:view"
            if action == "manage" and view in {p.value for p in Permission}:
                assert Permission(view) in granted, (role_id, permission)


@pytest.mark.parametrize("pair", list(combinations(ROLE_IDS, 2)), ids=str)
def test_permissions_of_two_roles_is_the_union(pair: tuple[int, int]) -> None:
    first, second = pair
    expected = ROLE_PERMISSIONS[first] | ROLE_PERMISSIONS[second]
    assert permissions_of(pair) == expected
    assert permissions_of(reversed(pair)) == expected
    assert permissions_of([first, second, first]) == expected


def test_permissions_of_edge_cases() -> None:
    assert permissions_of([]) == frozenset()
    assert permissions_of([1, 4, 11, 99]) == frozenset()  # unknown ids grant nothing
    assert permissions_of([1, 8]) == ROLE_PERMISSIONS[8]
    assert permissions_of(iter(ROLE_IDS)) == frozenset(Permission)
    assert isinstance(permissions_of([10]), frozenset)


def test_docs_roles_md_is_the_output_of_roles_matrix() -> None:
    result = CliRunner().invoke(main, ["roles", "matrix"])
    assert result.exit_code == 0, result.output
    assert result.output == DOCS_ROLES.read_text(encoding="utf-8")


def test_the_matrix_page_marks_each_role_permission_pair() -> None:
    lines = DOCS_ROLES.read_text(encoding="utf-8").splitlines()
    for permission in Permission:
        row = next(line for line in lines if line.startswith(f"| `{permission.value}` |"))
        marks = [cell.strip() for cell in row.strip("|").split("|")[1:]]
        expected = ["yes" if permission in ROLE_PERMISSIONS[r] else "" for r in ROLE_IDS]
        assert marks == expected, permission


def _person(*roles: int) -> Actor:
    return Actor(kind=ActorKind.USER, label="p", account_alias="A", tree_path="/1/",
                 face=Face.REST, authority=Authority.of(frozenset(permissions_of(roles))),
                 roles=frozenset(roles))  # fmt: skip


def test_grantable_roles_are_those_whose_every_permission_is_held() -> None:
    assert grantable_roles(_person(9)) == frozenset(ROLE_PERMISSIONS)
    assert grantable_roles(_person(13)) == {10, 13}
    assert grantable_roles(_person(2)) == {2, 14, 15}
    assert grantable_roles(_person(8)) == {8}
    everything = operator_actor("o")
    assert grantable_roles(everything) == frozenset(ROLE_PERMISSIONS)


def test_control_needs_every_permission_of_the_target() -> None:
    check_may_control(_person(13), permissions_of([10]), "a viewer")
    check_may_control(_person(9), None, "a full-power key")  # 9 holds every permission
    with pytest.raises(PermissionDenied, match="a boss holds permissions"):
        check_may_control(_person(13), permissions_of([9]), "a boss")
    with pytest.raises(PermissionDenied):
        check_may_control(_person(13), None, "a full-power key")
    assert covers(None, None)
    assert not covers(frozenset(), None)
    assert covers(frozenset(), frozenset())


def test_authority_is_never_implied() -> None:
    with pytest.raises(TypeError):
        Actor(kind=ActorKind.USER, label="x", account_alias=None, tree_path="/",  # type: ignore[call-arg]
              face=Face.REST)  # fmt: skip
    token = ScimToken(
        id=1, account_alias="A", account_path="/1/", hint="scim_abc", name=None,
        created_by="k", created_at=datetime(2026, 1, 1, tzinfo=UTC), account_active=True,
    )  # fmt: skip
    actor = token.actor(request_id=None)
    assert {p for p in Permission if actor.may(p)} == TOKEN_PERMISSIONS
    assert grantable_roles(actor) == frozenset(ROLE_PERMISSIONS)  # it provisions any role
    with pytest.raises(PermissionDenied):
        require(actor, Permission.ACCOUNTS_MANAGE)
    nobody = Actor(kind=ActorKind.ANONYMOUS, label="-", account_alias=None, tree_path="/",
                   face=Face.PORTAL, authority=NO_AUTHORITY)  # fmt: skip
    assert not any(nobody.may(p) for p in Permission)
    assert grantable_roles(nobody) == frozenset()
