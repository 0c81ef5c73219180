"""/addfeed, /removefeed, /feeds and /sources through the real dispatcher, store and poller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.pipeline import Pipeline
from bot.sources.feeds.fetch import Fetcher
from bot.sources.feeds.poller import FeedPoller
from handlers import Context, Services, dispatch
from storage import Store
from storage.front import AsyncStore
from tests.servers.feed_server import FeedServer

ADMIN = "tg:1"
CHAT = "tg:1"


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[tuple[Store, FeedPoller]]:
    store = Store.open(tmp_path / "marsad.db", default_language="en")
    async with Fetcher(allow_private=True, timeout=1.0) as fetcher:
        yield store, FeedPoller(AsyncStore.over(store).feeds, Pipeline(store), fetcher=fetcher, default_interval=300)
    store.close()


async def say(store: Store, poller: FeedPoller | None, text: str, *, admin: bool = True) -> str:
    name, _, args = text.lstrip("/").partition(" ")
    ctx = Context(
        store=store,
        chat=CHAT,
        user=ADMIN,
        command=name,
        args=args,
        is_bot_admin=admin,
        services=Services(feeds=poller),
    )
    return "\n".join(r.text for r in await dispatch(ctx))


async def test_addfeed_lists_and_removes(setup, feed_server: FeedServer) -> None:
    store, poller = setup
    url = feed_server.url("/f/rss2.xml")
    assert await say(store, poller, f"/addfeed {url} 600") == (
        f"Watching Syria Monitor (English) ({url}) every 600 s; 3 current entries marked as seen."
    )
    listing = await say(store, poller, "/feeds")
    lines = listing.splitlines()
    assert lines[0] == "Feeds (1):"
    assert lines[1] == f"● Syria Monitor (English) — {url}"
    assert lines[2].startswith("   last success: 20") and "last error: none" in lines[2]
    assert "next poll: 20" in lines[2]
    sources = await say(store, poller, "/sources", admin=False)
    assert f"● Syria Monitor (English) — {url}" in sources
    assert store.reports.count() == 0  # nothing old was stored or alerted
    assert await say(store, poller, f"/removefeed {url}") == f"No longer watching {url}."
    assert await say(store, poller, f"/removefeed {url}") == f"Not watching {url}."
    assert await say(store, poller, "/feeds") == "No feeds configured."


async def test_addfeed_error_is_one_line(setup, feed_server: FeedServer) -> None:
    store, poller = setup
    url = feed_server.url("/f/bomb.xml")
    assert await say(store, poller, f"/addfeed {url}") == (
        f"Cannot add {url}: refused: the document declares XML entities (possible entity-expansion bomb)"
    )
    url = feed_server.url("/status/500")
    assert await say(store, poller, f"/addfeed {url}") == f"Cannot add {url}: HTTP 500 Internal Server Error"
    assert store.feeds.list() == []


@pytest.mark.parametrize("args", ["", "ftp://x/feed", "http://x/feed soon", "http://x/feed 5", "a b c"])
async def test_addfeed_usage(setup, args: str) -> None:
    store, poller = setup
    assert await say(store, poller, f"/addfeed {args}") == (
        "Usage: /addfeed URL [SECONDS] (an http or https URL; at least 60 seconds)"
    )


async def test_admin_only(setup, feed_server: FeedServer) -> None:
    store, poller = setup
    for command in ("/addfeed " + feed_server.url("/f/rss2.xml"), "/removefeed x", "/feeds"):
        assert await say(store, poller, command, admin=False) == "This command is for Marsad's administrators."
    assert store.feeds.list() == []


async def test_addfeed_without_a_running_poller(setup) -> None:
    store, _ = setup
    reply = await say(store, None, "/addfeed https://example.org/feed")
    assert reply == "Feeds can be added only while the bot runs (marsad run)."


async def test_help_lists_feed_commands_for_admins_only(setup) -> None:
    store, poller = setup
    assert "/addfeed URL [SECONDS]" in await say(store, poller, "/help")
    assert "/addfeed" not in await say(store, poller, "/help", admin=False)


async def test_arabic_replies(setup, feed_server: FeedServer) -> None:
    store, poller = setup
    store.chats.ensure(CHAT)
    store.chats.set_language(CHAT, "ar")
    url = feed_server.url("/f/atom.xml")
    assert await say(store, poller, f"/addfeed {url}") == (
        f"تتم متابعة مرصد الأخبار ({url}) كل 300 ثانية؛ عُلّمت 2 مادة حالية كمقروءة."
    )
