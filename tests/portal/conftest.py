"""Fixtures of the portal tests: the app over HTTPS, people with roles, a small tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.portal.portal import BASE_URL, Person, make_person


@pytest.fixture
def portal(runtime: Runtime, root: IssuedCredentials) -> Iterator[TestClient]:
    """The whole app over HTTPS (the production cookie), with the root account made."""
    with TestClient(create_app(runtime), base_url=BASE_URL) as client:
        yield client


class PersonFactory(Protocol):
    def __call__(self, name: str, roles: tuple[int, ...], alias: str = "ROOT") -> Person: ...


@pytest.fixture
def person(runtime: Runtime, operator: Actor, root: IssuedCredentials) -> PersonFactory:
    """Make a person-user with roles and a password generated for this run."""

    def make(name: str, roles: tuple[int, ...], alias: str = "ROOT") -> Person:
        return make_person(runtime, operator, name, roles, alias)

    return make
