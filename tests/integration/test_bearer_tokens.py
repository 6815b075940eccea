"""v2 bearer tokens at the service level, on a fake clock.

A token lasts 14 days. Whether it works is decided on every use (``person_auth`` module
docstring): the user must be Active and its account and every ancestor in service.
Suspending or deleting the user, or suspending its account or an ancestor, ends it for
good: lifting the suspension does not bring a stolen token back (issue 13). Setting a
password revokes every token of the user (``set_password`` docstring).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import MetaData, select

from chamberlain.db.models import BearerTokenRow
from chamberlain.domain.audit import Actor
from chamberlain.domain.users import LifecycleAction, validate_new_user
from chamberlain.errors import AuthenticationFailed
from chamberlain.services import person_auth
from chamberlain.services.accounts import (
    StatusChange,
    change_account_status,
    create_sub_account,
)
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import change_status, create_user
from tests.support.clock import FakeClock

NAME = "ada"
PASSWORD = "a password of some length"


@pytest.fixture
def token(runtime: Runtime, root_actor: Actor) -> str:
    """A bearer token of user ``ada`` in account LEAF, below MID, below ROOT."""
    for parent, alias in (("ROOT", "MID"), ("MID", "LEAF")):
        create_sub_account(
            runtime, root_actor, parent_alias=parent, alias=alias, business_name=alias
        )
    new = validate_new_user(
        user_name=NAME,
        account_alias="LEAF",
        email="ada@example.com",
        first_name="Ada",
        last_name="Lovelace",
        optional={},
        allow_sms=None,
        roles=[10],
    )
    create_user(runtime, root_actor, new)
    person_auth.set_password(runtime, root_actor, NAME, PASSWORD)
    return person_auth.login(runtime, user_name=NAME, password=PASSWORD, source=None).token


def _works(runtime: Runtime, token: str) -> bool:
    try:
        user = person_auth.authenticate_bearer(runtime, token)
    except AuthenticationFailed:
        return False
    assert user.user_name == NAME
    return True


def test_a_token_lasts_fourteen_days(runtime: Runtime, clock: FakeClock, token: str) -> None:
    login = person_auth.login(runtime, user_name=NAME, password=PASSWORD, source=None)
    assert login.expires_at - clock() == runtime.settings.bearer_token_lifetime
    clock.advance(days=13, hours=23, minutes=59, seconds=59)
    assert _works(runtime, token)
    clock.advance(seconds=1)
    assert not _works(runtime, token)


def test_unknown_and_altered_tokens_are_refused(runtime: Runtime, token: str) -> None:
    for candidate in ("", "nonsense", token[:-1], token + "x", token.upper()):
        assert not _works(runtime, candidate)
    assert _works(runtime, token)


Step = Callable[[Runtime, Actor], object]


def _user(action: LifecycleAction) -> Step:
    return lambda rt, actor: change_status(rt, actor, NAME, action)


def _account(alias: str, change: StatusChange) -> Step:
    return lambda rt, actor: change_account_status(rt, actor, alias, change)


def _password(value: str) -> Step:
    return lambda rt, actor: person_auth.set_password(rt, actor, NAME, value)


# (what stops the token, what is done next, whether the old token then works again)
CASES: dict[str, tuple[Step, Step | None, bool]] = {
    "suspend-user": (_user(LifecycleAction.SUSPEND), _user(LifecycleAction.UNSUSPEND), False),
    "delete-user": (_user(LifecycleAction.DELETE), None, False),
    "suspend-account": (
        _account("LEAF", StatusChange.SUSPEND),
        _account("LEAF", StatusChange.ENABLE),
        False,
    ),
    "suspend-ancestor": (
        _account("MID", StatusChange.SUSPEND),
        _account("MID", StatusChange.ENABLE),
        False,
    ),
    "password-change": (_password("a brand new password"), None, False),
    "same-password-again": (_password(PASSWORD), None, False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_token_stops_at_once(runtime: Runtime, root_actor: Actor, token: str, case: str) -> None:
    stop, then, works_again = CASES[case]
    assert _works(runtime, token)
    stop(runtime, root_actor)
    assert not _works(runtime, token)
    if then is not None:
        then(runtime, root_actor)
    assert _works(runtime, token) is works_again


def test_after_a_password_change_only_the_new_password_logs_on(
    runtime: Runtime, root_actor: Actor, token: str
) -> None:
    person_auth.set_password(runtime, root_actor, NAME, "a brand new password")
    with pytest.raises(AuthenticationFailed):
        person_auth.login(runtime, user_name=NAME, password=PASSWORD, source=None)
    fresh = person_auth.login(
        runtime, user_name=NAME, password="a brand new password", source=None
    ).token
    assert _works(runtime, fresh)
    assert not _works(runtime, token)


def test_tokens_are_stored_only_as_sha256_digests(runtime: Runtime, token: str) -> None:
    second = person_auth.login(runtime, user_name=NAME, password=PASSWORD, source=None).token
    with runtime.db.engine.connect() as connection:
        digests = set(connection.scalars(select(BearerTokenRow.token_digest)))
        metadata = MetaData()
        metadata.reflect(connection)
        dump = "\n".join(
            repr(value)
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
            for value in row
        )
    assert digests == {hashlib.sha256(t.encode()).hexdigest() for t in (token, second)}
    for secret in (token, second, PASSWORD):
        assert secret not in dump
