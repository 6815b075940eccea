"""API-user lifecycle at the service level, on a fake clock: rotation's grace period, the
sessions it leaves alive and ends, and the audit trail (which never holds a secret)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from chamberlain.db.models import AuditRow
from chamberlain.domain.api_users import ApiUserState
from chamberlain.domain.audit import Actor, Face
from chamberlain.errors import ApiUserNotFound, AuthenticationFailed, InvalidField
from chamberlain.services import v1_sessions
from chamberlain.services.accounts import (
    StatusChange,
    change_account_status,
    create_sub_account,
)
from chamberlain.services.api_users import (
    IssuedCredentials,
    create_api_user,
    delete_api_user,
    list_api_users,
    rotate_api_user,
    set_api_user_enabled,
)
from chamberlain.services.runtime import Runtime
from chamberlain.services.v1_sessions import NewSession
from tests.support.clock import FakeClock

GRACE = timedelta(hours=1)
CHOSEN_PASSWORD = "an operator-chosen password"


def _logon(runtime: Runtime, api_key: str, password: str) -> NewSession | None:
    try:
        return v1_sessions.logon(runtime, api_key=api_key, password=password, source=None)
    except AuthenticationFailed:
        return None


def _alive(runtime: Runtime, session: NewSession) -> bool:
    try:
        v1_sessions.authenticate(runtime, [session.token], face=Face.V1, request_id=None)
    except AuthenticationFailed:
        return False
    return True


def _state(runtime: Runtime, operator: Actor, api_key: str) -> ApiUserState:
    found = {u.api_key: u for u in list_api_users(runtime, operator, None)}
    return found[api_key].state(runtime.clock())


def test_old_key_works_through_the_grace_period_and_not_after(
    runtime: Runtime, clock: FakeClock, root: IssuedCredentials, operator: Actor
) -> None:
    old_key = root.api_user.api_key
    old_session = _logon(runtime, old_key, root.password)
    assert old_session is not None
    new = rotate_api_user(runtime, operator, old_key, GRACE)
    new_key = new.api_user.api_key
    assert new_key != old_key
    assert new.api_user.account_alias == "ROOT"
    assert _logon(runtime, new_key, new.password) is not None  # at once: no gap
    assert _state(runtime, operator, old_key) is ApiUserState.RETIRING

    # Used every 20 minutes, the old session never idles out (30 minutes): only the
    # grace period can end it.
    for minutes in (20, 20, 19):
        clock.advance(minutes=minutes)
        assert _alive(runtime, old_session)
    late_session = _logon(runtime, old_key, root.password)  # at +59 min
    assert late_session is not None
    new_session = _logon(runtime, new_key, new.password)
    assert new_session is not None

    clock.advance(minutes=2)  # +61 min
    assert _logon(runtime, old_key, root.password) is None
    assert not _alive(runtime, old_session)
    assert not _alive(runtime, late_session)
    assert _state(runtime, operator, old_key) is ApiUserState.RETIRED
    assert _alive(runtime, new_session)
    assert _logon(runtime, new_key, new.password) is not None
    assert _state(runtime, operator, new_key) is ApiUserState.ENABLED


def test_rotating_a_retired_key_does_not_bring_it_back(
    runtime: Runtime, clock: FakeClock, root: IssuedCredentials, operator: Actor
) -> None:
    old_key = root.api_user.api_key
    rotate_api_user(runtime, operator, old_key, GRACE)
    clock.advance(hours=2)
    assert _logon(runtime, old_key, root.password) is None

    keys_before = len(list_api_users(runtime, operator, None))
    with pytest.raises(ApiUserNotFound, match="retired"):
        rotate_api_user(runtime, operator, old_key, GRACE)
    assert len(list_api_users(runtime, operator, None)) == keys_before
    assert _logon(runtime, old_key, root.password) is None
    assert _state(runtime, operator, old_key) is ApiUserState.RETIRED


def test_suspending_an_ancestor_account_stops_its_keys_until_enabled(
    runtime: Runtime, root: IssuedCredentials, root_actor: Actor, operator: Actor
) -> None:
    for parent, alias in (("ROOT", "MID"), ("MID", "LEAF")):
        create_sub_account(
            runtime, root_actor, parent_alias=parent, alias=alias, business_name=alias
        )
    leaf = create_api_user(runtime, operator, "LEAF")
    key = leaf.api_user.api_key
    session = _logon(runtime, key, leaf.password)
    assert session is not None

    change_account_status(runtime, root_actor, "MID", StatusChange.SUSPEND)
    assert not _alive(runtime, session)
    assert _logon(runtime, key, leaf.password) is None
    assert _state(runtime, operator, key) is ApiUserState.ACCOUNT_SUSPENDED
    assert _logon(runtime, root.api_user.api_key, root.password) is not None

    change_account_status(runtime, root_actor, "MID", StatusChange.ENABLE)
    assert _logon(runtime, key, leaf.password) is not None
    assert _state(runtime, operator, key) is ApiUserState.ENABLED


def test_a_chosen_password_follows_the_rules(
    runtime: Runtime, root: IssuedCredentials, operator: Actor
) -> None:
    with pytest.raises(InvalidField, match="at least 15"):
        create_api_user(runtime, operator, "ROOT", password="fourteen-chars")
    issued = create_api_user(runtime, operator, "ROOT", password=CHOSEN_PASSWORD)
    assert issued.password == CHOSEN_PASSWORD
    assert _logon(runtime, issued.api_user.api_key, CHOSEN_PASSWORD) is not None


def _audit_rows(runtime: Runtime) -> list[dict[str, Any]]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(AuditRow.__table__).order_by(AuditRow.id))
        return [dict(row._mapping) for row in rows]


def test_every_change_is_audited_without_secrets(
    runtime: Runtime, clock: FakeClock, root: IssuedCredentials, operator: Actor
) -> None:
    issued = create_api_user(runtime, operator, "ROOT", password=CHOSEN_PASSWORD)
    key = issued.api_user.api_key
    rotated = rotate_api_user(runtime, operator, key, GRACE)
    retires_at = (clock() + GRACE).isoformat()
    set_api_user_enabled(runtime, operator, key, enabled=False)
    set_api_user_enabled(runtime, operator, key, enabled=False)  # no change, no record
    set_api_user_enabled(runtime, operator, key, enabled=True)
    delete_api_user(runtime, operator, key)

    rows = [row for row in _audit_rows(runtime) if row["target_kind"] == "api_user"]
    new_key = rotated.api_user.api_key
    assert [(row["action"], row["target_label"], row["changes"]) for row in rows] == [
        ("api_user.create", root.api_user.api_key,
         {"account": [None, "ROOT"], "api_key": [None, root.api_user.api_key],
          "permissions": [None, "all"]}),
        ("api_user.create", key,
         {"account": [None, "ROOT"], "api_key": [None, key], "permissions": [None, "all"]}),
        ("api_user.create", new_key,
         {"account": [None, "ROOT"], "api_key": [None, new_key], "permissions": [None, "all"]}),
        ("api_user.rotate", key,
         {"replaced_by": [None, new_key], "retires_at": [None, retires_at]}),
        ("api_user.disable", key, {"enabled": [True, False]}),
        ("api_user.enable", key, {"enabled": [False, True]}),
        ("api_user.delete", key, {"deleted": [False, True]}),
    ]  # fmt: skip
    assert {(row["actor_kind"], row["face"], row["target_account_path"]) for row in rows} == {
        ("operator", "cli", root.api_user.account_path)
    }
    everything = json.dumps(_audit_rows(runtime), default=str)
    for secret in (CHOSEN_PASSWORD, rotated.password, root.password, "$argon2"):
        assert secret not in everything
