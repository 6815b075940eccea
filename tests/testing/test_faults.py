"""Fault switches and targets on their own (no server)."""

from __future__ import annotations

from typing import Any

import pytest

from chamberlain.testing import Faults
from chamberlain.testing.faults import Target


@pytest.mark.parametrize(
    "path",
    ["/REST/User/CreateUser/JSON", "/REST//user/createuser", "/rest/USER/CreateUser/xml/"],
)
def test_a_v1_target_matches_every_spelling_of_its_method(path: str) -> None:
    assert Target.parse("User/CreateUser").matches("POST", path)


def test_a_v1_target_matches_nothing_else() -> None:
    target = Target.parse("user/createuser")
    assert not target.matches("POST", "/REST/User/GetUsers/JSON")
    assert not target.matches("POST", "/REST/User/CreateUser/YAML")
    assert not target.matches("POST", "/api/accounts/ROOT/users")


def test_a_path_target_is_a_pattern_with_an_optional_verb() -> None:
    any_verb = Target.parse("/api/accounts/*/users")
    assert any_verb.matches("GET", "/api/accounts/ROOT/users")
    assert any_verb.matches("POST", "/api/accounts/AB/users")
    assert not any_verb.matches("GET", "/api/accounts/ROOT")
    post_only = Target.parse("post /api/auth/token")
    assert post_only.matches("POST", "/api/auth/token")
    assert not post_only.matches("GET", "/api/auth/token")


@pytest.mark.parametrize("text", ["User/NoSuchMethod", "GET User/GetUsers", "users", ""])
def test_targets_that_name_nothing_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="neither a v1 method"):
        Target.parse(text)


def test_failures_queue_up_and_are_used_once() -> None:
    faults = Faults()
    faults.fail_next(2, status=500)
    faults.fail_next(status=429, retry_after=7)
    assert faults.failures_left == 3
    taken = [faults.take_failure("GET", "/healthz") for _ in range(4)]
    assert [(f.status, f.retry_after) if f else None for f in taken] == [
        (500, None),
        (500, None),
        (429, 7),
        None,
    ]
    assert faults.failures_left == 0


def test_a_targeted_failure_waits_for_its_request() -> None:
    faults = Faults()
    faults.fail_next(target="Account/GetAccounts")
    faults.fail_next(status=500)
    first = faults.take_failure("POST", "/api/auth/token")
    assert first is not None
    assert first.status == 500
    assert faults.take_failure("POST", "/REST/User/GetUsers/JSON") is None
    targeted = faults.take_failure("POST", "/REST/Account/GetAccounts/JSON")
    assert targeted is not None
    assert (targeted.status, targeted.retry_after) == (503, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": 404}, "status must be one of"),
        ({"n": -1}, "must not be negative"),
        ({"retry_after": -1}, "must not be negative"),
        ({"target": "Nope/Nope"}, "neither a v1 method"),
    ],
)
def test_unusable_failures_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Faults().fail_next(**kwargs)


def test_logon_refusals_apply_to_log_ons_only() -> None:
    faults = Faults()
    faults.fail_logon(3)
    assert not faults.take_logon_refusal("POST", "/REST/User/GetUsers/JSON")
    assert not faults.take_logon_refusal("GET", "/api/auth/token")
    assert faults.take_logon_refusal("POST", "/REST//Auth/logon")
    assert faults.take_logon_refusal("POST", "/api/auth/token")
    assert faults.take_logon_refusal("POST", "/v2/authentication/login/")
    assert faults.logon_failures_left == 0
    assert not faults.take_logon_refusal("POST", "/REST/Auth/Logon/")
    with pytest.raises(ValueError, match="must not be negative"):
        faults.fail_logon(-1)


def test_the_newest_slow_rule_for_a_request_wins_and_zero_ends_a_rule() -> None:
    faults = Faults()
    faults.slow("/api/*", 100)
    faults.slow("GET /api/me", 250)
    assert faults.delay_for("GET", "/api/me") == 0.25
    assert faults.delay_for("POST", "/api/me") == 0.1
    assert faults.delay_for("POST", "/REST/User/GetUsers/JSON") == 0.0
    faults.slow("GET /api/me", 0)
    assert faults.delay_for("GET", "/api/me") == 0.1
    with pytest.raises(ValueError, match="must not be negative"):
        faults.slow("/api/*", -5)


def test_reset_turns_every_switch_off() -> None:
    faults = Faults()
    faults.fail_next(3)
    faults.fail_logon(2)
    faults.slow("/api/*", 100)
    faults.reset()
    assert (faults.failures_left, faults.logon_failures_left) == (0, 0)
    assert faults.delay_for("GET", "/api/me") == 0.0
    assert faults.take_failure("GET", "/api/me") is None
