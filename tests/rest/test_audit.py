"""Every change through REST leaves exactly one ``audit_events`` row: face ``rest``, the
caller, the target, the field diff and the request id; a change that changes nothing (or
is refused) leaves none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from chamberlain.services.runtime import Runtime
from tests.rest.conftest import PersonFactory
from tests.rest.rest import Api, account_body, audit_rows

Step = tuple[str, Callable[[Api], httpx2.Response], str, str, str, dict[str, list[Any]] | None]
# (what, request, action, target kind, target label, exact changes or None: see below)
STEPS: list[Step] = [
    ("create", lambda a: a.create_user("grace", roles=[9], title="Captain"),
     "user.create", "user", "grace", None),
    ("patch title", lambda a: a.patch("/users/grace", json={"title": "Admiral"}, if_match='"1"'),
     "user.update", "user", "grace", {"title": ["Captain", "Admiral"]}),
    ("patch roles", lambda a: a.patch("/users/GRACE", json={"roles": []}),
     "user.update", "user", "grace", {"roles": [[9], []]}),
    ("clear title", lambda a: a.patch("/users/grace", json={"title": None, "allow_sms": True}),
     "user.update", "user", "grace", {"allow_sms": [False, True], "title": ["Admiral", None]}),
    ("suspend", lambda a: a.post("/users/grace/suspend"),
     "user.suspend", "user", "grace", {"status": ["Active", "Disabled"]}),
    ("unsuspend", lambda a: a.post("/users/grace/unsuspend", if_match='"5"'),
     "user.unsuspend", "user", "grace", {"status": ["Disabled", "Active"]}),
    ("delete", lambda a: a.delete("/users/grace", if_match='"6"'),
     "user.delete", "user", "grace", {"status": ["Active", "Deleted"]}),
    ("child account", lambda a: a.post("/accounts/ROOT/accounts", json=account_body(alias="CC")),
     "account.create", "account", "CC", None),
]  # fmt: skip
NO_OPS: list[tuple[str, Callable[[Api], httpx2.Response], int]] = [
    ("same title", lambda a: a.patch("/users/ada", json={"title": "Countess"}), 200),
    ("empty patch", lambda a: a.patch("/users/ada", json={}, if_match='"1"'), 200),
    ("same roles", lambda a: a.patch("/users/ada", json={"roles": [10, 9]}), 200),
    ("same email", lambda a: a.patch("/users/ada", json={"email": "ada@example.com"}), 200),
    ("blank zone", lambda a: a.patch("/users/ada", json={"time_zone_id": None}), 200),
    ("unsuspend active", lambda a: a.post("/users/ada/unsuspend"), 200),
    ("stale", lambda a: a.patch("/users/ada", json={"title": "X"}, if_match='"9"'), 412),
    ("invalid", lambda a: a.patch("/users/ada", json={"email": "bad"}), 422),
    ("duplicate", lambda a: a.create_user("ADA"), 409),
    ("no if-match", lambda a: a.delete("/users/ada"), 428),
    ("unknown", lambda a: a.patch("/users/nobody", json={"title": "X"}), 404),
    ("bad account", lambda a: a.post("/accounts/ROOT/accounts", json={"alias": "X"}), 422),
]  # fmt: skip


def _new_rows(runtime: Runtime, before: int) -> list[Any]:
    return audit_rows(runtime)[before:]


def _assert_one_record(
    runtime: Runtime, before: int, response: httpx2.Response, *, by: Api, kind: str, alias: str
) -> Any:
    rows = _new_rows(runtime, before)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row.face == "rest"
    assert (row.actor_kind, row.actor_label, row.actor_account) == (kind, by.name, alias)
    assert row.request_id == response.headers["x-request-id"]
    return row


def test_every_rest_change_writes_one_record_with_its_diff(
    api: Api, runtime: Runtime, subtests: pytest.Subtests
) -> None:
    for what, send, action, target_kind, target_label, changes in STEPS:
        with subtests.test(msg=what):
            before = len(audit_rows(runtime))
            response = send(api)
            assert response.status_code in (200, 201, 204), response.text
            row = _assert_one_record(
                runtime, before, response, by=api, kind="api_user", alias="ROOT"
            )
            assert (row.action, row.target_kind, row.target_label) == (
                action, target_kind, target_label,
            )  # fmt: skip
            assert row.target_account_path == (
                "/ROOT/CC/" if target_kind == "account" else "/ROOT/"
            )
            if changes is not None:
                assert row.changes == changes
            elif action == "user.create":
                assert row.changes["roles"] == [None, [9]]
                assert row.changes["title"] == [None, "Captain"]
                assert row.changes["email"] == [None, "grace@example.com"]
                assert row.changes["status"] == [None, "Active"]
                assert all(old is None for old, _ in row.changes.values())
            else:
                assert row.changes["alias"] == [None, "CC"]
                assert row.changes["business_name"] == [None, "Acme Widgets"]
                assert row.changes["parent_alias"] == [None, "ROOT"]


def test_a_person_is_the_actor_of_its_changes(
    api: Api, person: PersonFactory, runtime: Runtime
) -> None:
    admin = person("admin", (9,))
    before = len(audit_rows(runtime))
    response = admin.create_user("newbie", roles=[9])
    assert response.status_code == 201, response.text
    row = _assert_one_record(runtime, before, response, by=admin, kind="user", alias="ROOT")
    assert (row.action, row.target_label) == ("user.create", "newbie")
    before += 1
    response = admin.patch("/users/newbie", json={"office_number": "+1 5"})
    row = _assert_one_record(runtime, before, response, by=admin, kind="user", alias="ROOT")
    assert row.changes == {"office_number": [None, "+1 5"]}


def test_changes_that_change_nothing_or_are_refused_write_no_record(
    api: Api, runtime: Runtime, subtests: pytest.Subtests
) -> None:
    created = api.made_user("ada", title="Countess", roles=[9, 10])
    for what, send, status in NO_OPS:
        with subtests.test(msg=what):
            before = len(audit_rows(runtime))
            response = send(api)
            assert response.status_code == status, response.text
            assert _new_rows(runtime, before) == []
            current = api.get("/users/ada")
            assert (current.json(), current.headers["etag"]) == (created, '"1"')
