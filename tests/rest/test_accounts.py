"""``/api/accounts/{alias}`` and its direct children: reading, listing, creating."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.rest.conftest import PersonFactory
from tests.rest.rest import ACCOUNT_KEYS, Api, account_body, problem

INVALID: list[tuple[dict[str, Any], str]] = [
    ({"billing_responsibility": 0}, "invalid_request"),
    ({"billing_responsibility": 3}, "invalid_request"),
    ({"billing_responsibility": "parent"}, "invalid_request"),
    ({"billing_responsibility": None}, "invalid_request"),
    ({"business_name": None}, "invalid_request"),
    ({"location": ""}, "invalid_request"),
    ({"status": "Active"}, "invalid_request"),
    ({"parent_alias": "BB"}, "invalid_request"),
    ({"city": "   "}, "field_required"),
    ({"telephone": " "}, "field_required"),
    ({"location": "XX9"}, "unknown_location"),
    ({"alias": "TOOLONG"}, "invalid_alias"),
    ({"alias": "a-b"}, "invalid_alias"),
]
MISSING = ["location", "business_name", "address1", "city", "state_province", "postal_code",
           "country", "telephone"]  # fmt: skip


def _children(api: Api, alias: str) -> list[str]:
    response = api.get(f"/accounts/{alias}/accounts")
    assert response.status_code == 200, response.text
    return [account["alias"] for account in response.json()]


@pytest.mark.usefixtures("tree")
def test_get_account_with_etag_and_its_direct_children_only(api: Api) -> None:
    response = api.get("/accounts/root")  # aliases are case-insensitive
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == ACCOUNT_KEYS
    assert (body["alias"], body["parent_alias"], body["status"]) == ("ROOT", None, "Active")
    assert response.headers["etag"] == f'"{body["version"]}"'
    problem(api.get("/accounts/ZZZZ"), 404, "account_not_found")
    problem(api.get("/accounts/not an alias"), 404, "account_not_found")
    problem(api.get("/accounts/ZZZZ/accounts"), 404, "account_not_found")
    assert sorted(_children(api, "ROOT")) == ["AA", "BB"]
    assert _children(api, "AA") == ["A1"]
    assert _children(api, "A1") == []
    assert _children(api, "BB") == []
    listed = api.get("/accounts/AA/accounts").json()[0]
    single = api.get("/accounts/A1")
    assert listed == single.json()
    assert single.json()["parent_alias"] == "AA"
    assert single.headers["etag"] == f'"{listed["version"]}"'


def test_create_child_answers_201_location_etag_and_the_account(api: Api) -> None:
    sent = account_body(alias="cc", address2="Suite 5", fax="+1 555", billing_responsibility=2,
                        share_parent_networks=True, time_zone="GMT Standard Time")  # fmt: skip
    response = api.post("/accounts/ROOT/accounts", json=sent)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/accounts/CC"
    body = response.json()
    assert response.headers["etag"] == f'"{body["version"]}"'
    expected = {k: v for k, v in sent.items() if k != "billing_responsibility"} | {
        "alias": "CC",
        "parent_alias": "ROOT",
        "status": "Active",
        "billing_responsibility": "parent",
        "version": body["version"],
    }
    assert body == expected
    assert api.get("/accounts/CC").json() == body
    assert _children(api, "ROOT") == ["CC"]
    for taken in ("cc", "CC", "root"):  # an alias is taken in any case
        response = api.post("/accounts/ROOT/accounts", json=account_body(alias=taken))
        problem(response, 409, "account_exists")
    assert _children(api, "ROOT") == ["CC"]


def test_an_alias_left_out_is_generated(api: Api) -> None:
    response = api.post("/accounts/ROOT/accounts", json=account_body())
    assert response.status_code == 201, response.text
    alias = response.json()["alias"]
    assert re.fullmatch(r"[A-Z0-9]{2,4}", alias)
    assert response.headers["location"] == f"/api/accounts/{alias}"
    assert response.json()["billing_responsibility"] == "self"
    followed = api.follow(response.headers["location"])
    assert (followed.status_code, followed.json()) == (200, response.json())
    second = api.post("/accounts/ROOT/accounts", json=account_body(alias=None))
    assert second.status_code == 201, second.text
    assert sorted(_children(api, "ROOT")) == sorted([alias, second.json()["alias"]])


def test_bad_values_and_missing_fields_are_422_and_create_nothing(
    api: Api, subtests: pytest.Subtests
) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({k: v for k, v in account_body().items() if k != name}, "invalid_request")
        for name in MISSING
    ]
    cases += [(account_body() | change, code) for change, code in INVALID]
    for sent, code in cases:
        with subtests.test(msg=f"{sorted(set(account_body()) ^ set(sent))} {code}"):
            problem(api.post("/accounts/ROOT/accounts", json=sent), 422, code)
    assert _children(api, "ROOT") == []


@pytest.mark.usefixtures("tree")
def test_a_hidden_parent_is_404(api: Api, person: PersonFactory) -> None:
    admin = person("admin", (9,), alias="AA")
    for alias in ("ROOT", "BB", "ZZZZ"):
        problem(admin.post(f"/accounts/{alias}/accounts", json=account_body()), 404,
                "account_not_found")  # fmt: skip
    assert sorted(_children(api, "ROOT")) == ["AA", "BB"]
    assert _children(api, "BB") == []


def test_a_person_without_accounts_manage_gets_403(
    api: Api, person: PersonFactory, subtests: pytest.Subtests
) -> None:
    for roles in ((10,), (8, 12), (2, 3, 14, 15)):
        with subtests.test(msg=f"roles {roles}"):
            caller = person(f"p{len(roles)}", roles)
            assert caller.get("/accounts/ROOT/accounts").status_code == 200
            problem(caller.post("/accounts/ROOT/accounts", json=account_body()), 403,
                    "permission_denied")  # fmt: skip
    assert _children(api, "ROOT") == []
    security = person("sec", (13,))
    allowed = security.post("/accounts/ROOT/accounts", json=account_body(alias="SEC"))
    assert allowed.status_code == 201, allowed.text


@pytest.mark.usefixtures("tree")
@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_in_a_business_name_is_a_422_naming_the_field(
    api: Api, separator: str
) -> None:
    """Issue 13: such a name went into every invitation's subject and broke the mail."""
    name = f"Acme{separator}Corp"
    assert api.post("/accounts/AA/accounts", json=account_body(alias="NW")).status_code == 201
    for reply in (
        api.post("/accounts/ROOT/accounts", json=account_body(business_name=name)),
        api.patch("/accounts/NW", json={"business_name": name}),
    ):
        body = problem(reply, 422, "invalid_field")
        assert body["detail"].startswith("business_name: contains line breaks"), body
    assert sorted(_children(api, "ROOT")) == ["AA", "BB"]
    assert api.get("/accounts/NW").json()["business_name"] == "Acme Widgets"
