"""``POST /api/accounts/{alias}/users:bulk``: JSON or CSV, per-item results, dry runs,
upserts, and bad input answered as problems, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from chamberlain.services.runtime import Runtime
from tests.rest.rest import ROOT, Api, audit_rows, problem, user_body

BULK = f"/accounts/{ROOT}/users:bulk"
CSV = {"Content-Type": "text/csv"}
HEADER = "user_name,email,first_name,last_name,roles\n"


def _results(reply: Any) -> list[tuple[str | None, str, str | None]]:
    assert reply.status_code == 200, reply.text
    return [(item["user_name"], item["result"], item["code"]) for item in reply.json()["items"]]


def test_json_items_each_get_a_result_and_a_failed_item_writes_nothing(
    api: Api, runtime: Runtime
) -> None:
    api.made_user("taken")
    before = len(audit_rows(runtime))
    reply = api.post(
        BULK,
        json={"users": [user_body("ada", roles=[9]), user_body("taken"),
                        user_body("bad", roles=[99]), user_body("bob")]},
    )  # fmt: skip
    assert _results(reply) == [
        ("ada", "created", None),
        ("taken", "error", "user_exists"),
        ("bad", "error", "invalid_roles"),
        ("bob", "created", None),
    ]
    assert reply.json()["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "error": 2}
    assert api.get("/users/ada").json()["roles"] == [9]
    assert api.get("/users/bad").status_code == 404
    assert len(audit_rows(runtime)) == before + 2  # one record per created user, no more


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(api: Api, runtime: Runtime) -> None:
    before = len(audit_rows(runtime))
    reply = api.post(f"{BULK}?dry_run=true", json={"users": [user_body("ada")]})
    assert _results(reply) == [("ada", "created", None)]
    assert reply.json()["dry_run"] is True
    assert api.get("/users/ada").status_code == 404
    assert len(audit_rows(runtime)) == before


def test_upsert_updates_users_of_this_account_and_leaves_equal_ones_alone(api: Api) -> None:
    api.made_user("ada", title="Engineer")
    api.made_user("bob")
    reply = api.post(
        f"{BULK}?upsert=true",
        json={"users": [user_body("ada", title="Admiral"), user_body("bob")]},
    )
    assert _results(reply) == [("ada", "updated", None), ("bob", "unchanged", None)]
    assert api.get("/users/ada").json()["title"] == "Admiral"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_is_read_with_any_line_ending(api: Api, newline: str) -> None:
    rows = [HEADER.strip(), "ada,ada@example.com,Ada,Lovelace,9;12", "bob,bob@example.com,Bob,B,"]
    reply = api.post(BULK, content=newline.join(rows) + newline, headers=CSV)
    assert _results(reply) == [("ada", "created", None), ("bob", "created", None)]
    assert api.get("/users/ada").json()["roles"] == [9, 12]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("user_name,shoe_size\nada,9\n", "unknown CSV column"),
        (HEADER + 'ada,"unterminated\rquote,x,y,\n', "could not be read"),
        ("\rL\u00d6\x1b&\U000305aa\x93", "could not be read"),  # found by schemathesis
        (HEADER + "ada,ada@example.com,Ada,L,not-a-role\n", "could not be read"),
    ],
)
def test_malformed_csv_is_a_problem_not_a_crash(api: Api, body: str, fragment: str) -> None:
    reply = api.post(BULK, content=body.encode("utf-8", "surrogatepass"), headers=CSV)
    assert fragment in problem(reply, 422, "invalid_request")["detail"]


def test_more_than_a_thousand_users_are_refused(api: Api) -> None:
    rows = "".join(f"u{n},u{n}@example.com,U,N,\n" for n in range(1001))
    reply = api.post(BULK, content=HEADER + rows, headers=CSV)
    problem(reply, 422, "invalid_request")
    assert api.get("/users/u0").status_code == 404


def test_an_unknown_body_type_is_refused(api: Api) -> None:
    reply = api.post(BULK, content=b"<users/>", headers={"Content-Type": "application/xml"})
    problem(reply, 422, "invalid_request")


def test_csv_cells_escaped_against_formulas_are_read_back(api: Api) -> None:
    """An export of ``chamberlain users export`` imports here as it does in the CLI: the
    one quote that guards a formula start goes (issue 13); other quotes stay."""
    header = "user_name,email,first_name,last_name,title,mobile_number,roles\n"
    row = "'+ada,ada@example.com,'=Ada,'@Lovelace,'quoted','-2+3,\n"
    assert _results(api.post(BULK, content=header + row, headers=CSV)) == [
        ("+ada", "created", None)
    ]
    user = api.get("/users/+ada").json()
    assert (user["first_name"], user["last_name"]) == ("=Ada", "@Lovelace")
    assert (user["title"], user["mobile_number"]) == ("'quoted'", "-2+3")


def test_an_unknown_member_of_the_body_is_refused_and_nothing_is_imported(
    api: Api, runtime: Runtime
) -> None:
    """Issue 13: ``dry_run`` is a query parameter; in the body it was ignored and the
    "dry run" was a real import. Every unknown member is now named in a 422."""
    before = len(audit_rows(runtime))
    for body, member in [
        ({"dry_run": True, "users": [user_body("ada")]}, ["body", "dry_run"]),
        ({"users": [user_body("ada", password="x")]}, ["body", "users", "0", "password"]),
    ]:
        found = problem(api.post(BULK, json=body), 422, "invalid_request")
        refused = {"location": member, "message": "Extra inputs are not permitted"}
        assert found["errors"] == [refused]
    assert api.get("/users/ada").status_code == 404
    assert len(audit_rows(runtime)) == before
