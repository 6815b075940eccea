"""The address a request came from, as every face sees it.

``X-Forwarded-For`` is believed only when the peer is a configured trusted proxy, and
then only as far as the chain stays inside trusted proxies: the right-most address that
is not one of them is the client. Anyone else's header is ignored, so a client cannot
pick the address its failed log-ons are counted against. A hop that is no IP address
stops the walk: the peer (the proxy) is the client then. The address comes back in one
spelling (``domain.addresses.parse_address``: lower case, zeros compressed, IPv4-mapped
IPv6 as IPv4), so that logs, the audit trail and the throttle see one text per address.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network

from starlette.requests import HTTPConnection

from chamberlain.domain.addresses import parse_address

Networks = Sequence[IPv4Network | IPv6Network]


def _trusted(address: str, proxies: Networks) -> bool:
    parsed = parse_address(address)
    return parsed is not None and any(parsed in network for network in proxies)


def _spelled(address: str) -> str:
    """``address`` in its one spelling; text that is no address as it is."""
    parsed = parse_address(address)
    return address if parsed is None else str(parsed)


def client_address(connection: HTTPConnection, proxies: Networks) -> str | None:
    """The client's address (None when the server was not told the peer)."""
    peer = connection.client.host if connection.client else None
    if peer is None:
        return None
    if not _trusted(peer, proxies):
        return _spelled(peer)
    forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return _spelled(hop if parse_address(hop) is not None else peer)
    return _spelled(hops[0] if hops else peer)
