"""Races: simultaneous creates of one user name end with exactly one user."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from sqlalchemy import func, select

from chamberlain.db.models import UserRow
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import validate_new_user
from chamberlain.errors import UserExists
from chamberlain.services import users
from chamberlain.services.runtime import Runtime
from tests.conftest import ROOT_ALIAS

TRIALS = 15


def _attempt(runtime: Runtime, actor: Actor, barrier: threading.Barrier, name: str) -> str:
    new = validate_new_user(
        user_name=name,
        account_alias=ROOT_ALIAS,
        email="race@example.com",
        first_name="Race",
        last_name="Condition",
        optional={},
        allow_sms=None,
        roles=[9],
    )
    barrier.wait()
    try:
        users.create_user(runtime, actor, new)
    except UserExists:
        return "exists"
    return "created"


@pytest.mark.parametrize("clients", [2, 8])
def test_duplicate_creates_make_one_user(runtime: Runtime, root_actor: Actor, clients: int) -> None:
    for trial in range(TRIALS):
        barrier = threading.Barrier(clients)
        # Case variants of one name: they fold to one key.
        names = [f"racer{trial}" if i % 2 else f"RACER{trial}" for i in range(clients)]
        attempt = partial(_attempt, runtime, root_actor, barrier)
        with ThreadPoolExecutor(max_workers=clients) as pool:
            outcomes = list(pool.map(attempt, names))
        assert sorted(outcomes) == ["created"] + ["exists"] * (clients - 1)
    with runtime.db.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(UserRow)) == TRIALS
