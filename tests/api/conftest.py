"""Fixtures of the v1 wire tests: extra logged-on clients and the account tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from tests.api.v1 import BASE_URL
from tests.conftest import logon

ClientFactory = Callable[[IssuedCredentials | None], TestClient]


@pytest.fixture
def client_for(runtime: Runtime) -> Iterator[ClientFactory]:
    """Make extra clients on the same runtime, logged on as the given API user (or not)."""
    with ExitStack() as stack:

        def make(credentials: IssuedCredentials | None) -> TestClient:
            new = stack.enter_context(TestClient(create_app(runtime), base_url=BASE_URL))
            if credentials is not None:
                logon(new, credentials)
            return new

        yield make


@pytest.fixture
def aa_user(tree: None, runtime: Runtime, operator: Actor) -> IssuedCredentials:
    """An API user of account AA."""
    return create_api_user(runtime, operator, "AA")


@pytest.fixture
def aa(aa_user: IssuedCredentials, client_for: ClientFactory) -> TestClient:
    """A client logged on as the API user of AA."""
    return client_for(aa_user)
