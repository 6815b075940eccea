"""ETags and idempotency keys against the real app: a stale model is refused, a name is
last-writer-wins, and a create whose answer was lost is retried without creating twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chamberlain.client import (
    NO_RETRY,
    Client,
    Conflict,
    NotFound,
    PreconditionFailed,
    Timeout,
    ValidationError,
)
from tests.client.conftest import Connect
from tests.client.support import NEW_ACCOUNT, LoseAnswers, make_user


def test_a_stale_user_is_refused_and_a_name_is_last_writer_wins(sdk: Client) -> None:
    read = make_user(sdk, "ada")
    fresh = sdk.users.update(read, title="Countess")
    with pytest.raises(PreconditionFailed) as caught:
        sdk.users.update(read, title="Lady")
    error = caught.value
    assert (error.status, error.code) == (412, "version_mismatch")
    assert error.request_id
    assert sdk.users.get("ada").title == "Countess"
    for stale_write in (sdk.users.suspend, sdk.users.unsuspend, sdk.users.delete):
        with pytest.raises(PreconditionFailed):
            stale_write(read)
    assert sdk.users.get("ada") == fresh

    assert sdk.users.update("ada", title="Lady").title == "Lady"  # no If-Match
    sdk.users.delete(sdk.users.get("ada"))
    with pytest.raises(NotFound):
        sdk.users.get("ada")


def test_a_stale_account_is_refused(sdk: Client) -> None:
    read = sdk.accounts.create("ROOT", alias="KID", **NEW_ACCOUNT)
    sdk.accounts.update("KID", telephone="+1 555 0199")
    for stale_write in (sdk.accounts.suspend, sdk.accounts.enable):
        with pytest.raises(PreconditionFailed):
            stale_write(read)
    with pytest.raises(PreconditionFailed):
        sdk.accounts.update(read, city="Portland")
    assert sdk.accounts.get("KID").city == "Seattle"


def test_the_same_idempotency_key_replays_the_first_answer(sdk: Client) -> None:
    first = sdk.users.create(
        "ROOT", idempotency_key="import-42", user_name="lin", email="lin@example.com",
        first_name="Lin", last_name="Chen",
    )  # fmt: skip
    again = sdk.users.create(
        "ROOT", idempotency_key="import-42", user_name="lin", email="lin@example.com",
        first_name="Lin", last_name="Chen",
    )  # fmt: skip
    assert again == first
    with pytest.raises(ValidationError) as reused:
        sdk.users.create(
            "ROOT", idempotency_key="import-42", user_name="lin2", email="lin@example.com",
            first_name="Lin", last_name="Chen",
        )  # fmt: skip
    assert reused.value.code == "idempotency_key_reused"
    with pytest.raises(Conflict) as taken:  # a new key: a new request
        make_user(sdk, "lin")
    assert taken.value.code == "user_exists"


def _losing(suffix: str, wrappers: list[LoseAnswers]) -> Any:
    def wrap(inner: Any) -> LoseAnswers:
        wrappers.append(LoseAnswers(inner, suffix))
        return wrappers[-1]

    return wrap


CREATES: list[tuple[str, Callable[[Client], str], Callable[[Client], list[str]]]] = [
    ("/users", lambda sdk: make_user(sdk, "once").user_name,
     lambda sdk: [u.user_name for u in sdk.users.list("ROOT")]),
    ("/accounts", lambda sdk: sdk.accounts.create("ROOT", alias="ONCE", **NEW_ACCOUNT).alias,
     lambda sdk: [a.alias for a in sdk.accounts.list_children("ROOT")]),
    ("/api-users", lambda sdk: sdk.api_users.create("ROOT").api_key,
     lambda sdk: [a.api_key for a in sdk.api_users.list("ROOT")]),
]  # fmt: skip


@pytest.mark.parametrize(("suffix", "create", "listing"), CREATES, ids=[c[0] for c in CREATES])
def test_a_create_whose_answer_was_lost_is_retried_without_creating_twice(
    connect: Connect,
    sleeps: list[float],
    suffix: str,
    create: Callable[[Client], str],
    listing: Callable[[Client], list[str]],
) -> None:
    wrappers: list[LoseAnswers] = []
    sdk = connect(wrap=_losing(suffix, wrappers))
    before = listing(sdk)
    made = create(sdk)
    (wrapper,) = [w for w in wrappers if w.seen]
    assert len(wrapper.lost) == 1  # the server acted, the client never heard
    assert len(wrapper.seen) == 2
    keys = {request.headers["Idempotency-Key"] for request in wrapper.seen}
    assert len(keys) == 1  # the retry carried the first try's key
    assert sleeps == [0.5]
    assert listing(sdk) == [*before, made]


def test_without_retries_the_lost_answer_is_a_timeout(connect: Connect) -> None:
    sdk = connect(wrap=lambda inner: LoseAnswers(inner, "/users"), retry=NO_RETRY)
    with pytest.raises(Timeout) as caught:
        make_user(sdk, "once")
    assert caught.value.sent
    assert caught.value.status is None
    assert sdk.users.get("once").user_name == "once"  # it was created all the same
