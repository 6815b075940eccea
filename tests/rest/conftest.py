"""Fixtures of the REST tests: a root API-user client, person-users with roles, a tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from tests.rest.rest import API, BASE_URL, PASSWORD, ROOT, Api


def api_token(client: TestClient, credentials: IssuedCredentials) -> str:
    """A bearer token of an API user, from the token endpoint."""
    response = client.post(
        f"{API}/auth/token",
        json={"api_key": credentials.api_user.api_key, "password": credentials.password},
    )
    assert response.status_code == 201, response.text
    token: str = response.json()["access_token"]
    return token


def person_token(client: TestClient, name: str) -> str:
    """A bearer token of a person-user (password ``PASSWORD``), from the v2 login."""
    response = client.post(
        "/v2/authentication/login", json={"username": name, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["bearerToken"]
    return token


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The whole app, as the root conftest's ``client``, except that a server error is
    answered (500) rather than raised into the test: a failure then shows the status and
    costs no long traceback."""
    app = create_app(runtime)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient, root: IssuedCredentials) -> Api:
    """The root API user of ROOT, calling with a bearer token."""
    return Api(client, api_token(client, root), name=root.api_user.api_key)


class ApiUserFactory(Protocol):
    def __call__(self, alias: str) -> Api: ...


@pytest.fixture
def api_user(client: TestClient, runtime: Runtime, operator: Actor) -> ApiUserFactory:
    """Make a new API user in an account and a client calling as it."""

    def make(alias: str) -> Api:
        credentials = create_api_user(runtime, operator, alias)
        return Api(client, api_token(client, credentials), name=credentials.api_user.api_key)

    return make


class PersonFactory(Protocol):
    def __call__(self, name: str, roles: tuple[int, ...], alias: str = ROOT) -> Api: ...


@pytest.fixture
def person(api: Api, client: TestClient, runtime: Runtime, operator: Actor) -> PersonFactory:
    """Make a person-user with roles (through REST, as the root API user) and a client
    calling with its bearer token."""

    def make(name: str, roles: tuple[int, ...], alias: str = ROOT) -> Api:
        api.made_user(name, alias, roles=list(roles))
        person_auth.set_password(runtime, operator, name, PASSWORD)
        return Api(client, person_token(client, name), name=name)

    return make
