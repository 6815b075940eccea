"""Creating users through ``POST /api/accounts/{alias}/users``: answers, refusals, scope."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx2
import pytest

from tests.rest.conftest import ApiUserFactory
from tests.rest.rest import USER_KEYS, Api, account_body, problem, user_body

FULL: dict[str, Any] = {
    "alternate_email": "grace.alt@example.org",
    "title": "Rear Admiral",
    "office_number": "+1 555 0100",
    "mobile_number": "+1 555 0101",
    "fax_number": "+1 555 0102",
    "saml_user_name": "grace@idp.example",
    "time_zone_id": "GMT Standard Time",
    "allow_sms": True,
    "roles": [13, 9, 10],
}
# Names that need escaping in a URL path: blanks, "+", non-ASCII, "/", "?", "#", "%".
ODD_NAMES = ["plain", "Grace Hopper", "a+b", "jürgen", "ops/admin", "who?", "no#1", "100%"]
FORBIDDEN_FIELDS: list[dict[str, Any]] = [
    {"is_admin": True},
    {"status": "Disabled"},
    {"account_alias": "BB"},
    {"password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"},
    {"password": "let me in please"},
    {"version": 7},
]
JSON = "application/json"
HIDDEN_CALLS = [
    ("POST", "/users", user_body("eve")),
    ("GET", "/users", None),
    ("GET", "", None),
    ("GET", "/accounts", None),
    ("POST", "/accounts", account_body()),
]
# (existing name, name tried, account tried): every pair is one name.
TAKEN = [
    ("jdoe", "jdoe", "ROOT"),
    ("jdoe", "JDOE", "ROOT"),
    ("jdoe", " JDoe ", "ROOT"),
    ("jdoe", "ＪＤＯＥ", "ROOT"),  # full-width twin
    ("jdoe", "JDoe", "BB"),  # in another account
    ("Straße", "STRASSE", "ROOT"),  # case folding, not just lower()
    ("gone", "gone", "ROOT"),  # deleted: names are never reused
    ("gone", "GONE", "BB"),
]
GONE = "gone"
INVALID: list[tuple[dict[str, Any], str]] = [
    ({"roles": [99]}, "invalid_roles"),
    ({"roles": [1, 9]}, "invalid_roles"),
    ({"roles": [11]}, "invalid_roles"),
    ({"email": "not-an-address"}, "invalid_email"),
    ({"email": "two@@example.com"}, "invalid_email"),
    ({"alternate_email": "nobody@"}, "invalid_email"),
    ({"email": "   "}, "field_required"),
    ({"first_name": " "}, "field_required"),
    ({"last_name": "\t"}, "field_required"),
    ({"user_name": "  "}, "field_required"),
    ({"title": "x" * 101}, "invalid_field"),
    ({"first_name": "Zero\u200bWidth"}, "invalid_field"),
]


def _names(api: Api, alias: str = "ROOT") -> list[str]:
    response = api.get(f"/accounts/{alias}/users")
    assert response.status_code == 200, response.text
    return [user["user_name"] for user in response.json()["items"]]


def test_create_answers_201_with_location_etag_and_the_whole_user(api: Api) -> None:
    response = api.create_user("grace", **FULL)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/users/grace"
    assert response.headers["etag"] == '"1"'
    body = response.json()
    assert set(body) == USER_KEYS
    expected = user_body("grace", **FULL) | {
        "account_alias": "ROOT",
        "status": "Active",
        "roles": [9, 10, 13],
        "version": 1,
    }
    assert body == expected
    again = api.get("/users/grace")
    assert again.status_code == 200
    assert again.json() == body
    assert again.headers["etag"] == '"1"'
    # Optional fields left out are null; the time zone is then the account's.
    body = api.made_user("plain")
    assert body["roles"] == []
    assert body["allow_sms"] is False
    assert {name: body[name] for name in ("title", "alternate_email", "fax_number")} == {
        "title": None,
        "alternate_email": None,
        "fax_number": None,
    }
    account = api.get("/accounts/ROOT").json()
    assert body["time_zone_id"] == account["time_zone"]


def test_location_is_url_encoded_and_leads_to_the_user(api: Api, subtests: pytest.Subtests) -> None:
    for name in ODD_NAMES:
        with subtests.test(msg=name):
            response = api.create_user(name)
            assert response.status_code == 201, response.text
            location = response.headers["location"]
            assert location == "/api/users/" + quote(name, safe="")
            followed = api.client.get(location, headers={"Authorization": f"Bearer {api.token}"})
            assert followed.status_code == 200, followed.text
            assert followed.json()["user_name"] == name


@pytest.mark.usefixtures("tree")
def test_a_taken_name_in_any_case_and_any_account_is_409(
    api: Api, subtests: pytest.Subtests
) -> None:
    for first in dict.fromkeys(first for first, _, _ in TAKEN):
        api.made_user(first, email=f"{len(first)}@example.com")
    assert api.delete(f"/users/{GONE}", if_match='"1"').status_code == 204
    for first, second, alias in TAKEN:
        with subtests.test(msg=f"{first!r} then {second!r} in {alias}"):
            before = _names(api), _names(api, "BB")
            response = api.create_user(second, alias, email="other@example.com")
            problem(response, 409, "user_exists")
            assert (_names(api), _names(api, "BB")) == before
            assert (first in before[0]) == (first != GONE)


def test_unknown_fields_are_refused_and_nothing_is_created(
    api: Api, subtests: pytest.Subtests
) -> None:
    for extra in FORBIDDEN_FIELDS:
        with subtests.test(msg=str(extra)):
            response = api.create_user("mallory", **extra)
            body = problem(response, 422, "invalid_request")
            assert [issue["location"] for issue in body["errors"]] == [["body", *extra]]
            problem(api.get("/users/mallory"), 404, "user_not_found")
            assert _names(api) == []


def test_invalid_values_get_their_code_and_nothing_is_created(
    api: Api, subtests: pytest.Subtests
) -> None:
    for change, code in INVALID:
        with subtests.test(msg=f"{change} -> {code}"):
            response = api.post("/accounts/ROOT/users", json=user_body("mallory") | change)
            problem(response, 422, code)
            assert _names(api) == []


def test_a_missing_field_or_a_body_that_is_no_user_object_is_422(
    api: Api, subtests: pytest.Subtests
) -> None:
    for missing in ("user_name", "email", "first_name", "last_name"):
        with subtests.test(msg=f"without {missing}"):
            sent = user_body("mallory")
            del sent[missing]
            body = problem(api.post("/accounts/ROOT/users", json=sent), 422, "invalid_request")
            assert body["errors"][0]["location"] == ["body", missing]
    for content in (b"not json", b"[]", b'{"user_name": "x"', b'"just a string"', b"null"):
        with subtests.test(msg=repr(content)):
            response = api.post(
                "/accounts/ROOT/users", content=content, headers={"Content-Type": JSON}
            )
            problem(response, 422, "invalid_request")
    assert _names(api) == []


def _shape(response: httpx2.Response, hidden: str) -> tuple[int, str, str, list[str]]:
    body = response.json()
    names = sorted(k for k in response.headers if k not in ("x-request-id", "content-length"))
    return response.status_code, body["code"], body["detail"].replace(hidden, "<name>"), names


@pytest.mark.usefixtures("tree")
def test_an_account_outside_the_tree_is_404_exactly_like_an_unknown_one(
    api: Api, api_user: ApiUserFactory, subtests: pytest.Subtests
) -> None:
    caller = api_user("AA")
    for hidden, user in (("BB", "bob"), ("ROOT", "rob")):
        api.made_user(user, hidden)
        for method, suffix, body in HIDDEN_CALLS:
            with subtests.test(msg=f"{method} /accounts/{hidden}{suffix}"):
                seen = caller.call(method, f"/accounts/{hidden}{suffix}", json=body)
                unknown = caller.call(method, f"/accounts/ZZZZ{suffix}", json=body)
                problem(seen, 404, "account_not_found")
                assert _shape(seen, hidden) == _shape(unknown, "ZZZZ")
        with subtests.test(msg=f"GET /users/{user}"):
            seen_user = caller.get(f"/users/{user}")
            problem(seen_user, 404, "user_not_found")
            assert _shape(seen_user, user) == _shape(caller.get("/users/nobody"), "nobody")
    problem(api.get("/users/eve"), 404, "user_not_found")
