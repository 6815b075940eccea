"""Pagers: lazy, re-iterable, following the cursor of ``next`` on the client's own base
URL with the same filters, and refusing a server that would make them loop."""

from __future__ import annotations

import httpx
import pytest

from chamberlain.client import Client, TokenAuth, UnexpectedResponse
from tests.client.conftest import BASE_URL, ConnectMock
from tests.client.support import USER_JSON, Scripted, make_user


def page(*names: str, next_link: str | None = None) -> httpx.Response:
    items = [{**USER_JSON, "user_name": name} for name in names]
    return httpx.Response(200, json={"items": items, "next": next_link, "total": None})


def test_pages_follow_the_cursor_on_the_clients_own_host(connect_mock: ConnectMock) -> None:
    script = Scripted(
        page("a", "b", next_link="http://internal:8080/api/accounts/ROOT/users?limit=2&role=9&cursor=Mg"),
        page("c"),
    )  # fmt: skip
    pager = connect_mock(script, TokenAuth("t")).users.list("ROOT", page_size=2, role=9)
    assert script.requests == []  # nothing is fetched before iterating
    assert [user.user_name for user in pager] == ["a", "b", "c"]
    second = script.requests[1].url
    assert second.host == httpx.URL(BASE_URL).host  # never the host the link names
    assert dict(second.params) == {"role": "9", "limit": "2", "cursor": "Mg"}
    assert script.requests[1].headers["Authorization"] == "Bearer t"


def test_a_pager_starts_again_on_each_iteration(connect_mock: ConnectMock) -> None:
    script = Scripted(page("a"), page("a"))
    pager = connect_mock(script).users.list("ROOT")
    assert list(pager) == list(pager)
    assert len(script.requests) == 2
    assert all("cursor" not in request.url.params for request in script.requests)


@pytest.mark.parametrize(
    "answers",
    [
        [page("a", next_link="/x?cursor=Mg"), page("b", next_link="/x?cursor=Mg")],
        [page("a", next_link="/x?limit=2")],
        [httpx.Response(200, json={"items": {}, "next": None})],
    ],
    ids=["repeated cursor", "no cursor", "items not a list"],
)
def test_a_page_that_would_mislead_is_unexpected(
    connect_mock: ConnectMock, answers: list[httpx.Response]
) -> None:
    with pytest.raises(UnexpectedResponse):
        list(connect_mock(Scripted(*answers)).users.list("ROOT"))


def test_pages_of_the_app(sdk: Client) -> None:
    for i in range(5):
        make_user(sdk, f"user{i}")
    pages = list(sdk.users.list("ROOT", page_size=2).pages())
    assert [[u.user_name for u in p.items] for p in pages] == [
        ["user0", "user1"], ["user2", "user3"], ["user4"],
    ]  # fmt: skip
    assert [p.cursor is None for p in pages] == [False, False, True]
    assert all(p.total is None for p in pages)
