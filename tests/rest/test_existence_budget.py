"""Names are unique across the deployment (v1's contract), so "taken" must be answered
even about another tenant's name; each such answer costs the caller one unit of a budget
(``services.lookups``), on every face that creates users or accounts. Answers about the
caller's own tree stay free.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import create_api_user
from chamberlain.services.lookups import LOOKUP_FREE
from chamberlain.services.runtime import Runtime
from chamberlain.services.scim_tokens import create_scim_token
from tests.rest.conftest import ApiUserFactory
from tests.rest.rest import Api, account_body, problem, user_body
from tests.scim.scim import Scim
from tests.scim.scim import user_body as scim_user

pytestmark = pytest.mark.usefixtures("tree")
TAKEN = [f"held{number}" for number in range(LOOKUP_FREE + 2)]


@pytest.fixture
def taken_in_bb(api: Api) -> list[str]:
    """Users of BB (a sibling of AA) whose names AA's callers will try."""
    for name in TAKEN:
        api.made_user(name, "BB")
    return TAKEN


def test_rest_answers_taken_names_of_other_tenants_until_the_budget_is_spent(
    api_user: ApiUserFactory, taken_in_bb: list[str]
) -> None:
    child = api_user("AA")
    for name in taken_in_bb[:LOOKUP_FREE]:
        problem(child.create_user(name, "AA"), 409, "user_exists")
    refused = child.create_user(taken_in_bb[LOOKUP_FREE], "AA")
    problem(refused, 429, "too_many_lookups")
    assert int(refused.headers["Retry-After"]) > 0
    # Names in its own tree are still answered: it may list them anyway.
    child.made_user("mine", "A1")
    problem(child.create_user("mine", "AA"), 409, "user_exists")
    # Taken aliases are priced the same way, and from the same budget.
    problem(child.post("/accounts/AA/accounts", json=account_body(alias="BB")), 429,
            "too_many_lookups")  # fmt: skip


def test_a_bulk_dry_run_answers_at_most_the_budget(
    api_user: ApiUserFactory, taken_in_bb: list[str]
) -> None:
    child = api_user("AA")
    users = [user_body(name) for name in taken_in_bb] + [user_body("fresh")]
    reply = child.post("/accounts/AA/users:bulk?dry_run=true", json={"users": users})
    assert reply.status_code == 200, reply.text
    codes = [(item["user_name"], item.get("code")) for item in reply.json()["items"]]
    assert codes == [
        *((name, "user_exists") for name in taken_in_bb[:LOOKUP_FREE]),
        *((name, "too_many_lookups") for name in taken_in_bb[LOOKUP_FREE:]),
        ("fresh", None),
    ]
    again = child.post("/accounts/AA/users:bulk?dry_run=true", json={"users": users[:1]})
    assert again.json()["items"][0]["code"] == "too_many_lookups"


def test_v1_and_scim_spend_the_same_kind_of_budget(
    client: TestClient,
    runtime: Runtime,
    root_actor: Actor,
    api_user: ApiUserFactory,
    taken_in_bb: list[str],
) -> None:
    child = create_scim_token(runtime, root_actor, "AA", "AA's provider").secret
    scim = Scim(client, child).at("AA")
    for name in taken_in_bb[:LOOKUP_FREE]:
        assert scim.post("/Users", json=scim_user(name)).status_code == 409
    assert scim.post("/Users", json=scim_user(taken_in_bb[-1])).status_code == 429

    v1 = create_api_user(runtime, root_actor, "AA")
    logon = {"APIKey": v1.api_user.api_key, "Password": v1.password}
    assert client.post("/REST/Auth/Logon/", json=logon).json()["StatusCode"] == 0
    codes = []
    for name in taken_in_bb[: LOOKUP_FREE + 1]:
        body = {"UserName": name, "AccountAlias": "AA", "EmailAddress": "x@example.com",
                "FirstName": "X", "LastName": "Y", "Roles": []}  # fmt: skip
        codes.append(client.post("/REST/User/CreateUser/JSON", json=body).json()["StatusCode"])
    assert codes == [1701] * LOOKUP_FREE + [101]
