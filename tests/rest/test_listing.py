"""``GET /api/accounts/{alias}/users``: cursor pages in creation order, totals, filters.

Filters are ANDed; ``name_prefix`` matches the start of the first or the last name,
literally (``%`` and ``_`` never widen it); an unknown parameter is refused (400), never
ignored; a cursor the API never issued is an invalid value (422, ``paging.after_id``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction, validate_new_user
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import change_status, create_user
from tests.rest.rest import Api, problem


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    first: str
    last: str
    roles: tuple[int, ...] = ()
    suspended: bool = False
    email: str = ""

    @property
    def address(self) -> str:
        return self.email or f"{self.name}@example.com"


SPECIAL = [
    Member("ada", "Ada", "Lovelace", (9,)),
    Member("adam", "Adam", "Smith", (10,), email="Adam.Smith@Example.COM"),
    Member("alan", "Alan", "Turing", (10, 13), suspended=True),
    Member("lad", "Ladislav", "Adamec", (2,)),  # "ad" starts the last name only
    Member("pct", "100%", "Pure", (10,)),
    Member("pcx", "100x", "Pure", (9, 10)),  # would match "100%" if % were a wildcard
    Member("und", "Under_score", "Case"),
    Member("unx", "UnderXscore", "Case", suspended=True),  # would match "Under_" ...
    Member("bsl", "Back\\slash", "Esc"),
    Member("ADMIN", "Root", "Adm", (9,)),
]
POPULATION = SPECIAL + [
    Member(f"user{i:02d}", f"First{i:02d}", f"Last{i:02d}", ((2, 10, 13)[i % 3],), i % 4 == 0)
    for i in range(15)
]
GONE = "deleted1"  # deleted: never listed
FILTERS: list[tuple[dict[str, str], list[str]]] = [
    ({"user_name": "ADA"}, ["ada"]),
    ({"user_name": "ad"}, []),  # exact, not a prefix
    ({"user_name": "admin"}, ["ADMIN"]),
    ({"email": "adam.smith@example.com"}, ["adam"]),
    ({"email": "ADA@EXAMPLE.COM"}, ["ada"]),
    ({"email": "example.com"}, []),
    ({"status": "Disabled"}, [m.name for m in POPULATION if m.suspended]),
    ({"status": "Active"}, [m.name for m in POPULATION if not m.suspended]),
    ({"role": "9"}, ["ada", "pcx", "ADMIN"]),
    ({"role": "10"}, [m.name for m in POPULATION if 10 in m.roles]),
    ({"role": "3"}, []),
    ({"name_prefix": "ad"}, ["ada", "adam", "lad", "ADMIN"]),
    ({"name_prefix": "ADAM"}, ["adam", "lad"]),
    ({"name_prefix": "lovelace"}, ["ada"]),
    ({"name_prefix": "100%"}, ["pct"]),
    ({"name_prefix": "%"}, []),
    ({"name_prefix": "_"}, []),
    ({"name_prefix": "Under_"}, ["und"]),
    ({"name_prefix": "1_0"}, []),
    ({"name_prefix": "Back\\"}, ["bsl"]),
    ({"name_prefix": "'"}, []),
    ({"status": "Active", "role": "10"}, ["adam", "pct", "pcx"]
     + [m.name for m in POPULATION[len(SPECIAL):] if 10 in m.roles and not m.suspended]),
    ({"name_prefix": "ad", "role": "9"}, ["ada", "ADMIN"]),
    ({"name_prefix": "ad", "status": "Disabled"}, []),
    ({"user_name": "alan", "status": "Disabled", "role": "13"}, ["alan"]),
    ({"user_name": "alan", "status": "Active"}, []),
]  # fmt: skip


def _add(runtime: Runtime, actor: Actor, member: Member, alias: str = "ROOT") -> None:
    new = validate_new_user(
        user_name=member.name,
        account_alias=alias,
        email=member.address,
        first_name=member.first,
        last_name=member.last,
        optional={},
        allow_sms=None,
        roles=member.roles,
    )
    create_user(runtime, actor, new)
    if member.suspended:
        change_status(runtime, actor, member.name, LifecycleAction.SUSPEND)


@pytest.fixture
def population(runtime: Runtime, root_actor: Actor) -> list[str]:
    """The live users of ROOT in creation order (a deleted one and one of BB besides)."""
    create_sub_account(runtime, root_actor, parent_alias="ROOT", alias="BB", business_name="B")
    _add(runtime, root_actor, Member("elsewhere", "Ada", "Other", (9, 10)), "BB")
    for member in POPULATION[:12]:
        _add(runtime, root_actor, member)
    _add(runtime, root_actor, Member(GONE, "Ada", "Gone", (9, 10)))
    change_status(runtime, root_actor, GONE, LifecycleAction.DELETE)
    for member in POPULATION[12:]:
        _add(runtime, root_actor, member)
    return [member.name for member in POPULATION]


def _walk(api: Api, first: str) -> tuple[list[str], list[int]]:
    """Follow ``next`` from the URL ``first``: every name seen and the size of each page."""
    names: list[str] = []
    sizes: list[int] = []
    response = api.follow(first)
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "next", "total"}
        names += [user["user_name"] for user in page["items"]]
        sizes.append(len(page["items"]))
        if page["next"] is None:
            return names, sizes
        assert len(sizes) < 50, "the pages never end"
        response = api.follow(page["next"])


def test_pages_walk_every_user_once_in_creation_order_keeping_the_filters(
    api: Api, population: list[str]
) -> None:
    names, sizes = _walk(api, "/api/accounts/ROOT/users?limit=10")
    assert names == population
    assert sizes == [10, 10, 5]
    first = api.get("/accounts/ROOT/users?status=Active&limit=3").json()
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["status"] == ["Active"]
    assert query["limit"] == ["3"]
    names, sizes = _walk(api, "/api/accounts/ROOT/users?status=Active&limit=3")
    assert names == [m.name for m in POPULATION if not m.suspended]
    assert set(sizes[:-1]) == {3}


def test_the_walk_is_stable_while_users_come_and_go(
    api: Api, population: list[str], runtime: Runtime, root_actor: Actor
) -> None:
    page = api.get("/accounts/ROOT/users?limit=10").json()
    seen = [user["user_name"] for user in page["items"]]
    _add(runtime, root_actor, Member("newcomer", "New", "Comer"))
    change_status(runtime, root_actor, population[15], LifecycleAction.DELETE)
    rest, _ = _walk(api, page["next"])
    assert seen + rest == [*population[:15], *population[16:], "newcomer"]


def test_the_default_page_holds_everything_here_and_total_is_on_request(
    api: Api, population: list[str]
) -> None:
    plain = api.get("/accounts/ROOT/users").json()
    assert ([u["user_name"] for u in plain["items"]], plain["next"], plain["total"]) == (
        population, None, None,
    )  # fmt: skip
    counted = api.get("/accounts/ROOT/users?limit=2&total=true").json()
    assert (len(counted["items"]), counted["total"]) == (2, len(population))
    filtered = api.get("/accounts/ROOT/users?limit=1&total=true&status=Disabled").json()
    assert filtered["total"] == sum(m.suspended for m in POPULATION)
    assert api.get("/accounts/BB/users?total=true").json()["total"] == 1


def test_filters_match_exactly_what_they_document(
    api: Api, population: list[str], subtests: pytest.Subtests
) -> None:
    for query, expected in FILTERS:
        with subtests.test(msg=str(query)):
            response = api.get("/accounts/ROOT/users", params=query | {"total": "true"})
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            assert [user["user_name"] for user in body["items"]] == [
                name for name in population if name in expected
            ]
            assert body["total"] == len(expected)


def test_bad_values_are_422_unknown_parameters_400_and_forged_cursors_422(
    api: Api, subtests: pytest.Subtests
) -> None:
    api.made_user("only")
    for query in ("limit=0", "limit=1001", "limit=-1", "limit=ten", "status=Deleted",
                  "status=active", "role=admin", "total=maybe"):  # fmt: skip
        with subtests.test(msg=query):
            problem(api.get(f"/accounts/ROOT/users?{query}"), 422, "invalid_request")
    for query, named in [("first_name=Ada", "first_name"), ("sort=user_name", "sort"),
                         ("Status=Active", "Status"), ("user_name=ada&offset=3", "offset"),
                         ("account_alias=BB", "account_alias")]:  # fmt: skip
        with subtests.test(msg=query):
            body = problem(api.get(f"/accounts/ROOT/users?{query}"), 400, "unknown_parameter")
            assert named in body["detail"]
    forged = [base64.urlsafe_b64encode(text.encode()).decode() for text in
              ("not-a-number", "1.5", str(2**64), "9" * 40)]  # fmt: skip
    for cursor in ["!!!", "abc", "%%%", *forged]:
        with subtests.test(msg=f"cursor={cursor}"):
            response = api.get("/accounts/ROOT/users", params={"cursor": cursor})
            problem(response, 422, "invalid_request")
    for limit in (1, 1000):
        page = api.get(f"/accounts/ROOT/users?limit={limit}").json()
        assert ([user["user_name"] for user in page["items"]], page["next"]) == (["only"], None)
