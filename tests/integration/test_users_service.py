"""The user services on a real, migrated database (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from chamberlain.db.models import AuditRow, UserRow
from chamberlain.domain.account_requests import AccountPatch, validate_account_update
from chamberlain.domain.audit import FULL_POWER, Actor, ActorKind
from chamberlain.domain.users import (
    LifecycleAction,
    NewUser,
    UserStatus,
    validate_new_user,
    validate_user_patch,
    validate_user_update,
)
from chamberlain.errors import (
    AccountNotFound,
    FieldRequired,
    UserExists,
    UserNotFound,
    VersionMismatch,
)
from chamberlain.services import accounts, users
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.runtime import Runtime
from tests.conftest import ROOT_ALIAS


def _new(user_name: str, alias: str = ROOT_ALIAS, roles: list[int] | None = None) -> NewUser:
    return validate_new_user(
        user_name=user_name,
        account_alias=alias,
        email=f"{user_name}@example.com",
        first_name="Ada",
        last_name="Lovelace",
        optional={},
        allow_sms=None,
        roles=roles,
    )


def _count(runtime: Runtime, model: type[UserRow] | type[AuditRow]) -> int:
    with runtime.db.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


def test_create_writes_user_roles_and_one_audit_record(runtime: Runtime, root_actor: Actor) -> None:
    before = _count(runtime, AuditRow)
    user = users.create_user(runtime, root_actor, _new("ada", roles=[14, 12]))
    assert user.roles == (12, 14)
    assert user.status is UserStatus.ACTIVE
    assert _count(runtime, AuditRow) == before + 1


def test_user_names_are_unique_in_any_case_and_never_reused(
    runtime: Runtime, root_actor: Actor
) -> None:
    users.create_user(runtime, root_actor, _new("Ada"))
    with pytest.raises(UserExists):
        users.create_user(runtime, root_actor, _new("ADA"))
    users.change_status(runtime, root_actor, "ada", LifecycleAction.DELETE)
    with pytest.raises(UserExists):
        users.create_user(runtime, root_actor, _new("ada"))
    assert _count(runtime, UserRow) == 1


def test_sub_account_api_user_cannot_reach_parent_or_sibling(
    runtime: Runtime, root_actor: Actor, operator: Actor
) -> None:
    create_sub_account(runtime, root_actor, parent_alias=ROOT_ALIAS, alias="AA", business_name="A")
    create_sub_account(runtime, root_actor, parent_alias=ROOT_ALIAS, alias="BB", business_name="B")
    users.create_user(runtime, root_actor, _new("in-root"))
    users.create_user(runtime, root_actor, _new("in-b", alias="BB"))
    a_actor = Actor(
        kind=ActorKind.API_USER, label="k", account_alias="AA", tree_path="/ROOT/AA/",
        face=operator.face, authority=FULL_POWER,
    )  # fmt: skip
    for alias in (ROOT_ALIAS, "BB", "ZZ"):
        with pytest.raises(AccountNotFound):
            users.list_users(runtime, a_actor, alias)
    for name in ("in-root", "in-b", "nobody"):
        with pytest.raises(UserNotFound):
            users.change_status(runtime, a_actor, name, LifecycleAction.SUSPEND)
    assert users.get_user(runtime, root_actor, ROOT_ALIAS, "in-b").status is UserStatus.ACTIVE


def test_update_without_changes_writes_nothing(runtime: Runtime, root_actor: Actor) -> None:
    created = users.create_user(runtime, root_actor, _new("ada", roles=[9]))
    records = _count(runtime, AuditRow)
    same = validate_user_update(
        user_name="ada",
        email="ada@example.com",
        first_name="Ada",
        last_name="Lovelace",
        optional={},
        allow_sms=None,
        roles=None,
    )
    assert users.update_user(runtime, root_actor, change=same).version == created.version
    assert _count(runtime, AuditRow) == records


def test_a_patch_changes_only_what_it_sends_and_checks_the_version_in_its_transaction(
    runtime: Runtime, root_actor: Actor
) -> None:
    made = users.create_user(runtime, root_actor, _new("ada", roles=[10]))
    titled = users.update_user(
        runtime, root_actor, change=validate_user_patch(user_name="ada", sent={"title": "CTO"})
    )
    assert (titled.profile.title, titled.profile.email, titled.roles) == (
        "CTO", "ada@example.com", (10,),
    )  # fmt: skip
    assert titled.version == made.version + 1
    stale = validate_user_patch(user_name="ada", sent={"last_name": "Byron"})
    with pytest.raises(VersionMismatch):
        users.update_user(runtime, root_actor, change=stale, expected_version=made.version)
    cleared = validate_user_patch(user_name="ada", sent={"title": None, "roles": []})
    final = users.update_user(runtime, root_actor, change=cleared, expected_version=titled.version)
    assert (final.profile.title, final.profile.last_name, final.roles) == (None, "Lovelace", ())
    with pytest.raises(FieldRequired):
        validate_user_patch(user_name="ada", sent={"email": None})


def test_an_account_patch_merges_into_the_account_as_it_is(
    runtime: Runtime, root_actor: Actor
) -> None:
    fields = {"business_name": "Acme", "address1": "1 Main St", "address2": "Floor 2",
              "city": "Seattle", "state_province": "WA", "postal_code": "98101",
              "country": "US", "telephone": "+1 206 555 0100", "time_zone": "UTC"}  # fmt: skip
    create_sub_account(runtime, root_actor, parent_alias=ROOT_ALIAS, alias="AC", business_name="A")
    full = validate_account_update({**fields, "account_alias": "AC"}, share_parent_networks=None)
    accounts.update_account(runtime, root_actor, full)
    patch = AccountPatch(sent={"city": "Tacoma", "address2": None})
    patched = accounts.patch_account(runtime, root_actor, "AC", patch)
    assert (patched.contact.city, patched.contact.address2, patched.business_name) == (
        "Tacoma", None, "Acme",
    )  # fmt: skip
    with pytest.raises(VersionMismatch):
        accounts.patch_account(runtime, root_actor, "AC", patch, expected_version=1)
