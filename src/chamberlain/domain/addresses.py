"""Source addresses: one address however it is written, and what a per-address limit counts.

An address arrives as text (the peer of the connection, or a hop of ``X-Forwarded-For``
behind a trusted proxy), and one IPv6 address has many spellings (``2001:DB8:1:2::1``,
``2001:db8:1:2:0:0:0:1``). A limit keyed on the text would give each spelling a budget of
its own. And one IPv6 host usually holds a whole /64 (SLAAC, privacy addresses: a
client can rotate through 2**64 addresses at no cost), so a limit per single IPv6
address is no limit. Hence ``address_key``: an IPv4 address counts as itself (/32), an
IPv6 address as its /64 network, an IPv4-mapped IPv6 address (``::ffff:192.0.2.1``, as a
dual-stack socket reports IPv4 peers) as the IPv4 address it carries.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

# The network one IPv6 client is assumed to control (RFC 4291 interface identifiers).
IPV6_CLIENT_PREFIX = 64


def parse_address(text: str) -> IPv4Address | IPv6Address | None:
    """The address ``text`` spells (any case or zero compression), an IPv4-mapped IPv6
    address as its IPv4 address; None when ``text`` is no IP address."""
    try:
        parsed = ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def address_key(text: str) -> str:
    """What a per-address limit counts ``text`` against: an IPv4 address in its usual
    spelling, an IPv6 address as its /64 network (``2001:db8:1:2::/64``); text that is no
    address (a server that reports no IP peer) as it is."""
    parsed = parse_address(text)
    if parsed is None:
        return text
    if isinstance(parsed, IPv6Address):
        # int(): the network of the bare address, without any %zone suffix.
        return str(IPv6Network((int(parsed), IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)
