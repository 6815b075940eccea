"""chamberlain's own SDK against the emulator: its retries meet the emulator's faults."""

from __future__ import annotations

import pytest

from chamberlain.client import ApiKeyAuth, Client, ServiceUnavailable
from chamberlain.testing import ChamberlainServer


def _client(server: ChamberlainServer, sleeps: list[float]) -> Client:
    return Client(
        server.base_url, auth=ApiKeyAuth(server.api_key, server.password), sleep=sleeps.append
    )


def test_the_sdk_waits_as_retry_after_says_and_tries_again(
    chamberlain_server: ChamberlainServer,
) -> None:
    sleeps: list[float] = []
    chamberlain_server.faults.fail_next(status=429, retry_after=3, target="GET /api/me")
    chamberlain_server.faults.fail_next(status=503, retry_after=2, target="GET /api/me")
    with _client(chamberlain_server, sleeps) as api:
        me = api.me.get()
    assert (me.kind, me.account_alias) == ("api_user", chamberlain_server.root_alias)
    assert sleeps == [3, 2]


def test_the_sdk_logs_on_again_after_its_session_expired(
    chamberlain_server: ChamberlainServer,
) -> None:
    with _client(chamberlain_server, []) as api:
        api.me.get()
        chamberlain_server.expire_sessions()
        assert api.me.get().account_alias == chamberlain_server.root_alias


def test_a_lasting_outage_reaches_the_caller(chamberlain_server: ChamberlainServer) -> None:
    chamberlain_server.faults.fail_next(10, status=503, target="GET /api/me")
    with _client(chamberlain_server, []) as api, pytest.raises(ServiceUnavailable):
        api.me.get()
