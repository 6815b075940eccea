"""Field-level audit diffs (domain/audit.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from chamberlain.domain.audit import AuditAction, Face, diff


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {}, {}),
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"a": 2}, {"a": [1, 2]}),
        ({"a": 1}, {}, {"a": [1, None]}),
        ({}, {"a": 1}, {"a": [None, 1]}),
        ({"a": None}, {}, {}),
        ({"roles": [2, 9]}, {"roles": [2, 9]}, {}),
        ({"roles": [2, 9]}, {"roles": []}, {"roles": [[2, 9], []]}),
        ({"title": "CTO"}, {"title": None}, {"title": ["CTO", None]}),
        ({"allow_sms": False}, {"allow_sms": True}, {"allow_sms": [False, True]}),
        ({"status": "Active"}, {"status": "Disabled"}, {"status": ["Active", "Disabled"]}),
    ],
)
def test_diff(
    before: Mapping[str, object], after: Mapping[str, object], expected: dict[str, list[object]]
) -> None:
    assert diff(before, after) == expected


def test_diff_keys_are_sorted_and_unchanged_fields_left_out() -> None:
    before = {"z": 1, "m": "same", "a": 1, "b": None}
    after = {"z": 2, "m": "same", "a": 3, "c": "new"}
    result = diff(before, after)
    assert list(result) == ["a", "c", "z"]
    assert result == {"a": [1, 3], "c": [None, "new"], "z": [1, 2]}


def test_diff_does_not_mutate_inputs() -> None:
    before = {"a": 1}
    after = {"a": 2}
    diff(before, after)
    assert before == {"a": 1}
    assert after == {"a": 2}


def test_audit_vocabulary() -> None:
    assert AuditAction.USER_SUSPEND.value == "user.suspend"
    assert {face.value for face in Face} == {"v1", "v2", "rest", "cli", "scim", "portal"}
    assert AuditAction.USER_INVITE.value == "user.invite"
