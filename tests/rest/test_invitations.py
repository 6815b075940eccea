"""Invitations, password resets and setting a password with a mailed link, over REST.

Every creating face of v1 and REST mails the new user an invitation; the link's token
travels back only in a request body."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.mail_delivery import deliver_due
from chamberlain.services.runtime import Runtime
from chamberlain.testing.outbox import Outbox
from tests.api import v1
from tests.rest.conftest import PersonFactory
from tests.rest.rest import API, Api, audit_rows, problem

PASSWORD = "a long enough new password"


def _tokens(runtime: Runtime, email: str) -> list[str]:
    deliver_due(runtime)
    assert isinstance(runtime.mail, Outbox)
    return [parse_qs(urlsplit(url).query)["token"][0] for url in runtime.mail.links(email)]


def _set_password(client: TestClient, token: str, password: str = PASSWORD) -> int:
    return client.post(
        f"{API}/auth/set-password", json={"token": token, "password": password}
    ).status_code


def _logs_in(client: TestClient, name: str, password: str = PASSWORD) -> bool:
    response = client.post(
        "/v2/authentication/login", json={"username": name, "password": password}
    )
    return response.status_code == 200


def test_a_user_created_over_rest_is_invited_and_sets_a_password(
    api: Api, client: TestClient, runtime: Runtime
) -> None:
    api.made_user("ada")
    [token] = _tokens(runtime, "ada@example.com")
    assert not _logs_in(client, "ada")
    assert _set_password(client, token) == 204
    assert _logs_in(client, "ada")
    body = problem(
        client.post(f"{API}/auth/set-password", json={"token": token, "password": PASSWORD}),
        400,
        "link_not_usable",
    )
    assert "already used" in body["detail"]


def test_users_created_over_v1_and_in_bulk_are_invited(
    api: Api, client: TestClient, runtime: Runtime, root: IssuedCredentials
) -> None:
    assert v1.call(client, "Logon", **v1.credentials(root))["StatusCode"] == 0
    v1.create_user(client, "babbage")
    bulk = api.post(
        "/accounts/ROOT/users:bulk",
        json={"users": [{"user_name": "lovelace", "email": "ada.l@example.com",
                         "first_name": "Ada", "last_name": "Lovelace"}]},
    )  # fmt: skip
    assert bulk.status_code == 200, bulk.text
    assert len(_tokens(runtime, "babbage@example.com")) == 1
    assert len(_tokens(runtime, "ada.l@example.com")) == 1


def test_a_dry_run_invites_nobody(api: Api, runtime: Runtime) -> None:
    bulk = api.post(
        "/accounts/ROOT/users:bulk?dry_run=true",
        json={"users": [{"user_name": "dry", "email": "dry@example.com",
                         "first_name": "D", "last_name": "R"}]},
    )  # fmt: skip
    assert bulk.status_code == 200, bulk.text
    assert _tokens(runtime, "dry@example.com") == []


def test_inviting_again_mails_a_new_link_and_ends_the_old_one(
    api: Api, client: TestClient, runtime: Runtime
) -> None:
    api.made_user("grace")
    [first] = _tokens(runtime, "grace@example.com")
    before = len(audit_rows(runtime))
    response = api.post("/users/grace/invitations")
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["user_name"], body["email"]) == ("grace", "grace@example.com")
    assert body["expires_at"]
    [action] = [row.action for row in audit_rows(runtime)[before:]]
    assert action == "user.invite"
    second = _tokens(runtime, "grace@example.com")[-1]
    detail = problem(
        client.post(f"{API}/auth/set-password", json={"token": first, "password": PASSWORD}),
        400,
        "link_not_usable",
    )["detail"]
    assert "newer link" in detail
    assert _set_password(client, second) == 204


def test_inviting_needs_the_right_to_manage_users_and_a_live_user(
    api: Api, person: PersonFactory
) -> None:
    viewer = person("viewer", (10,))
    api.made_user("grace")
    problem(viewer.post("/users/grace/invitations"), 403, "permission_denied")
    problem(api.post("/users/nobody/invitations"), 404, "user_not_found")
    assert api.post("/users/grace/suspend").status_code == 200
    problem(api.post("/users/grace/invitations"), 422, "invalid_request")
    anonymous = Api(api.client, None)
    problem(anonymous.post("/users/grace/invitations"), 401, "authentication_failed")


def test_a_reset_request_answers_the_same_whether_or_not_the_user_exists(
    api: Api, client: TestClient, runtime: Runtime
) -> None:
    api.made_user("grace")
    _tokens(runtime, "grace@example.com")  # the invitation
    known = client.post(f"{API}/password-resets", json={"user_name": "grace"})
    unknown = client.post(f"{API}/password-resets", json={"user_name": "nobody"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert known.status_code == 202
    assert set(known.headers.keys()) == set(unknown.headers.keys())
    reset = _tokens(runtime, "grace@example.com")[-1]
    assert _set_password(client, reset) == 204
    assert _logs_in(client, "grace")


def test_bad_bodies_and_bad_passwords_are_refused_cleanly(
    client: TestClient, api: Api, runtime: Runtime
) -> None:
    api.made_user("grace")
    [token] = _tokens(runtime, "grace@example.com")
    problem(client.post(f"{API}/auth/set-password", json={"token": token}), 422, None)
    problem(
        client.post(f"{API}/auth/set-password", json={"token": token, "password": "short"}),
        422,
        "invalid_field",
    )
    problem(
        client.post(f"{API}/auth/set-password", json={"token": "x" * 40, "password": PASSWORD}),
        400,
        "link_not_usable",
    )
    problem(client.post(f"{API}/password-resets", json={"user_name": "g", "roles": [9]}), 422, None)
    assert _set_password(client, token) == 204  # the refusals left the link usable
