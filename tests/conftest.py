"""Shared fixtures and the run's set-up.

Every fixture built on ``database_url`` runs once on SQLite and once on PostgreSQL: the
database ``CHAMBERLAIN_TEST_DATABASE_URL`` names or, when it is unset, the default one
(``postgresql://postgres@127.0.0.1:5432/test``) if it answers; otherwise the PostgreSQL
half is skipped and the report says so. Each test gets an empty, migrated database, a fake
clock, and freshly generated credentials.

Under xdist (``make test`` runs ``-n auto --dist loadgroup``) tests that share a module-
or package-scoped fixture (a live server, the browser) stay on one worker, so it starts
once; docs/testing.md says more.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.db.engine import create_db_engine
from chamberlain.db.uow import Database
from chamberlain.domain.audit import Actor, Face, operator_actor
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.services.accounts import create_sub_account
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.bootstrap import initialise
from chamberlain.services.runtime import Runtime
from chamberlain.settings import Settings
from chamberlain.testing.outbox import Outbox
from tests.support.clock import FakeClock
from tests.support.databases import (
    POSTGRES_SKIPPED,
    choose_postgres,
    empty_postgres_tables,
    migrate,
    postgres_base_url,
    postgres_schema,
    sqlite_copy,
    sqlite_template,
)
from tests.support.hashing import make_hasher

ROOT_ALIAS = "ROOT"

_POSTGRES_LINE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    # xdist workers inherit what the controller settled (they start after this runs).
    if "PYTEST_XDIST_WORKER" not in os.environ:
        config.stash[_POSTGRES_LINE] = choose_postgres()


def pytest_report_header(config: pytest.Config) -> str | None:
    return config.stash.get(_POSTGRES_LINE, None)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if terminalreporter.config.stash.get(_POSTGRES_LINE, None) == POSTGRES_SKIPPED:
        terminalreporter.write_line(POSTGRES_SKIPPED, yellow=True, bold=True)


def _shared_scope(item: pytest.Item) -> str | None:
    """The widest scope below session of the fixtures ``item`` uses, as a group name: its
    package's folder for a package-scoped fixture, its module (and the parameters of
    parametrized module fixtures, one live server per database) for a module-scoped one."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    params: dict[str, object] = getattr(getattr(item, "callspec", None), "params", {})
    module, ids = None, []
    for name, definitions in info.name2fixturedefs.items():
        scope = definitions[-1].scope
        if scope == "package":
            return str(item.path.parent)
        if scope == "module":
            module = item.nodeid.split("::")[0]
            if name in params:
                ids.append(f"{name}={params[name]}")
    if module is None:
        return None
    return f"{module}[{','.join(sorted(ids))}]" if ids else module


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep the tests that share a module- or package-scoped fixture on one xdist worker
    (``--dist loadgroup``): each worker would otherwise start its own live server or
    browser for them."""
    for item in items:
        group = _shared_scope(item)
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def sqlite_template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if postgres_base_url() is None:
        pytest.skip("no PostgreSQL: CHAMBERLAIN_TEST_DATABASE_URL is unset or skip")
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
    """argon2id at its lowest cost (tests/support/hashing.py says why and where the
    pinned cost is tested); ``CHAMBERLAIN_TEST_PINNED_HASHING=1`` for the pinned one."""
    return make_hasher(max_concurrent=4)


@pytest.fixture(scope="session")
def pinned_hasher() -> PasswordHasher:
    """The production hasher, for tests about what is stored."""
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
    return operator_actor("tester")


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


# (parent, alias) in creation order: ROOT -> AA -> A1 and ROOT -> BB.
TREE = (("ROOT", "AA"), ("AA", "A1"), ("ROOT", "BB"))


@pytest.fixture
def tree(runtime: Runtime, root_actor: Actor) -> None:
    """Sub-accounts AA (with A1 below it) and BB under ROOT: two siblings and a
    grandchild, for tests of tenant scope."""
    for parent, alias in TREE:
        create_sub_account(
            runtime, root_actor, parent_alias=parent, alias=alias, business_name=f"Biz {alias}"
        )


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
