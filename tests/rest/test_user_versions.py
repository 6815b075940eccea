"""ETags and preconditions on ``/api/users/{name}``: PATCH, DELETE, suspend, unsuspend.

A write with ``If-Match`` naming a version that is not current gets 412 and changes
nothing; PATCH without it still succeeds (last writer wins); DELETE requires it (428).
problems.py maps ``InvalidRequest`` (a malformed ``If-Match``) to 422.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rest.rest import Api, problem

NAME = "grace"
# Each names a version other than the current one ({old}: the one before, {new}: the next),
# or is weak: If-Match compares strongly, so a weak tag never matches (RFC 9110, 13.1.1).
# The weak current tag comes last: a server that takes it makes the change.
STALE = ['"{old}"', '"0"', '"{new}"', '"0000000000{old}"', 'W/"{old}"']
WEAK_CURRENT = 'W/"{cur}"'
MALFORMED = ["2", "abc", '"two"', '"-2"', '""', '"2', "W/2", '"1234567890123"']
INVALID_PATCHES: list[tuple[dict[str, Any], str | None]] = [
    ({"first_name": ""}, "field_required"),  # required fields cannot be blanked ...
    ({"last_name": " "}, "field_required"),
    ({"email": None}, None),  # ... nor nulled (silently keeping them is no answer)
    ({"email": "nope"}, "invalid_email"),
    ({"roles": [4]}, "invalid_roles"),
    ({"status": "Active"}, "invalid_request"),
    ({"user_name": "renamed"}, "invalid_request"),
    ({"account_alias": "BB"}, "invalid_request"),
    ({"version": 9}, "invalid_request"),
    ({"title": "x" * 101}, "invalid_field"),
    ({"roles": "9"}, "invalid_request"),
]
WRITES: list[tuple[str, str, Any]] = [
    ("PATCH", f"/users/{NAME}", {"title": "Commodore"}),
    ("POST", f"/users/{NAME}/suspend", None),
    ("DELETE", f"/users/{NAME}", None),  # last: it cannot be undone
]


@pytest.fixture
def user(api: Api) -> dict[str, Any]:
    """``grace`` at version 2 (created, then given a title)."""
    api.made_user(NAME, title="Captain", alternate_email="g@example.org", roles=[9, 10])
    response = api.patch(f"/users/{NAME}", json={"title": "Rear Admiral"}, if_match='"1"')
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _current(api: Api) -> dict[str, Any]:
    response = api.get(f"/users/{NAME}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    return body


def test_get_and_patch_with_the_current_etag(api: Api, user: dict[str, Any]) -> None:
    assert user["version"] == 2
    assert api.get(f"/users/{NAME}").headers["etag"] == '"2"'
    response = api.patch(f"/users/{NAME}", json={"first_name": "Amazing"}, if_match='"2"')
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"3"'
    assert response.json() == user | {"first_name": "Amazing", "version": 3}
    assert _current(api) == response.json()
    for version, if_match in ((4, "*"), (5, ' "4" ')):  # any version; blanks around a tag
        response = api.patch(f"/users/{NAME}", json={"title": f"T{version}"}, if_match=if_match)
        assert (response.status_code, response.headers["etag"]) == (200, f'"{version}"')
    assert _current(api)["title"] == "T5"


def test_a_stale_etag_is_412_and_a_malformed_one_422_and_neither_changes_anything(
    api: Api, user: dict[str, Any], subtests: pytest.Subtests
) -> None:
    tags = [(stale, 412, "version_mismatch") for stale in STALE]
    tags += [(malformed, 422, "invalid_request") for malformed in MALFORMED]
    tags += [(WEAK_CURRENT, 412, "version_mismatch")]
    for method, path, body in WRITES:
        for if_match, status, code in tags:
            with subtests.test(msg=f"{method} If-Match: {if_match}"):
                before = _current(api)  # an earlier subtest may have failed and changed it
                version = before["version"]
                sent = if_match.format(old=version - 1, cur=version, new=version + 1)
                problem(api.call(method, path, json=body, if_match=sent), status, code)
                assert _current(api) == before


def test_patch_without_if_match_succeeds_last_writer_wins(api: Api, user: dict[str, Any]) -> None:
    first = api.patch(f"/users/{NAME}", json={"title": "Commodore"})
    second = api.patch(f"/users/{NAME}", json={"title": "Admiral", "mobile_number": "+1 5"})
    assert (first.status_code, second.status_code) == (200, 200), second.text
    assert second.headers["etag"] == '"4"'
    assert _current(api) == user | {"title": "Admiral", "mobile_number": "+1 5", "version": 4}


def test_null_clears_an_optional_field_and_empty_roles_clear_the_roles(
    api: Api, user: dict[str, Any], subtests: pytest.Subtests
) -> None:
    for field, cleared in (("title", None), ("alternate_email", None), ("roles", [])):
        with subtests.test(msg=f"{field}: {cleared}"):
            before = _current(api)
            etag = f'"{before["version"]}"'
            response = api.patch(f"/users/{NAME}", json={field: cleared}, if_match=etag)
            assert response.status_code == 200, response.text
            expected = before | {field: cleared, "version": before["version"] + 1}
            assert _current(api) == response.json() == expected


def test_an_invalid_patch_is_422_and_changes_nothing(
    api: Api, user: dict[str, Any], subtests: pytest.Subtests
) -> None:
    for change, code in INVALID_PATCHES:
        with subtests.test(msg=str(change)):
            problem(api.patch(f"/users/{NAME}", json=change, if_match='"2"'), 422, code)
            assert _current(api) == user


def test_delete_needs_if_match_and_then_the_user_is_gone(api: Api, user: dict[str, Any]) -> None:
    problem(api.delete(f"/users/{NAME}"), 428, "precondition_required")
    assert _current(api) == user
    response = api.delete(f"/users/{NAME}", if_match='"2"')
    assert response.status_code == 204, response.text
    assert response.content == b""
    problem(api.get(f"/users/{NAME}"), 404, "user_not_found")
    problem(api.delete(f"/users/{NAME}", if_match='"3"'), 404, "user_not_found")
    problem(api.patch(f"/users/{NAME}", json={"title": "Ghost"}), 404, "user_not_found")
    problem(api.post(f"/users/{NAME}/unsuspend"), 404, "user_not_found")
    assert api.get("/accounts/ROOT/users").json()["items"] == []


def test_suspend_and_unsuspend_change_status_and_etag(api: Api, user: dict[str, Any]) -> None:
    suspended = api.post(f"/users/{NAME}/suspend", if_match='"2"')
    assert suspended.status_code == 200, suspended.text
    assert suspended.headers["etag"] == '"3"'
    assert suspended.json() == user | {"status": "Disabled", "version": 3}
    again = api.post(f"/users/{NAME}/suspend")  # repeating changes nothing
    assert (again.status_code, again.headers["etag"]) == (200, '"3"')
    patched = api.patch(f"/users/{NAME}", json={"title": "Retired"}, if_match='"3"')
    assert (patched.status_code, patched.json()["status"]) == (200, "Disabled")
    unsuspended = api.post(f"/users/{NAME}/unsuspend", if_match='"4"')
    assert unsuspended.status_code == 200, unsuspended.text
    assert unsuspended.headers["etag"] == '"5"'
    expected = user | {"status": "Active", "title": "Retired", "version": 5}
    assert _current(api) == unsuspended.json() == expected
