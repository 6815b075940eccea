"""The SDK methods the remote CLI added, against the real app (both clients): API users
disabled, enabled and rotated over REST, invitations, and tokens with their expiry."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from chamberlain.client import (
    ApiKeyAuth,
    AuthenticationError,
    BadRequest,
    Client,
    LoginAuth,
    NotFound,
    PermissionDenied,
    TokenAuth,
    ValidationError,
)
from chamberlain.domain.audit import Actor
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials
from chamberlain.services.runtime import Runtime
from tests.client.conftest import Connect, ConnectMock
from tests.client.support import PASSWORD, make_user
from tests.support.clock import FakeClock

UNKNOWN_KEY = "0123456789abcdef0123456789abcdef"


def test_disable_and_enable_an_api_user(sdk: Client, connect: Connect) -> None:
    made = sdk.api_users.create("ROOT")
    theirs = connect(ApiKeyAuth(made.api_key, made.password))
    assert theirs.me.get().name == made.api_key

    disabled = sdk.api_users.disable(made)
    assert (disabled.api_key, disabled.account_alias, disabled.state) == (
        made.api_key,
        "ROOT",
        "disabled",
    )
    with pytest.raises(AuthenticationError):  # its token ended, and it cannot log on again
        theirs.me.get()
    assert sdk.api_users.disable(made.api_key).state == "disabled"  # again: no change
    assert sdk.api_users.enable(made.api_key.upper()).state == "enabled"
    assert theirs.me.get().name == made.api_key  # logs on again by itself

    actions = [e.action for e in sdk.audit.list(target=made.api_key)]
    assert actions == ["api_user.create", "api_user.disable", "api_user.enable"]
    with pytest.raises(NotFound) as unknown:
        sdk.api_users.enable(UNKNOWN_KEY)
    assert unknown.value.code == "api_user_not_found"


def test_rotate_issues_a_second_key_and_retires_the_first(
    sdk: Client, connect: Connect, root: IssuedCredentials, clock: FakeClock
) -> None:
    old = root.api_user.api_key
    rotated = sdk.api_users.rotate(old, grace_hours=2)
    assert (rotated.account_alias, rotated.state) == ("ROOT", "enabled")
    assert rotated.api_key != old
    assert rotated.password not in repr(rotated)
    assert connect(ApiKeyAuth(rotated.api_key, rotated.password)).me.get().name == (rotated.api_key)
    listed = {a.api_key: a for a in sdk.api_users.list("ROOT")}
    assert listed[old].state == "retiring"
    assert listed[old].retires_at == clock() + timedelta(hours=2)
    assert connect(ApiKeyAuth(old, root.password)).me.get().name == old  # still, for now

    again = sdk.api_users.rotate(rotated)  # the default grace period: a day
    retiring = {a.api_key: a for a in sdk.api_users.list("ROOT")}[rotated.api_key]
    assert retiring.retires_at == clock() + timedelta(hours=24)
    assert again.api_key not in (old, rotated.api_key)
    with pytest.raises(ValidationError):
        sdk.api_users.rotate(again, grace_hours=24 * 30 + 1)
    clock.advance(hours=3)
    newest = connect(ApiKeyAuth(again.api_key, again.password))
    with pytest.raises(NotFound):  # retired for good
        newest.api_users.rotate(old)
    with pytest.raises(AuthenticationError):
        sdk.me.get()  # the root's first key, past its grace period


def test_a_person_without_the_permission_cannot_touch_api_users(
    sdk: Client, connect: Connect, runtime: Runtime, operator: Actor, root: IssuedCredentials
) -> None:
    make_user(sdk, "viewer", roles=[10])
    person_auth.set_password(runtime, operator, "viewer", PASSWORD)
    viewer = connect(LoginAuth("viewer", PASSWORD))
    key = root.api_user.api_key
    for attempt in (viewer.api_users.disable, viewer.api_users.enable, viewer.api_users.rotate):
        with pytest.raises(PermissionDenied):
            attempt(key)
    assert {a.state for a in sdk.api_users.list("ROOT")} == {"enabled"}


def test_invite_a_user(sdk: Client, runtime: Runtime, clock: FakeClock) -> None:
    user = make_user(sdk, "jdoe")
    invitation = sdk.users.invite(user)
    assert (invitation.user_name, invitation.email) == ("jdoe", "jdoe@example.com")
    assert invitation.expires_at == clock() + runtime.settings.invitation_lifetime
    assert sdk.users.invite("JDOE").user_name == "jdoe"
    with pytest.raises(NotFound):
        sdk.users.invite("nobody")
    sdk.users.suspend("jdoe")
    with pytest.raises(ValidationError):
        sdk.users.invite("jdoe")


def test_issue_token_says_when_an_api_users_token_expires(
    connect: Connect, root: IssuedCredentials, clock: FakeClock, runtime: Runtime
) -> None:
    sdk = connect(ApiKeyAuth(root.api_user.api_key, root.password))
    issued = sdk.issue_token()
    assert issued.expires_at is not None
    assert issued.expires_at > clock()
    assert issued.token not in repr(issued)
    assert connect(TokenAuth(issued.token)).me.get().name == root.api_user.api_key


def test_issue_token_of_a_person_has_no_known_expiry(
    sdk: Client, connect: Connect, runtime: Runtime, operator: Actor
) -> None:
    make_user(sdk, "jdoe")
    person_auth.set_password(runtime, operator, "jdoe", PASSWORD)
    issued = connect(LoginAuth("jdoe", PASSWORD)).issue_token()
    assert issued.expires_at is None
    assert connect(TokenAuth(issued.token)).me.get().name == "jdoe"


def test_what_the_new_methods_send(connect_mock: ConnectMock) -> None:
    sent: list[httpx.Request] = []
    api_user = {
        "api_key": "k",
        "account_alias": "A",
        "created_at": "2030-01-01T00:00:00Z",
        "last_used_at": None,
        "retires_at": None,
        "state": "enabled",
    }

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path.endswith("/invitations"):
            body = {
                "user_name": "grace",
                "email": "g@example.com",
                "expires_at": "2030-01-08T00:00:00Z",
            }
            return httpx.Response(202, json=body)
        if request.url.path.endswith("/rotate"):
            return httpx.Response(201, json={**api_user, "password": "p" * 20})
        return httpx.Response(200, json=api_user)

    sdk = connect_mock(answer, TokenAuth("t"))
    sdk.api_users.disable("k/1")
    sdk.api_users.enable("k")
    sdk.api_users.rotate("k")
    sdk.api_users.rotate("k", grace_hours=1.5, idempotency_key="mine")
    invitation = sdk.users.invite("grace")
    assert invitation.expires_at == datetime(2030, 1, 8, tzinfo=UTC)
    assert [(r.method, r.url.raw_path.decode()) for r in sent] == [
        ("POST", "/api/api-users/k%2F1/disable"),
        ("POST", "/api/api-users/k/enable"),
        ("POST", "/api/api-users/k/rotate"),
        ("POST", "/api/api-users/k/rotate"),
        ("POST", "/api/users/grace/invitations"),
    ]
    assert sent[2].content == b""
    assert json.loads(sent[3].content) == {"grace_hours": 1.5}
    assert sent[3].headers["Idempotency-Key"] == "mine"
    # Every POST carries a key of its own, so that the SDK may retry it safely.
    keys = [r.headers.get("Idempotency-Key") for r in sent]
    assert all(keys)
    assert len(set(keys)) == len(keys)


def test_password_reset_requests_and_links(connect_mock: ConnectMock) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(202 if request.url.path.endswith("resets") else 204)

    sdk = connect_mock(answer)
    sdk.users.request_password_reset("jdoe")
    sdk.users.set_password_with_link("link-token", "a new password, long enough")
    assert [(r.method, r.url.path, json.loads(r.content)) for r in sent] == [
        ("POST", "/api/password-resets", {"user_name": "jdoe"}),
        ("POST", "/api/auth/set-password",
         {"token": "link-token", "password": "a new password, long enough"}),
    ]  # fmt: skip
    assert "Idempotency-Key" in sent[0].headers
    # A body with a password is never kept by the server's idempotency store.
    assert "Idempotency-Key" not in sent[1].headers


def test_password_reset_against_the_app(sdk: Client, connect: Connect) -> None:
    anonymous = connect(None)
    anonymous.users.request_password_reset("nobody")  # the same answer for anyone
    with pytest.raises(BadRequest) as refused:
        anonymous.users.set_password_with_link("not-a-link", "a new password, long enough")
    assert refused.value.code == "link_not_usable"
