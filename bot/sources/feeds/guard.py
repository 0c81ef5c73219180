"""Check the address each feed connection really goes to (DNS-rebinding guard).

:func:`~bot.sources.feeds.safety.check_url` resolves a name before the request,
but httpx resolves it again when it connects: a rebinding name can answer with
a public address for the check and ``127.0.0.1`` or ``169.254.169.254`` for the
connection. :class:`GuardedBackend` closes that gap inside httpcore: every new
connection (each redirect hop included) resolves the host once, refuses it
unless every address passes the same policy as ``safety``, and connects to a
checked IP. httpcore still passes the URL's host name to ``start_tls``, so SNI
and certificate checks use the name, and the ``Host`` header comes from the URL.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable

import httpcore
import httpx

from bot.sources.feeds import safety

__all__ = ["AddressRefused", "GuardedBackend", "guarded_transport"]


class AddressRefused(httpcore.ConnectError):
    """The host resolved to an address the policy refuses; no connection was opened.

    A ``httpcore.ConnectError``, so httpx reports it as ``httpx.ConnectError``
    (chained ``from`` this one) and never retries it.
    """

    def __init__(self, host: str, refused: list[str]) -> None:
        shown = ", ".join(refused) or "none"
        super().__init__(f"{host} resolves to a non-public address ({shown}) at connect time")
        self.host = host
        self.refused = refused


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that connects only to addresses the policy allows (asyncio only).

    :param inner: the backend that opens the sockets; httpcore's default when ``None``.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        try:
            async with asyncio.timeout_at(deadline):
                addresses = await asyncio.to_thread(safety.resolve, host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from exc
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc
        refused = safety.non_public(addresses)
        if refused or not addresses:
            raise AddressRefused(host, refused)
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # each one checked above; the resolver's order of preference
            remaining = None if deadline is None else max(deadline - loop.time(), 0.0)
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=remaining, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("feeds are fetched over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(*, limits: httpx.Limits, verify: ssl.SSLContext | bool = True) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through :class:`GuardedBackend`.

    httpx 0.28 has no public hook for a network backend, so the backend is set
    on the transport's connection pool; if a future httpx or httpcore moves it,
    this raises instead of fetching unguarded. A client given this transport
    ignores proxy settings from the environment: a proxy would resolve names
    itself, out of the guard's sight.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, verify=verify)
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.AsyncConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("cannot install the feed address guard on this httpx/httpcore version")
    pool._network_backend = GuardedBackend(pool._network_backend)
    return transport
