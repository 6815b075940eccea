"""The address a request came from, as every face sees it.

``X-Forwarded-For`` is believed only when the peer is a configured trusted proxy, and
then only as far as the chain stays inside trusted proxies: the right-most address that
is not one of them is the client. Anyone else's header is ignored, so a client cannot
pick the address its failed log-ons are counted against.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.requests import HTTPConnection

Networks = Sequence[IPv4Network | IPv6Network]


def _trusted(address: str, proxies: Networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


def client_address(connection: HTTPConnection, proxies: Networks) -> str | None:
    """The client's address (None when the server was not told the peer)."""
    peer = connection.client.host if connection.client else None
    if peer is None or not _trusted(peer, proxies):
        return peer
    forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop if _is_address(hop) else peer
    return hops[0] if hops else peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
