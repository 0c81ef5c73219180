"""HTTP for feeds: conditional GET, remembered redirects, a streamed size cap.

Redirects are followed here rather than by httpx so that each hop passes the
address check (a public feed must not redirect us into 10.0.0.0/8) and so a
chain made only of permanent redirects (301/308) can be remembered as the
feed's new URL. Unless private addresses are allowed, every connection also
goes through :mod:`bot.sources.feeds.guard`, which checks the address actually
connected to (a name that rebinds after the check is refused there). Bodies
are streamed and the download aborts at the cap, so a 100 MB answer costs one
chunk of memory, not 100 MB.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Final
from urllib.parse import urljoin, urlsplit

import httpx

from bot.sources.feeds.errors import FeedError, FeedGone, FeedTooLarge
from bot.sources.feeds.guard import AddressRefused, guarded_transport
from bot.sources.feeds.safety import check_url

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FetchResult",
    "Fetcher",
    "user_agent",
]

DEFAULT_MAX_BYTES: Final = 5 * 1024 * 1024
DEFAULT_TIMEOUT: Final = httpx.Timeout(20.0, connect=10.0)
DEFAULT_PER_HOST: Final = 2
DEFAULT_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=50)
MAX_REDIRECTS: Final = 5
PERMANENT_REDIRECTS: Final = frozenset({301, 308})
TEMPORARY_REDIRECTS: Final = frozenset({302, 303, 307})
ACCEPT: Final = (
    "application/feed+json, application/atom+xml, application/rss+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


def user_agent() -> str:
    """``Marsad/<version> (+https://github.com/marsad-bot/marsad)``."""
    try:
        from importlib.metadata import version

        ver = version("marsad")
    except Exception:  # not installed: running from a checkout
        ver = "0.1.0"
    return f"Marsad/{ver} (+https://github.com/marsad-bot/marsad)"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one conditional GET produced. ``body`` is ``None`` on 304."""

    url: str  # the URL finally answered
    status: int
    body: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    permanent_url: str | None  # set when every hop was a permanent redirect
    max_age: int | None  # Cache-Control max-age, seconds

    @property
    def not_modified(self) -> bool:
        return self.status == 304


_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)


def parse_max_age(cache_control: str | None) -> int | None:
    """Seconds from ``Cache-Control: max-age=N`` (``no-cache``/``no-store`` give ``None``)."""
    if not cache_control:
        return None
    found = [int(m) for m in _MAX_AGE.findall(cache_control)]
    return max(found) if found else None


class Fetcher:
    """One shared ``httpx.AsyncClient`` with a semaphore per host.

    :param max_bytes: abort the download past this many bytes.
    :param per_host: concurrent requests allowed to one host.
    :param allow_private: skip the address checks (tests, intranets).
    :param client: use this client as given (no connect-time guard is added to it).
    """

    def __init__(
        self,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        per_host: int = DEFAULT_PER_HOST,
        allow_private: bool = False,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.per_host = per_host
        self.allow_private = allow_private
        self._own_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": user_agent(), "Accept": ACCEPT},
            limits=DEFAULT_LIMITS,
            transport=None if allow_private else guarded_transport(limits=DEFAULT_LIMITS),
        )
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(self.per_host))

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url`` with the validators from the last poll; raise :class:`FeedError` on failure."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        current = url
        all_permanent = True
        for _hop in range(MAX_REDIRECTS + 1):
            await check_url(current, allow_private=self.allow_private)
            host = (urlsplit(current).hostname or "").lower()
            async with self._hosts[host]:
                result = await self._get_once(current, headers)
            if isinstance(result, FetchResult):
                permanent = current if (all_permanent and current != url) else None
                if permanent is None:
                    return result
                return FetchResult(
                    url=result.url,
                    status=result.status,
                    body=result.body,
                    content_type=result.content_type,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    permanent_url=permanent,
                    max_age=result.max_age,
                )
            status, location = result
            all_permanent = all_permanent and status in PERMANENT_REDIRECTS
            current = urljoin(current, location)
        raise FeedError(f"more than {MAX_REDIRECTS} redirects", url=url)

    async def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult | tuple[int, str]:
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in PERMANENT_REDIRECTS or status in TEMPORARY_REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FeedError(f"HTTP {status} without a Location header", url=url, status=status)
                    await self._read_capped(response, url)  # drain the short body so the connection is reused
                    return status, location
                if status == 410:
                    raise FeedGone("HTTP 410 Gone: the feed was removed", url=url, status=status)
                if status != 304 and not 200 <= status < 300:
                    reason = response.reason_phrase or ""
                    raise FeedError(f"HTTP {status} {reason}".strip(), url=url, status=status)
                body = await self._read_capped(response, url)  # reading a 304's empty body keeps the connection
                if status == 304:
                    body = None
                return FetchResult(
                    url=url,
                    status=status,
                    body=body,
                    content_type=response.headers.get("Content-Type"),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    permanent_url=None,
                    max_age=parse_max_age(response.headers.get("Cache-Control")),
                )
        except httpx.TimeoutException as exc:
            raise FeedError(f"timed out ({type(exc).__name__})", url=url) from exc
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, AddressRefused):
                raise FeedError(
                    f"refused: {exc.__cause__}; set MARSAD_FEEDS_ALLOW_PRIVATE=true to allow it", url=url
                ) from exc
            raise FeedError(f"network error: {type(exc).__name__}: {exc}", url=url) from exc
        except httpx.HTTPError as exc:
            raise FeedError(f"network error: {type(exc).__name__}: {exc}", url=url) from exc

    async def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FeedTooLarge(f"body of {int(declared)} bytes is over the {self.max_bytes}-byte cap", url=url)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FeedTooLarge(f"body passed the {self.max_bytes}-byte cap; download aborted", url=url)
            chunks.append(chunk)
        return b"".join(chunks)
