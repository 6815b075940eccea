"""The throttle's delay schedule, subjects and the client-address rule."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network

import pytest
from starlette.requests import HTTPConnection

from chamberlain.api.client_address import client_address
from chamberlain.domain.addresses import address_key
from chamberlain.domain.throttle import (
    ADDRESS_FREE_FAILURES,
    MAX_DELAY,
    SUBJECT_MAX,
    CredentialKind,
    address_subject,
    credential_anywhere_subject,
    credential_subject,
    lock_after,
)


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(0, None), (5, None), (6, timedelta(seconds=5)), (7, timedelta(seconds=10)),
     (10, timedelta(seconds=80)), (13, timedelta(seconds=640)), (14, MAX_DELAY),
     (10_000, MAX_DELAY)],
)  # fmt: skip
def test_delays_double_past_the_free_failures_up_to_the_cap(
    failures: int, expected: timedelta | None
) -> None:
    assert lock_after(failures, free=5) == expected


def test_credential_subjects_fold_case_and_never_hold_the_credential() -> None:
    subject = credential_subject(CredentialKind.USER_NAME, "Alice@Example.com", "192.0.2.1")
    assert subject == credential_subject(CredentialKind.USER_NAME, "alice@example.com", "192.0.2.1")
    assert "alice" not in subject.name.lower()
    assert subject != credential_subject(CredentialKind.API_KEY, "alice@example.com", "192.0.2.1")
    anywhere = credential_anywhere_subject(CredentialKind.USER_NAME, "ALICE@example.com")
    assert "alice" not in anywhere.name.lower()


def test_a_credential_is_counted_per_address_and_with_a_larger_budget_from_anywhere() -> None:
    here = credential_subject(CredentialKind.API_KEY, "k", "192.0.2.1")
    there = credential_subject(CredentialKind.API_KEY, "k", "198.51.100.2")
    anywhere = credential_anywhere_subject(CredentialKind.API_KEY, "k")
    assert len({here.name, there.name, anywhere.name}) == 3
    assert anywhere.free >= 10 * ADDRESS_FREE_FAILURES > here.free


def _connection(peer: str, forwarded: list[str]) -> HTTPConnection:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return HTTPConnection({"type": "http", "client": (peer, 1234), "headers": headers})


PROXIES = (ip_network("10.0.0.0/8"),)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.1", ["203.0.113.5"], "192.0.2.1"),  # untrusted peer: header ignored
        ("10.0.0.2", ["203.0.113.5"], "203.0.113.5"),
        ("10.0.0.2", ["198.51.100.1, 203.0.113.5, 10.0.0.3"], "203.0.113.5"),  # right-most
        ("10.0.0.2", ["198.51.100.1", "203.0.113.5"], "203.0.113.5"),  # repeated headers
        ("10.0.0.2", ["not-an-address"], "10.0.0.2"),
        ("10.0.0.2", ["10.0.0.9"], "10.0.0.9"),  # only proxies: the first hop
        ("10.0.0.2", [], "10.0.0.2"),
        # One spelling per address (issue 13), whichever hop or peer it came from.
        ("10.0.0.2", ["2001:DB8:1:2:0:0:0:1"], "2001:db8:1:2::1"),
        ("10.0.0.2", ["::ffff:203.0.113.5"], "203.0.113.5"),
        ("::ffff:10.0.0.2", ["203.0.113.5"], "203.0.113.5"),  # a mapped proxy is trusted
        ("2001:DB8::7", ["203.0.113.5"], "2001:db8::7"),
    ],
)
def test_forwarded_for_is_read_right_to_left_through_trusted_proxies_only(
    peer: str, forwarded: list[str], expected: str
) -> None:
    assert client_address(_connection(peer, forwarded), PROXIES) == expected


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["2001:DB8:1:2::1", "2001:db8:1:2:0:0:0:1", "2001:0db8:0001:0002::0001"],
         "2001:db8:1:2::/64"),
        (["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:a::9"],
         "2001:db8:1:2::/64"),  # a rotating /64 is one budget
        (["192.0.2.1", "::ffff:192.0.2.1", "::FFFF:C000:201", " 192.0.2.1 "], "192.0.2.1"),
        (["testclient"], "testclient"),  # no IP address: the text as the server gave it
    ],
)  # fmt: skip
def test_an_address_is_counted_once_however_spelt_and_ipv6_by_its_64(
    spellings: list[str], key: str
) -> None:
    assert {address_key(text) for text in spellings} == {key}
    assert {address_subject(text) for text in spellings} == {address_subject(key)}


def test_neighbouring_networks_keep_their_own_budgets() -> None:
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("192.0.2.2") != address_key("192.0.2.1")  # IPv4 stays /32
    assert address_key("fe80::1%eth0") == "fe80::/64"  # the zone is not part of the key


def test_every_subject_fits_its_column_whatever_the_peer_reported() -> None:
    odd_peer = "unix:/run/some/very/long/socket/path/of/a/reverse/proxy.sock" * 2
    for subject in (
        credential_subject(CredentialKind.USER_NAME, "x" * 500, odd_peer),
        credential_subject(CredentialKind.API_KEY, "k", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        address_subject(odd_peer),
        credential_anywhere_subject(CredentialKind.USER_NAME, "y" * 500),
    ):
        assert len(subject.name) <= SUBJECT_MAX
    assert address_subject(odd_peer) == address_subject(odd_peer)
    assert address_subject(odd_peer) != address_subject(odd_peer + "x")
