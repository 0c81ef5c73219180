from __future__ import annotations

import tracemalloc

import pytest

from bot.sources.feeds.errors import FeedError, FeedGone, FeedTooLarge
from bot.sources.feeds.fetch import Fetcher, parse_max_age, user_agent
from tests.servers.feed_server import FeedServer


@pytest.fixture
async def fetcher():
    async with Fetcher(allow_private=True, timeout=2.0, max_bytes=1024 * 1024) as f:
        yield f


async def test_conditional_get_gets_304(fetcher: Fetcher, feed_server: FeedServer) -> None:
    url = feed_server.url("/f/rss2.xml")
    first = await fetcher.fetch(url)
    assert first.status == 200 and first.body and first.etag and first.last_modified
    assert first.content_type == "application/xml"
    again = await fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.body, again.not_modified) == (304, None, True)
    by_date = await fetcher.fetch(url, last_modified=first.last_modified)
    assert by_date.status == 304


async def test_user_agent_is_descriptive(fetcher: Fetcher, feed_server: FeedServer) -> None:
    await fetcher.fetch(feed_server.url("/f/atom.xml"))
    assert user_agent() in feed_server.user_agents
    assert user_agent().startswith("Marsad/") and user_agent().endswith("(+https://github.com/marsad-bot/marsad)")


async def test_permanent_redirect_remembered(fetcher: Fetcher, feed_server: FeedServer) -> None:
    target = "/f/atom.xml"
    result = await fetcher.fetch(feed_server.url(f"/redirect/301?to={target}"))
    assert (result.status, result.permanent_url, result.url) == (
        200,
        feed_server.url(target),
        feed_server.url(target),
    )


@pytest.mark.parametrize("code", [302, 307])
async def test_temporary_redirect_followed_not_remembered(fetcher: Fetcher, feed_server: FeedServer, code: int) -> None:
    result = await fetcher.fetch(feed_server.url(f"/redirect/{code}?to=/f/atom.xml"))
    assert (result.status, result.permanent_url) == (200, None)
    assert result.body and b"<feed" in result.body


async def test_mixed_chain_not_remembered(fetcher: Fetcher, feed_server: FeedServer) -> None:
    hop = "/redirect/302?to=/f/rss2.xml"
    result = await fetcher.fetch(feed_server.url(f"/redirect/301?to={hop.replace('?', '%3F').replace('=', '%3D')}"))
    assert result.permanent_url is None and result.status == 200


async def test_gone(fetcher: Fetcher, feed_server: FeedServer) -> None:
    with pytest.raises(FeedGone, match="410"):
        await fetcher.fetch(feed_server.url("/status/410"))


@pytest.mark.parametrize(("code", "text"), [(500, "HTTP 500 Internal Server Error"), (404, "HTTP 404 Not Found")])
async def test_server_errors(fetcher: Fetcher, feed_server: FeedServer, code: int, text: str) -> None:
    with pytest.raises(FeedError) as info:
        await fetcher.fetch(feed_server.url(f"/status/{code}"))
    assert (str(info.value), info.value.status) == (text, code)


async def test_timeout(feed_server: FeedServer) -> None:
    async with Fetcher(allow_private=True, timeout=0.3) as fetcher:
        with pytest.raises(FeedError, match="timed out"):
            await fetcher.fetch(feed_server.url("/slow"))


async def test_redirect_loop(fetcher: Fetcher, feed_server: FeedServer) -> None:
    with pytest.raises(FeedError, match="redirects"):
        await fetcher.fetch(feed_server.url("/redirect/302"))


async def test_private_address_refused_without_setting(feed_server: FeedServer) -> None:
    before = feed_server.hits["/f/rss2.xml"]
    async with Fetcher() as fetcher:
        with pytest.raises(FeedError, match="non-public"):
            await fetcher.fetch(feed_server.url("/f/rss2.xml"))
    assert feed_server.hits["/f/rss2.xml"] == before  # refused before any request was sent


@pytest.mark.parametrize("declared", [False, True])
async def test_100_mb_body_aborted_at_the_cap(feed_server: FeedServer, declared: bool) -> None:
    """The cap holds while streaming: memory stays near one chunk, not 100 MB."""
    url = feed_server.url("/huge?mb=100" + ("&length=1" if declared else ""))
    tracemalloc.start()
    try:
        async with Fetcher(allow_private=True, max_bytes=2 * 1024 * 1024) as fetcher:
            with pytest.raises(FeedTooLarge, match="cap"):
                await fetcher.fetch(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("max-age=600", 600), ("public, max-age=60, s-maxage=120", 60), ("no-cache", None), (None, None)],
)
def test_parse_max_age(header: str | None, seconds: int | None) -> None:
    assert parse_max_age(header) == seconds


async def test_per_host_limit(feed_server: FeedServer) -> None:
    """With a limit of one per host, two slow requests to one host run one after the other."""
    import asyncio

    async with Fetcher(allow_private=True, timeout=0.3, per_host=1) as fetcher:
        sem = fetcher._hosts["127.0.0.1"]
        first = asyncio.create_task(fetcher.fetch(feed_server.url("/slow")))
        while not sem.locked():
            await asyncio.sleep(0.01)
        second = asyncio.create_task(fetcher.fetch(feed_server.url("/f/rss2.xml")))
        await asyncio.sleep(0)
        assert sem.locked() and not second.done()
        with pytest.raises(FeedError):
            await first
        assert (await second).status == 200
