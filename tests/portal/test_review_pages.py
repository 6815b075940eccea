"""Review: what a person types or follows reaches a portal page, not an API answer."""

from __future__ import annotations

from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services import api_users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import post, sign_in


def test_the_bare_portal_path_goes_to_the_sign_in_page(portal: TestClient) -> None:
    response = portal.get("/portal", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert response.headers["cache-control"] == "no-store"


def test_the_page_after_a_deletion_stays_an_api_user_list(
    portal: TestClient, person: PersonFactory, runtime: Runtime, root_actor: Actor
) -> None:
    admin = person("admin", (9,))
    key = api_users.create_api_user(runtime, root_actor, "ROOT").api_user.api_key
    sign_in(portal, "admin", admin.password)
    response = post(
        portal, f"/portal/api-users/{key}/delete", {"account": "../users/view?name=admin&x="}
    )
    landed = response.history[0].headers["location"]
    assert landed.startswith("/portal/accounts/..%2Fusers%2Fview%3Fname%3Dadmin%26x%3D/api-users")
