"""The supervisor runs the feed source: MARSAD_FEEDS is polled by the scheduler and new entries are alerted."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot import app as application
from bot.config import Settings
from bot.errors import ConfigError
from bot.transports.console import CHAT
from tests.servers.feed_server import FeedServer

ITEM = "<item><guid>{g}</guid><title>{t}</title><link>https://w.example/{g}</link><description>{d}</description></item>"


def rss(*items: tuple[str, str, str]) -> str:
    body = "".join(ITEM.format(g=g, t=t, d=d) for g, t, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>App Wire</title>{body}</channel></rss>'


async def wait_for(predicate, what: str, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_configured_feed_is_polled_and_alerts_once(tmp_path: Path, feed_server: FeedServer) -> None:
    old = ("old-1", "Old news", "This happened last week in Hama.")
    url = feed_server.put(f"{tmp_path.name}-app.xml", rss(old))
    settings = Settings(
        data_dir=tmp_path / "data", inbox=tmp_path / "inbox", feeds=url, feeds_allow_private=True, http=None
    )
    app = application.build(settings)
    assert app.feeds is not None
    app.feeds.tick = 0.1
    output = io.StringIO()
    app.transports["console"].output = output  # type: ignore[attr-defined]
    app.components.pop("console")  # alerts still print; no stdin reader in a test
    task = asyncio.create_task(application.run(app, install_signals=False))
    try:
        await wait_for(lambda: (f := app.store.feeds.get(url)) is not None and f.primed, "the first poll")
        assert app.store.reports.count() == 0
        new = ("new-1", "Airstrike on Ariha", "An airstrike hit the centre of Ariha in Idlib this morning.")
        feed_server.put(f"{tmp_path.name}-app.xml", rss(new, old))
        feed = app.store.feeds.get(url)
        assert feed is not None
        app.store.feeds.update(feed.id, next_poll=None)
        await wait_for(lambda: "Airstrike on Ariha" in output.getvalue(), "the alert on the console")
        assert [r.title for r in app.store.reports.latest()] == ["Airstrike on Ariha"]
        with app.store.conn.reading() as db:
            rows = list(db.query("SELECT chat FROM deliveries WHERE kind = 'alert'"))
        assert rows == [{"chat": CHAT}]
    finally:
        app.stop.set()
        await asyncio.wait_for(task, 20)
    assert output.getvalue().count("Airstrike on Ariha") == 1


def test_bad_feeds_setting_stops_start_up(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", inbox=tmp_path / "inbox", feeds="missing/feeds.txt", http=None)
    with pytest.raises(ConfigError, match=r"^MARSAD_FEEDS: MARSAD_FEEDS: no such file"):
        application.build(settings)
