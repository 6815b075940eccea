"""``DELETE /api/auth/token``: logging out ends the token carried, of either kind, at once."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.rest.conftest import PersonFactory
from tests.rest.rest import Api, problem


def test_revoking_ends_an_api_user_token_and_a_person_token(
    api: Api, client: TestClient, person: PersonFactory
) -> None:
    ada = person("ada", (10,))
    for caller in (api, ada):
        assert caller.get("/me").status_code == 200
        assert caller.delete("/auth/token").status_code == 204
        problem(caller.get("/me"), 401, "authentication_failed")
        assert caller.delete("/auth/token").status_code == 204  # again: nothing to end
    problem(Api(client, None).delete("/auth/token"), 401, "authentication_failed")
