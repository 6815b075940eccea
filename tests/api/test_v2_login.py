"""``POST /v2/authentication/login`` through the ASGI app (spec section 3).

Person-users log on with JSON (strict or single-quoted) or form bodies, field names in
any case; every refusal is the same HTTP 400 with the documented message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

import httpx2
import pytest
from starlette.testclient import TestClient

from chamberlain.domain.account_requests import AccountFields, NewAccount
from chamberlain.domain.accounts import BillingResponsibility, Contact
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction, User, validate_new_user
from chamberlain.services import person_auth
from chamberlain.services.accounts import (
    StatusChange,
    change_account_status,
    create_account,
    create_sub_account,
)
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import change_status, create_user

LOGIN = "/v2/authentication/login"
BAD_CREDENTIALS = {
    "message": "We didn't recognize the username or password you entered. Please try again."
}
SUCCESS_KEYS = ["userName", "accountAlias", "locationAlias", "roles", "bearerToken"]
PASSWORD = "s3cret & pass=word+ü"  # form and JSON special characters, non-ASCII
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _person(
    runtime: Runtime,
    actor: Actor,
    name: str,
    *,
    alias: str = "ROOT",
    roles: tuple[int, ...] = (12, 9, 10),
    password: str | None = PASSWORD,
) -> User:
    new = validate_new_user(
        user_name=name,
        account_alias=alias,
        email=f"{name}@example.com",
        first_name="Ada",
        last_name="Lovelace",
        optional={},
        allow_sms=None,
        roles=roles,
    )
    user = create_user(runtime, actor, new)
    if password is not None:
        person_auth.set_password(runtime, actor, name, password)
    return user


def _login(client: TestClient, content: str | bytes, content_type: str | None) -> httpx2.Response:
    headers = {} if content_type is None else {"Content-Type": content_type}
    return client.post(LOGIN, content=content, headers=headers)


def _json(user: str, password: str) -> str:
    return json.dumps({"username": user, "password": password})


def _comparable(response: httpx2.Response) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "x-request-id"]
    return response.status_code, headers, response.content


def test_success_answers_the_documented_record(
    client: TestClient, runtime: Runtime, root_actor: Actor
) -> None:
    user = _person(runtime, root_actor, "ada.lovelace")
    response = _login(client, _json("ada.lovelace", PASSWORD), JSON)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert list(body) == SUCCESS_KEYS
    token = body.pop("bearerToken")
    assert body == {
        "userName": "ada.lovelace",
        "accountAlias": "ROOT",
        "locationAlias": "WA1",
        "roles": ["AccountAdmin", "AccountViewer", "NetworkAdmin"],
    }
    assert isinstance(token, str)
    assert len(token) >= 32
    assert person_auth.authenticate_bearer(runtime, token).id == user.id
    again = _login(client, _json("ada.lovelace", PASSWORD), JSON).json()["bearerToken"]
    assert again != token


Body = Callable[[str, str], tuple[str, str | None]]

BODIES: dict[str, Body] = {
    "json": lambda u, p: (_json(u, p), JSON),
    "json-capitalised": lambda u, p: (json.dumps({"Username": u, "Password": p}), JSON),
    "json-upper": lambda u, p: (json.dumps({"USERNAME": u, "pAsSwOrD": p}), JSON),
    "json-charset": lambda u, p: (_json(u, p), "application/json; charset=utf-8"),
    "single-quoted-json": lambda u, p: (f"{{'username': '{u}', 'password': '{p}'}}", JSON),
    # PowerShell's Invoke-RestMethod labels a string body as a form unless told otherwise.
    "json-labelled-form": lambda u, p: (_json(u, p), FORM),
    "json-unlabelled": lambda u, p: (_json(u, p), None),
    # PowerShell posting a hashtable (the v2 overview), clc-sdk's get_session (data=).
    "form-powershell": lambda u, p: (urlencode({"Username": u, "Password": p}), FORM),
    "form-clc-sdk": lambda u, p: (urlencode({"username": u, "password": p}), FORM),
    "form-upper": lambda u, p: (urlencode({"USERNAME": u, "PASSWORD": p}), FORM),
}


@pytest.mark.parametrize("encoding", list(BODIES))
def test_every_client_body_logs_on(
    client: TestClient, runtime: Runtime, root_actor: Actor, encoding: str
) -> None:
    _person(runtime, root_actor, "grace")
    content, content_type = BODIES[encoding]("grace", PASSWORD)
    response = _login(client, content, content_type)
    assert response.status_code == 200, response.text
    assert response.json()["userName"] == "grace"


def test_user_name_matches_in_any_case_and_the_stored_form_is_answered(
    client: TestClient, runtime: Runtime, root_actor: Actor
) -> None:
    _person(runtime, root_actor, "Grace.Hopper")
    response = _login(client, _json("GRACE.hopper", PASSWORD), JSON)
    assert response.status_code == 200, response.text
    assert response.json()["userName"] == "Grace.Hopper"
    assert client.post(
        LOGIN + "/", json={"username": "grace.hopper", "password": PASSWORD}
    ).is_success


def test_location_and_roles_come_from_the_users_account(
    client: TestClient, runtime: Runtime, root_actor: Actor
) -> None:
    fields = AccountFields("East", Contact(), time_zone=None, share_parent_networks=None)
    new = NewAccount("ROOT", "EAST", "VA1", fields, BillingResponsibility.SELF)
    create_account(runtime, root_actor, new)
    _person(runtime, root_actor, "east.user", alias="EAST", roles=(15,))
    _person(runtime, root_actor, "no.roles", alias="EAST", roles=())
    body = _login(client, _json("east.user", PASSWORD), JSON).json()
    assert (body["accountAlias"], body["locationAlias"], body["roles"]) == (
        "EAST",
        "VA1",
        ["ServerScheduler"],
    )
    assert _login(client, _json("no.roles", PASSWORD), JSON).json()["roles"] == []


@pytest.fixture
def people(runtime: Runtime, root_actor: Actor) -> None:
    """One person-user per reason a logon must fail, and one that works."""
    _person(runtime, root_actor, "active")
    _person(runtime, root_actor, "no.password", password=None)
    for name, action in (("suspended", LifecycleAction.SUSPEND), ("gone", LifecycleAction.DELETE)):
        _person(runtime, root_actor, name)
        change_status(runtime, root_actor, name, action)
    for parent, alias in (("ROOT", "SUB"), ("ROOT", "MID"), ("MID", "LEAF")):
        create_sub_account(
            runtime, root_actor, parent_alias=parent, alias=alias, business_name=alias
        )
    _person(runtime, root_actor, "in.sub", alias="SUB")
    _person(runtime, root_actor, "in.leaf", alias="LEAF")
    for alias in ("SUB", "MID"):
        change_account_status(runtime, root_actor, alias, StatusChange.SUSPEND)


Refusal = Callable[[IssuedCredentials], tuple[str, str | None]]

REFUSALS: dict[str, Refusal] = {
    "unknown-user": lambda _: (_json("nobody", PASSWORD), JSON),
    "wrong-password": lambda _: (_json("active", PASSWORD + "x"), JSON),
    "password-in-other-case": lambda _: (_json("active", PASSWORD.upper()), JSON),
    "empty-password": lambda _: (_json("active", ""), JSON),
    "no-password-field": lambda _: (json.dumps({"username": "active"}), JSON),
    "no-user-field": lambda _: (json.dumps({"password": PASSWORD}), JSON),
    "empty-body": lambda _: ("", JSON),
    "empty-form": lambda _: ("", FORM),
    "user-without-password": lambda _: (_json("no.password", ""), JSON),
    "user-without-password-any": lambda _: (_json("no.password", PASSWORD), JSON),
    "suspended-user": lambda _: (_json("suspended", PASSWORD), JSON),
    "deleted-user": lambda _: (_json("gone", PASSWORD), JSON),
    "suspended-account": lambda _: (urlencode({"Username": "in.sub", "Password": PASSWORD}), FORM),
    "suspended-ancestor": lambda _: (_json("in.leaf", PASSWORD), JSON),
    # v2 is for person-users only; a v1 API key and password are not a user name.
    "api-user-credentials": lambda root: (_json(root.api_user.api_key, root.password), JSON),
}


@pytest.mark.parametrize("case", list(REFUSALS))
@pytest.mark.usefixtures("people")
def test_every_refusal_is_the_same_documented_400(
    client: TestClient, root: IssuedCredentials, case: str
) -> None:
    content, content_type = REFUSALS[case](root)
    response = _login(client, content, content_type)
    assert response.status_code == 400
    assert response.json() == BAD_CREDENTIALS
    reference = _login(client, _json("nobody", PASSWORD), JSON)
    assert _comparable(response) == _comparable(reference)
    assert _login(client, _json("active", PASSWORD), JSON).status_code == 200


@pytest.mark.parametrize(
    "content", [b"{", b"<LoginRequest><username>", b"\xff\xfe\x00", b"[1, 2]", b"null"]
)
def test_unreadable_bodies_get_400_with_a_message(client: TestClient, content: bytes) -> None:
    response = client.post(LOGIN, content=content, headers={"Content-Type": JSON})
    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body) == ["message"]
    assert "Traceback" not in body["message"]
