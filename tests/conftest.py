"""Shared fixtures.

Every fixture built on ``database_url`` runs once on SQLite and once on PostgreSQL (the
latter skipped unless ``CHAMBERLAIN_TEST_DATABASE_URL`` is set). Each test gets an empty,
migrated database, a fake clock, and freshly generated credentials.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.db.engine import create_db_engine
from chamberlain.db.uow import Database
from chamberlain.domain.audit import Actor, Face
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.bootstrap import initialise
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from chamberlain.testing.outbox import Outbox
from tests.support.clock import FakeClock
from tests.support.databases import (
    empty_postgres_tables,
    migrate,
    postgres_base_url,
    postgres_schema,
    sqlite_copy,
    sqlite_template,
)

ROOT_ALIAS = "ROOT"


@pytest.fixture(scope="session")
def sqlite_template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if postgres_base_url() is None:
        pytest.skip("CHAMBERLAIN_TEST_DATABASE_URL is not set")
    with postgres_schema("chamberlain_test") as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, sqlite_template_path: Path, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_copy(sqlite_template_path, tmp_path)
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres_tables(url)
    return url


@pytest.fixture(scope="session")
def hasher() -> PasswordHasher:
    return PasswordHasher(max_concurrent=4)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def runtime(database_url: str, clock: FakeClock, hasher: PasswordHasher) -> Iterator[Runtime]:
    """``Runtime.from_settings`` with the test's clock, an outbox and the session's hasher
    (built here rather than replaced afterwards: a new hasher costs an argon2 hash)."""
    rt = Runtime(
        settings=Settings(database_url=database_url),
        db=Database(create_db_engine(database_url)),
        hasher=hasher,
        mail=Outbox(),
        clock=clock,
    )
    yield rt
    rt.close()


@pytest.fixture
def operator() -> Actor:
    return Actor(kind="operator", label="tester", account_alias=None, tree_path="/", face=Face.CLI)


@pytest.fixture
def root(runtime: Runtime, operator: Actor) -> IssuedCredentials:
    """The root account ROOT and its first API user."""
    return initialise(runtime, operator, ROOT_ALIAS)


def actor_for(credentials: IssuedCredentials) -> Actor:
    """The v1 actor of an API user, as the v1 face builds it after a logon."""
    return credentials.api_user.actor(Face.V1)


@pytest.fixture
def root_actor(root: IssuedCredentials) -> Actor:
    return actor_for(root)


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime), base_url="http://127.0.0.1") as test_client:
        yield test_client


def logon(client: TestClient, credentials: IssuedCredentials) -> None:
    """Log ``client`` on (JSON body); its cookie jar then holds the session."""
    response = client.post(
        "/REST/Auth/Logon/",
        json={"APIKey": credentials.api_user.api_key, "Password": credentials.password},
    )
    assert response.json()["StatusCode"] == 0, response.text


@pytest.fixture
def session(client: TestClient, root: IssuedCredentials) -> TestClient:
    """A client logged on as the root API user."""
    logon(client, root)
    return client
