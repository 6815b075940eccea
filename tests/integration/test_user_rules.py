"""The user services' rules, pinned at the service level (every face reaches them through
these calls): no escalation, nobody acts on their own status or roles, bulk imports go
through the same steps, and the lookup budget."""

from __future__ import annotations

import pytest

from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.users import LifecycleAction, NewUser, validate_new_user
from chamberlain.errors import AccessDenied, PermissionDenied, TooManyLookups, UserExists
from chamberlain.services import api_users, bulk, users
from chamberlain.services.lookups import LOOKUP_FREE
from chamberlain.services.person_auth import person_actor
from chamberlain.services.runtime import Runtime
from chamberlain.services.user_links import request_invitation
from tests.conftest import ROOT_ALIAS


def _new(name: str, roles: list[int], alias: str = ROOT_ALIAS) -> NewUser:
    return validate_new_user(
        user_name=name, account_alias=alias, email=f"{name}@example.com", first_name="A",
        last_name="B", optional={}, allow_sms=None, roles=roles,
    )  # fmt: skip


def _person(runtime: Runtime, operator: Actor, name: str, roles: list[int]) -> Actor:
    return person_actor(users.create_user(runtime, operator, _new(name, roles)), Face.REST, None)


@pytest.mark.usefixtures("root")
def test_a_security_manager_controls_only_users_it_could_have_made(
    runtime: Runtime, operator: Actor
) -> None:
    security = _person(runtime, operator, "sec", [13])
    users.create_user(runtime, operator, _new("boss", [9]))
    users.create_user(runtime, operator, _new("peer", [13, 10]))
    for attempt in (
        lambda: users.change_status(runtime, security, "boss", LifecycleAction.SUSPEND),
        lambda: request_invitation(runtime, security, "boss"),
        lambda: users.create_user(runtime, security, _new("new-boss", [9])),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert users.change_status(runtime, security, "peer", LifecycleAction.SUSPEND).status.value
    with pytest.raises(AccessDenied):
        users.change_status(runtime, security, "sec", LifecycleAction.SUSPEND)


@pytest.mark.usefixtures("root")
def test_an_api_user_holds_its_makers_permissions_and_no_more(
    runtime: Runtime, operator: Actor
) -> None:
    security = _person(runtime, operator, "sec", [13])
    minted = api_users.create_api_user(runtime, security, ROOT_ALIAS).api_user
    assert minted.permissions == security.permissions
    as_key = minted.actor(Face.V1)
    with pytest.raises(PermissionDenied):
        users.create_user(runtime, as_key, _new("boss", [9]))
    with pytest.raises(PermissionDenied):
        api_users.create_api_user(runtime, security, ROOT_ALIAS, roles=[9])


@pytest.mark.usefixtures("root")
def test_a_bulk_upsert_keeps_every_rule_of_the_single_calls(
    runtime: Runtime, operator: Actor
) -> None:
    security = _person(runtime, operator, "sec", [13])
    users.create_user(runtime, operator, _new("boss", [9]))
    item: dict[str, object] = {
        "user_name": "boss", "email": "attacker@evil.example", "first_name": "A",
        "last_name": "B", "optional": {}, "allow_sms": None, "roles": [9],
    }  # fmt: skip
    [result] = bulk.import_users(runtime, security, ROOT_ALIAS, [item], upsert=True)
    assert (result.outcome, result.code) == (bulk.Outcome.ERROR, "permission_denied")
    assert users.get_user(runtime, operator, None, "boss").profile.email == "boss@example.com"


@pytest.mark.usefixtures("tree")
def test_answers_about_other_tenants_names_are_budgeted_per_caller(
    runtime: Runtime, operator: Actor
) -> None:
    for number in range(LOOKUP_FREE + 1):
        users.create_user(runtime, operator, _new(f"b{number}", [], alias="BB"))
    child = api_users.create_api_user(runtime, operator, "AA").api_user.actor(Face.REST)
    for number in range(LOOKUP_FREE):
        with pytest.raises(UserExists):
            users.create_user(runtime, child, _new(f"b{number}", [], alias="AA"))
    with pytest.raises(TooManyLookups):
        users.create_user(runtime, child, _new(f"b{LOOKUP_FREE}", [], alias="AA"))
    other = api_users.create_api_user(runtime, operator, "AA").api_user.actor(Face.REST)
    with pytest.raises(UserExists):  # the budget is the caller's, not the account's
        users.create_user(runtime, other, _new("b0", [], alias="AA"))
