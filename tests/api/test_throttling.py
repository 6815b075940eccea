"""Log-on throttling on every face that checks a password (security checklist AUTH-06/07).

Each failure counts against the credential tried and the source address. Past the free
failures the caller is locked for a delay that doubles; v1 answers a locked caller exactly
like a wrong password, REST and v2 answer 429 with ``Retry-After``. Locks end by
themselves, and a success clears the credential's counter.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import ip_network

import pytest
from starlette.testclient import TestClient

from chamberlain.app import create_app
from chamberlain.domain.audit import Actor
from chamberlain.domain.credentials import PasswordHasher
from chamberlain.domain.throttle import ADDRESS_FREE_FAILURES, CREDENTIAL_FREE_FAILURES
from chamberlain.domain.users import validate_new_user
from chamberlain.services import person_auth
from chamberlain.services.api_users import IssuedCredentials, create_api_user
from chamberlain.services.runtime import Runtime
from chamberlain.services.users import create_user
from tests.support.clock import FakeClock

LOGON = "/REST/Auth/Logon/JSON"
TOKEN = "/api/auth/token"
LOGIN = "/v2/authentication/login"


def _v1(client: TestClient, key: str, password: str) -> tuple[int, bytes, str | None]:
    response = client.post(LOGON, json={"APIKey": key, "Password": password})
    return response.json()["StatusCode"], response.content, response.headers.get("set-cookie")


def _fail_v1(client: TestClient, key: str, times: int) -> None:
    for _ in range(times):
        assert _v1(client, key, "not the password")[0] == 100


def test_a_locked_key_gets_the_wrong_password_reply_even_with_the_right_password(
    client: TestClient, root: IssuedCredentials
) -> None:
    key = root.api_user.api_key
    _fail_v1(client, key, CREDENTIAL_FREE_FAILURES)
    assert _v1(client, key, root.password)[0] == 0  # the free failures cost nothing
    _fail_v1(client, key, CREDENTIAL_FREE_FAILURES + 1)  # the counter was cleared: lock now

    code, body, cookie = _v1(client, key, root.password)
    wrong_code, wrong_body, _ = _v1(client, key, "not the password")
    assert (code, cookie) == (100, None)
    assert body == wrong_body
    assert wrong_code == 100


def test_the_lock_ends_by_itself_and_grows_with_each_failure(
    client: TestClient, root: IssuedCredentials, clock: FakeClock
) -> None:
    key = root.api_user.api_key
    _fail_v1(client, key, CREDENTIAL_FREE_FAILURES + 1)  # locked for 5 s
    assert _v1(client, key, root.password)[0] == 100
    clock.advance(seconds=5)
    _fail_v1(client, key, 1)  # the 7th failure: locked for 10 s
    clock.advance(seconds=5)
    assert _v1(client, key, root.password)[0] == 100
    clock.advance(seconds=5)
    assert _v1(client, key, root.password)[0] == 0


def test_unknown_keys_are_counted_like_known_ones(
    client: TestClient, root: IssuedCredentials
) -> None:
    _fail_v1(client, "0" * 32, CREDENTIAL_FREE_FAILURES + 1)
    assert _v1(client, root.api_user.api_key, root.password)[0] == 0  # another key is not locked


def test_an_address_is_locked_after_failures_spread_over_many_keys(
    client: TestClient, root: IssuedCredentials
) -> None:
    for number in range(ADDRESS_FREE_FAILURES + 1):
        assert _v1(client, f"{number:032d}", "guess")[0] == 100
    assert _v1(client, root.api_user.api_key, root.password)[0] == 100


def test_x_forwarded_for_from_an_untrusted_peer_changes_nothing(
    client: TestClient, root: IssuedCredentials
) -> None:
    for number in range(ADDRESS_FREE_FAILURES + 1):
        spoofed = {"X-Forwarded-For": f"198.51.100.{number}"}
        body = {"APIKey": f"{number:032d}", "Password": "guess"}
        assert client.post(LOGON, json=body, headers=spoofed).json()["StatusCode"] == 100
    response = client.post(
        LOGON,
        json={"APIKey": root.api_user.api_key, "Password": root.password},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert response.json()["StatusCode"] == 100  # still the peer's own (locked) address


def test_the_token_endpoint_answers_429_with_retry_after_and_shares_v1_counters(
    client: TestClient, root: IssuedCredentials
) -> None:
    key = root.api_user.api_key
    _fail_v1(client, key, CREDENTIAL_FREE_FAILURES + 1)
    response = client.post(TOKEN, json={"api_key": key, "password": root.password})
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "throttled"
    assert int(response.headers["Retry-After"]) >= 1
    assert root.password not in response.text


def test_token_endpoint_failures_lock_v1_logon_too(
    client: TestClient, root: IssuedCredentials
) -> None:
    key = root.api_user.api_key
    for _ in range(CREDENTIAL_FREE_FAILURES + 1):
        refused = client.post(TOKEN, json={"api_key": key, "password": "not the password"})
        assert refused.status_code == 401
    assert _v1(client, key, root.password)[0] == 100


def test_v2_login_is_throttled_per_user_name(
    client: TestClient, runtime: Runtime, root_actor: Actor, clock: FakeClock
) -> None:
    new = validate_new_user(
        user_name="alice", account_alias="ROOT", email="alice@example.com",
        first_name="Alice", last_name="Doe", optional={}, allow_sms=False, roles=[9],
    )  # fmt: skip
    create_user(runtime, root_actor, new)
    person_auth.set_password(runtime, root_actor, "alice", "a long enough password")
    for _ in range(CREDENTIAL_FREE_FAILURES + 1):
        wrong = client.post(LOGIN, json={"username": "ALICE", "password": "nope"})
        assert wrong.status_code == 400
    locked = client.post(LOGIN, json={"username": "alice", "password": "a long enough password"})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1
    assert "bearerToken" not in locked.text
    clock.advance(seconds=5)
    ok = client.post(LOGIN, json={"username": "alice", "password": "a long enough password"})
    assert ok.status_code == 200


@pytest.mark.parametrize("peer_is_proxy", [True, False])
def test_forwarded_address_is_believed_only_from_trusted_proxies(
    runtime: Runtime, root: IssuedCredentials, root_actor: Actor, peer_is_proxy: bool
) -> None:
    proxies = (ip_network("127.0.0.0/8"),) if peer_is_proxy else ()
    runtime.settings = replace(runtime.settings, trusted_proxies=proxies)
    other = create_api_user(runtime, root_actor, "ROOT")
    app = create_app(runtime)
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 40000)) as proxied:
        for number in range(ADDRESS_FREE_FAILURES + 1):
            body = {"APIKey": f"{number:032d}", "Password": "guess"}
            headers = {"X-Forwarded-For": "203.0.113.7, 127.0.0.2"}
            assert proxied.post(LOGON, json=body, headers=headers).json()["StatusCode"] == 100
        # Another client behind the same proxy is locked only when the proxy's own
        # address was counted (the header was not believed).
        body = {"APIKey": other.api_user.api_key, "Password": other.password}
        elsewhere = {"X-Forwarded-For": "198.51.100.20"}
        code = proxied.post(LOGON, json=body, headers=elsewhere).json()["StatusCode"]
    assert code == (0 if peer_is_proxy else 100)


def test_a_saturated_hasher_gets_a_clean_try_again_on_every_face(
    client: TestClient, runtime: Runtime, root: IssuedCredentials
) -> None:
    runtime.hasher = PasswordHasher(1, max_waiting=0, max_wait_seconds=0.1)
    body = {"APIKey": root.api_user.api_key, "Password": root.password}
    with runtime.hasher._slot():
        v1 = client.post(LOGON, json=body)
        rest = client.post(TOKEN, json={"api_key": body["APIKey"], "password": root.password})
        v2 = client.post(LOGIN, json={"username": "anyone", "password": "anything at all"})
    assert (v1.status_code, v1.json()["StatusCode"]) == (503, 2)
    assert "set-cookie" not in v1.headers
    assert (rest.status_code, rest.json()["code"]) == (503, "hasher_busy")
    assert v2.status_code == 503
    for reply in (v1, rest, v2):
        assert reply.headers["Retry-After"].isdigit()
    # Nothing was counted as a failed guess: the right password works at once.
    assert _v1(client, root.api_user.api_key, root.password)[0] == 0


def test_behind_a_proxy_spellings_of_an_address_and_a_rotating_ipv6_64_share_one_budget(
    runtime: Runtime, root: IssuedCredentials, root_actor: Actor
) -> None:
    """Issue 13: the address counter keyed on the header's text, so each spelling of an
    IPv6 address, and each address of one /64, had a budget of its own."""
    runtime.settings = replace(runtime.settings, trusted_proxies=(ip_network("127.0.0.0/8"),))
    other = create_api_user(runtime, root_actor, "ROOT")
    sources = [
        "2001:DB8:1:2::1", "2001:db8:1:2:0:0:0:1", "2001:0db8:0001:0002::0001",
        *(f"2001:db8:1:2:{n:x}::{n:x}" for n in range(1, ADDRESS_FREE_FAILURES)),
    ]  # fmt: skip
    assert len(sources) > ADDRESS_FREE_FAILURES
    app = create_app(runtime)
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 40000)) as proxied:

        def logon(key: str, password: str, source: str) -> int:
            body = {"APIKey": key, "Password": password}
            reply = proxied.post(LOGON, json=body, headers={"X-Forwarded-For": source})
            code: int = reply.json()["StatusCode"]
            return code

        for number, source in enumerate(sources):
            assert logon(f"{number:032d}", "guess", source) == 100
        good = (other.api_user.api_key, other.password)
        assert logon(*good, "2001:db8:1:2:dead:beef::1") == 100  # the /64 is locked
        assert logon(*good, "2001:db8:1:3::1") == 0  # the next /64 is not
        assert logon(*good, "::ffff:198.51.100.20") == 0  # nor IPv4 clients
