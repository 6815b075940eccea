"""Review: "forgot password" tells nothing by its timing (AUTH-08).

Asking for a reset writes a link only for a real, active user, and that write takes a
measurable time (a commit). The portal therefore answers first and asks afterwards: the
reply is sent before the reset is looked up, for every user name.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.domain.user_links import LinkPurpose
from chamberlain.services import user_links, users
from chamberlain.services.runtime import Runtime
from tests.portal.conftest import PersonFactory
from tests.portal.portal import BASE_URL, PRESESSION, session_csrf


@pytest.mark.parametrize("asked_for", ["bob", "nobody"])
def test_the_reply_goes_before_the_reset_is_asked_for(
    *,
    asked_for: str,
    runtime: Runtime,
    operator: Actor,
    person: PersonFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person("bob", (10,))
    events: list[str] = []
    real = user_links.request_reset

    def noted(*args: object, **kwargs: object) -> None:
        events.append("reset asked")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(user_links, "request_reset", noted)
    app = create_app(runtime)

    async def watched(scope: Scope, receive: Receive, send: Send) -> None:
        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                events.append(f"reply {message['status']}")
            await send(message)

        await app(scope, receive, noting)

    with TestClient(watched, base_url=BASE_URL) as client:
        client.get("/portal/forgot-password")
        events.clear()
        response = client.post(
            "/portal/forgot-password",
            data={"user_name": asked_for, "csrf_token": session_csrf(client, PRESESSION)},
            follow_redirects=False,
        )
    assert response.headers["location"] == "/?done=reset_requested"
    assert events == ["reply 303", "reset asked"]
    bob = users.get_user(runtime, operator, None, "bob")
    with runtime.db.read() as uow:
        asked = uow.links.last_requested(bob.id, LinkPurpose.RESET)
    assert (asked is not None) == (asked_for == "bob")
