"""Fixtures of the SCIM tests: a token of the root account and a client using it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.db.uow import UnitOfWork
from chamberlain.domain.audit import Actor
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from chamberlain.services.scim_tokens import create_scim_token
from tests.scim.scim import Scim


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """The whole app; a server error is answered (500), not raised into the test, so the
    test sees what a client would."""
    with TestClient(
        create_app(runtime), base_url="http://127.0.0.1", raise_server_exceptions=False
    ) as test_client:
        yield test_client


def token_for(runtime: Runtime, actor: Actor, alias: str) -> str:
    """A new SCIM token of account ``alias``."""
    return create_scim_token(runtime, actor, alias, f"tests of {alias}").secret


@pytest.fixture
def scim(client: TestClient, runtime: Runtime, operator: Actor, root: IssuedCredentials) -> Scim:
    """A SCIM client holding a token of the root account ROOT."""
    return Scim(client, token_for(runtime, operator, root.api_user.account_alias))


@pytest.fixture
def write_transactions(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per write transaction begun on ``runtime`` from now on."""
    begun: list[str] = []
    original = runtime.db.write

    @contextmanager
    def counted(*, commit: bool = True) -> Iterator[UnitOfWork]:
        begun.append("write")
        with original(commit=commit) as uow:
            yield uow

    monkeypatch.setattr(runtime.db, "write", counted)
    return begun
