"""Refuse feed URLs that point into the host's own networks (SSRF guard).

A feed URL comes from an admin's chat message or a config file; without this
check ``/addfeed http://169.254.169.254/`` would read cloud metadata. Names are
resolved with ``getaddrinfo`` in a thread so the loop never blocks on DNS.
This check gives an early, clear error; :mod:`bot.sources.feeds.guard` applies
the same policy again to the address each connection actually goes to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from bot.sources.feeds.errors import FeedError

__all__ = ["ALLOWED_SCHEMES", "check_url", "is_public_address", "non_public", "resolve"]

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Metadata endpoints that are not covered by ``is_private``/``is_link_local`` everywhere.
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


def is_public_address(address: str) -> bool:
    """True when ``address`` is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA:
        return False
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def non_public(addresses: list[str]) -> list[str]:
    """The addresses the policy refuses; a name is fetched only when this is empty."""
    return [a for a in addresses if not is_public_address(a)]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order of preference (blocking)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def check_url(url: str, *, allow_private: bool = False) -> str:
    """Return ``url`` when it may be fetched, else raise :class:`FeedError`.

    Every address the host name resolves to must be public (a name with one
    public and one private address is refused: the client may pick either).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FeedError(f"unsupported URL scheme {parts.scheme!r}", url=url)
    host = parts.hostname
    if not host:
        raise FeedError("URL has no host", url=url)
    if allow_private:
        return url
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FeedError("URL has an invalid port", url=url) from exc
    try:
        addresses = await asyncio.to_thread(resolve, host, port)
    except (OSError, UnicodeError) as exc:
        raise FeedError(f"cannot resolve host {host!r}", url=url) from exc
    refused = non_public(addresses)
    if refused or not addresses:
        raise FeedError(
            f"refused: {host} resolves to a non-public address ({', '.join(refused) or 'none'}); "
            "set MARSAD_FEEDS_ALLOW_PRIVATE=true to allow it",
            url=url,
        )
    return url
