"""Review: a change form the person's roles do not allow is not shown, even by URL.

The links are hidden (test_visibility); opening the URL anyway must not offer a form that
is refused only after it was filled in (AC-03, "forms that lose input").
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chamberlain.domain.audit import Actor
from chamberlain.services import api_users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import make_person, sign_in

FORMS = (
    "/portal/accounts/AA/edit",
    "/portal/accounts/AA/new",
    "/portal/accounts/A1/status?action=suspend",
    "/portal/accounts/AA/users/new",
    "/portal/accounts/AA/bulk",
    "/portal/users/edit?name=target",
    "/portal/users/delete?name=target",
    "/portal/api-users/{key}/rotate?account=AA",
    "/portal/api-users/{key}/delete?account=AA",
)


@pytest.mark.parametrize("url", FORMS)
def test_a_viewer_gets_no_change_form(
    *,
    url: str,
    portal: TestClient,
    person: PersonFactory,
    tree: None,
    runtime: Runtime,
    operator: Actor,
    root_actor: Actor,
) -> None:
    viewer = person("viewer", (10,), "AA")
    make_person(runtime, operator, "target", (10,), "AA")
    key = api_users.create_api_user(runtime, root_actor, "AA").api_user.api_key
    sign_in(portal, "viewer", viewer.password)
    response = portal.get(url.format(key=key))
    assert response.status_code == 403
    assert "Your roles do not allow this" in response.text
    assert 'method="post"' not in response.text.replace('action="/portal/sign-out"', "")


def test_an_admin_still_gets_every_form(
    *,
    portal: TestClient,
    person: PersonFactory,
    tree: None,
    runtime: Runtime,
    operator: Actor,
    root_actor: Actor,
) -> None:
    admin = person("admin", (9,), "AA")
    make_person(runtime, operator, "target", (10,), "AA")
    key = api_users.create_api_user(runtime, root_actor, "AA").api_user.api_key
    sign_in(portal, "admin", admin.password)
    for url in FORMS:
        assert portal.get(url.format(key=key)).status_code == 200, url
