"""The poller against the local feed server, a real Store (SQLite file) and the real pipeline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import t
from bot.models import Report
from bot.pipeline import Pipeline
from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.fetch import Fetcher
from bot.sources.feeds.poller import FeedPoller
from storage import Store
from storage.feeds import Feeds
from storage.front import AsyncStore
from tests.servers.feed_server import DATA, FeedServer

LATER = timedelta(days=2)
CHAT = "tg:1001"


def rss(items: list[tuple[str, str, str]], title: str = "Test Wire") -> str:
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://w.example/{g}</link>"
        f"<pubDate>Sun, 29 Nov 2026 0{i % 10}:00:00 +0000</pubDate><description>{d}</description></item>"
        for i, (g, t, d) in enumerate(items)
    )
    head = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
    return f"{head}{body}</channel></rss>"


@pytest.fixture
async def env(tmp_path: Path, feed_server: FeedServer) -> AsyncIterator[Env]:
    store = Store.open(tmp_path / "marsad.db")
    store.chats.ensure(CHAT)
    store.subscriptions.add(CHAT)  # everything: each new report is one alert
    notices: list[str] = []

    async def notify(key: str, /, **params: object) -> None:
        notices.append(t("en", key, **params))

    async with Fetcher(allow_private=True, timeout=1.0, max_bytes=2 * 1024 * 1024) as fetcher:
        poller = FeedPoller(
            AsyncStore.over(store).feeds,
            Pipeline(store),
            fetcher=fetcher,
            notify=notify,
            deactivate_after=3,
            default_interval=60,
        )
        yield Env(poller, store, store.feeds, feed_server, notices, tmp_path.name)
    store.close()


@dataclass
class Env:
    poller: FeedPoller
    whole: Store
    store: Feeds
    server: FeedServer
    notices: list[str]
    name: str  # unique per test, for fixture paths

    def put(self, suffix: str, body: str | bytes, **kw: Any) -> str:
        return self.server.put(f"{self.name}-{suffix}", body, **kw)

    async def poll(self) -> Any:
        return await self.poller.run_once(now=datetime.now(UTC) + LATER)

    def reports(self) -> list[Report]:
        """Every stored report, oldest first."""
        return list(reversed(self.whole.reports.latest(limit=1000)))

    def titles(self) -> list[str]:
        return [r.title for r in self.reports()]

    def alerts(self) -> list[tuple[str, int]]:
        with self.whole.conn.reading() as db:
            rows = db.query("SELECT chat, report_id FROM deliveries WHERE kind = 'alert' ORDER BY id")
            return [(r["chat"], r["report_id"]) for r in rows]


EMPTY = rss([])
EMPTY_JSON = '{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire", "items": []}'


@pytest.mark.parametrize(
    ("fixture", "titles", "language"),
    [
        (
            "rss2.xml",
            ["Airstrike hits market in Maarat al-Numan", "Envoy meets delegations in Geneva", "Protest in Sweida"],
            "en",
        ),
        ("atom.xml", ["قصف مدفعي على بلدات في ريف حلب الغربي", "اجتماع لبحث إدخال المساعدات الإنسانية"], "ar"),
        ("rss1.rdf", ["Car bomb in Azaz", "Families displaced from Jisr al-Shughur"], "en"),
        ("feed.json", ["Security forces arrested twelve young men", "Clashes on the Deir ez-Zor front"], "en"),
        ("arabic-utf8.xml", ["غارة جوية على معرة النعمان"], "ar"),
        ("arabic-1256.xml", ["قصف بطائرة مسيرة قرب الميادين"], "ar"),
        ("wrong-language.xml", ["اشتباكات في ريف درعا الغربي"], "ar"),  # the feed says en-us
        ("arabic-links.xml", ["نزوح عائلات من ريف حماة"], "ar"),
        (
            "no-guid-no-title.xml",
            ["Residents of Tal Rifaat said", "Checkpoint attack near Homs", "An anonymous note without guid"],
            "en",
        ),
        ("bozo.xml", ["Truce holds in Daraa & Quneitra", "Statement from the foreign ministry"], "en"),
    ],
)
async def test_new_entries_become_reports_once(env: Env, fixture: str, titles: list[str], language: str) -> None:
    url = env.put(fixture, EMPTY_JSON if fixture.endswith(".json") else EMPTY)
    feed = await env.poller.add_feed(url)
    assert feed.primed and env.reports() == []
    content_type = "application/feed+json" if fixture.endswith(".json") else None
    env.put(fixture, (DATA / fixture).read_bytes(), content_type=content_type)
    first = await env.poll()
    assert [(o.status, o.new) for o in first.outcomes] == [("new", len(titles))]
    stored = env.reports()
    assert sorted(r.title for r in stored) == sorted(
        next(r.title for r in stored if r.title.startswith(t)) for t in titles
    )  # every expected title is there once (untitled entries get their first sentence)
    assert [r.language for r in stored] == [language] * len(titles)
    assert all(r.text.strip() for r in stored)
    assert len(env.alerts()) == len(titles)
    again = await env.poll()  # 304 now
    assert [o.status for o in again.outcomes] == ["unchanged"]
    env.store.update(feed.id, etag=None, last_modified=None)  # a full re-read changes nothing either
    third = await env.poll()
    assert [(o.status, o.new, o.updated) for o in third.outcomes] == [("unchanged", 0, 0)]
    assert len(env.reports()) == len(titles) and len(env.alerts()) == len(titles)


async def test_report_fields(env: Env) -> None:
    url = env.put("f.xml", EMPTY)
    await env.poller.add_feed(url)
    env.put("f.xml", (DATA / "arabic-links.xml").read_bytes())
    await env.poll()
    (report,) = env.reports()
    assert (report.title, report.url, report.source, report.published, report.language) == (
        "نزوح عائلات من ريف حماة",
        "https://links.example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%86%D8%B2%D9%88%D8%AD-%D8%B9%D8%A7%D8%A6%D9%84%D8%A7%D8%AA",
        "روابط عربية",
        datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
        "ar",
    )
    assert report.text.startswith("نزحت عشرات العائلات")
    with env.whole.conn.reading() as db:
        (origin,) = [r["origin"] for r in db.query("SELECT origin FROM reports")]
    assert origin == url + "#link:https://links.example.org/أخبار/نزوح-عائلات"


async def test_fifty_old_entries_not_alerted_then_one_new_alerted_once(env: Env) -> None:
    old = [(f"old-{i}", f"Old report {i}", f"Shelling report number {i} from last month.") for i in range(50)]
    url = env.put("fifty.xml", rss(old))
    feed = await env.poller.add_feed(url)
    assert env.store.entry_count(feed.id) == 50
    await env.poll()
    assert env.reports() == [] and env.alerts() == []
    env.put("fifty.xml", rss([("new-1", "Fresh report", "An airstrike hit Ariha this morning."), *old]))
    await env.poll()
    await env.poll()
    env.store.update(feed.id, etag=None, last_modified=None)
    await env.poll()
    (report,) = env.reports()
    assert report.title == "Fresh report"
    assert env.alerts() == [(CHAT, report.id)]


async def test_feed_added_from_settings_primes_on_first_poll(env: Env) -> None:
    url = env.put("settings.xml", (DATA / "rss2.xml").read_bytes())
    (feed,) = await env.poller.sync_feeds([(url, None, None)])
    assert not feed.primed
    outcome = await env.poll()
    assert [o.status for o in outcome.outcomes] == ["primed"] and env.reports() == []
    assert env.store.get(url).primed  # type: ignore[union-attr]


async def test_changed_entry_updates_instead_of_alerting(env: Env) -> None:
    first = ("a", "First", "Original text.")
    url = env.put("changed.xml", rss([first]))
    await env.poller.add_feed(url)
    env.put("changed.xml", rss([("b", "Second", "Two people were injured in Azaz."), first]))
    await env.poll()
    (report,) = env.reports()
    assert report.title == "Second"
    edited = ("b", "Second (updated)", "Four people were injured in Azaz.")
    env.put("changed.xml", rss([edited, first]))
    outcome = await env.poll()
    assert (outcome.outcomes[0].new, outcome.outcomes[0].updated) == (0, 1)
    (updated,) = env.reports()
    assert (updated.id, updated.title, updated.text) == (
        report.id,
        "Second (updated)",
        "Four people were injured in Azaz.",
    )
    assert env.whole.search("Four people") != [] and env.whole.search("Two people") == []
    assert env.alerts() == [(CHAT, report.id)]  # alerted once, not again for the edit
    # An edit to an entry that was only marked seen (old) changes nothing visible.
    env.put("changed.xml", rss([edited, ("a", "First", "Edited.")]))
    await env.poll()
    assert len(env.reports()) == 1 and len(env.alerts()) == 1


async def test_conditional_get_is_used(env: Env) -> None:
    url = env.put("cond.xml", (DATA / "atom.xml").read_bytes())
    await env.poller.add_feed(url)
    path = f"/f/{env.name}-cond.xml"
    before = env.server.conditional[path]
    outcome = await env.poll()
    assert [o.status for o in outcome.outcomes] == ["unchanged"]
    assert env.server.conditional[path] == before + 1


async def test_permanent_redirect_remembered_for_next_polls(env: Env) -> None:
    target = env.put("moved.xml", EMPTY)
    start = f"/redirect/301?to=/f/{env.name}-moved.xml"
    feed = await env.poller.add_feed(env.server.url(start))
    assert feed.redirect_url == target and feed.url == env.server.url(start)
    hits = env.server.hits["/redirect/301"]
    env.put("moved.xml", rss([("m1", "Moved feed item", "Text of the moved feed.")]))
    await env.poll()
    assert env.server.hits["/redirect/301"] == hits  # went straight to the new address
    assert env.titles() == ["Moved feed item"]


async def test_temporary_redirect_not_remembered(env: Env) -> None:
    env.put("temp.xml", EMPTY)
    feed = await env.poller.add_feed(env.server.url(f"/redirect/302?to=/f/{env.name}-temp.xml"))
    assert feed.redirect_url is None
    hits = env.server.hits["/redirect/302"]
    await env.poll()
    assert env.server.hits["/redirect/302"] == hits + 1
    assert env.store.get(feed.url).last_error is None  # type: ignore[union-attr]


async def test_gone_deactivates_at_once_and_tells_admins(env: Env) -> None:
    url = env.put("gone.xml", EMPTY)
    feed = await env.poller.add_feed(url)
    env.store.update(feed.id, redirect_url=env.server.url("/status/410"))
    outcome = await env.poll()
    gone = ("deactivated", "HTTP 410 Gone: the feed was removed")
    assert [(o.status, o.error) for o in outcome.outcomes] == [gone]
    after = env.store.get(url)
    assert after is not None and not after.active
    assert len(env.notices) == 1 and url in env.notices[0] and "410" in env.notices[0]
    assert (await env.poll()).outcomes == []  # no longer polled


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/slow", "timed out (ReadTimeout)"),
        ("/huge?mb=100", "body passed the 2097152-byte cap; download aborted"),
        ("/f/bomb.xml", "refused: the document declares XML entities (possible entity-expansion bomb)"),
        ("/f/article.html", "not a feed: no RSS, Atom or JSON Feed document found"),
    ],
)
async def test_failing_feed_gets_a_clear_error_and_backs_off(env: Env, path: str, error: str) -> None:
    good = env.put("good.xml", EMPTY)
    await env.poller.add_feed(good)
    bad = env.put("bad.xml", EMPTY)
    bad_feed = await env.poller.add_feed(bad)
    env.store.update(bad_feed.id, redirect_url=env.server.url(path))
    env.put("good.xml", rss([("g1", "Still flowing", "The other feed keeps working.")]))
    before = datetime.now(UTC)
    outcome = await env.poll()
    by_url = {o.url: o for o in outcome.outcomes}
    assert by_url[bad].status == "failed"
    assert by_url[bad].error is not None and by_url[bad].error.startswith(error)
    assert by_url[good].status == "new"  # one broken feed does not stop the others
    assert env.titles() == ["Still flowing"]
    feed = env.store.get(bad)
    assert feed is not None and (feed.failures, feed.last_error, feed.active) == (1, by_url[bad].error, True)
    assert feed.next_poll is not None and feed.next_poll > before + timedelta(seconds=40)


async def test_deactivation_after_a_run_of_failures_then_recovery(env: Env) -> None:
    url = env.put("flaky.xml", EMPTY)
    feed = await env.poller.add_feed(url)
    env.store.update(feed.id, redirect_url=env.server.url("/status/500"))
    statuses = [(await env.poll()).outcomes[0].status for _ in range(3)]
    assert statuses == ["failed", "failed", "deactivated"]
    assert len(env.notices) == 1 and "after 3 failed polls" in env.notices[0]
    off = env.store.get(url)
    assert off is not None and not off.active and off.failures == 3
    # The admin adds it again once the server is fixed: it is back, with its memory of entries.
    env.store.update(feed.id, redirect_url=None)
    again = await env.poller.add_feed(url)
    assert (again.active, again.failures, again.last_success is not None) == (True, 0, True)
    env.put("flaky.xml", rss([("f1", "Back again", "The feed recovered.")]))
    await env.poll()
    assert env.titles() == ["Back again"]


async def test_backoff_then_recovery_without_deactivation(env: Env) -> None:
    url = env.put("blip.xml", EMPTY)
    feed = await env.poller.add_feed(url)
    env.store.update(feed.id, redirect_url=env.server.url("/status/500"))
    await env.poll()
    await env.poll()
    failing = env.store.get(url)
    assert failing is not None and failing.failures == 2 and failing.active
    env.store.update(feed.id, redirect_url=None)
    env.put("blip.xml", rss([("b1", "After the blip", "Service restored.")]))
    await env.poll()
    recovered = env.store.get(url)
    assert recovered is not None and (recovered.failures, recovered.active) == (0, True)
    assert recovered.last_error == "HTTP 500 Internal Server Error"  # kept for /sources
    assert env.titles() == ["After the blip"]


async def test_add_feed_refuses_what_cannot_be_read(env: Env) -> None:
    with pytest.raises(FeedError, match="HTTP 404"):
        await env.poller.add_feed(env.server.url("/f/missing.xml"))
    with pytest.raises(FeedError, match="entity-expansion"):
        await env.poller.add_feed(env.server.url("/f/bomb.xml"))
    with pytest.raises(FeedError, match="not a feed"):
        await env.poller.add_feed(env.server.url("/f/article.html"))
    assert env.store.list() == []


async def test_private_address_refused_unless_allowed(env: Env) -> None:
    async with Fetcher() as strict:
        poller = FeedPoller(env.poller.store, env.poller.sink, fetcher=strict)
        with pytest.raises(FeedError, match="MARSAD_FEEDS_ALLOW_PRIVATE"):
            await poller.add_feed(env.server.url("/f/rss2.xml"))
    assert env.store.list() == []


async def test_teaser_entries_fetch_the_article(env: Env) -> None:
    pytest.importorskip("trafilatura")  # the optional "articles" extra
    env.poller.fetch_articles = True
    url = env.put("teaser.xml", EMPTY)
    await env.poller.add_feed(url)
    article = env.server.url("/f/article.html")
    env.put("teaser.xml", (DATA / "teaser.xml").read_text(encoding="utf-8").replace("ARTICLE_URL", article))
    await env.poll()
    (report,) = env.reports()
    assert report.text.startswith("قصف صاروخي على مدينة جسر الشغور\nتعرضت مدينة جسر الشغور")
    assert "جميع الحقوق محفوظة" not in report.text and "اتصل بنا" not in report.text


async def test_a_broken_article_extractor_is_said_once_and_teasers_are_kept(
    env: Env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """As on a fresh venv whose pip skipped lxml[html_clean]: trafilatura's import fails on lxml.html.clean."""
    import sys

    from bot.sources.feeds import article as article_module

    pytest.importorskip("trafilatura")
    for name in [m for m in sys.modules if m.split(".")[0] in ("trafilatura", "justext")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "lxml.html.clean", None)  # import of lxml.html.clean halted
    article_module.EXTRACTOR.reset()
    env.poller.fetch_articles = True
    url = env.put("broken.xml", EMPTY)
    await env.poller.add_feed(url)
    page = env.server.url("/f/article.html")
    template = (DATA / "teaser.xml").read_text(encoding="utf-8").replace("ARTICLE_URL", page)
    item = template[template.index("<item>") : template.index("</item>") + len("</item>")]
    second = (
        item.replace("teaser-1", "teaser-2")
        .replace(page, page + "?2")
        .replace("قصف صاروخي على جسر الشغور… التفاصيل", "غارة جوية على مدينة سراقب… التفاصيل")
        .replace("قصف صاروخي على مدينة جسر الشغور", "غارة جوية على مدينة سراقب")
    )
    try:
        with caplog.at_level("WARNING", logger="bot.sources.feeds.article"):
            env.put("broken.xml", template.replace("</item>", "</item>" + second, 1))
            await env.poll()
        reports = env.reports()
        assert len(reports) == 2
        assert [r.text for r in reports] == [  # the teasers, kept
            "قصف صاروخي على جسر الشغور… التفاصيل",
            "غارة جوية على مدينة سراقب… التفاصيل",
        ]
        warnings = [r.getMessage() for r in caplog.records]
        assert len(warnings) == 1, warnings  # once, not once per entry
        assert warnings[0].startswith("MARSAD_FETCH_ARTICLES is on, but the article extractor cannot be loaded")
        assert "lxml.html.clean" in warnings[0] and "pip install 'marsad[articles]'" in warnings[0]
    finally:
        article_module.EXTRACTOR.reset()


async def test_remove_feed(env: Env) -> None:
    url = env.put("rm.xml", EMPTY)
    await env.poller.add_feed(url)
    assert await env.poller.remove_feed(url) is True
    assert await env.poller.remove_feed(url) is False
    assert env.store.list() == []


async def test_scheduler_runs_the_poller(env: Env) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    url = env.put("sched.xml", (DATA / "rss2.xml").read_bytes())
    (feed,) = await env.poller.sync_feeds([(url, None, None)])
    env.store.update(feed.id, next_poll=None)
    scheduler = AsyncIOScheduler(timezone=UTC)
    job = env.poller.schedule(scheduler)
    assert (job.id, job.max_instances, job.coalesce) == ("feeds", 1, True)
    scheduler.start()
    try:
        deadline = asyncio.get_running_loop().time() + 10
        while env.store.get(url).last_success is None:  # type: ignore[union-attr]
            assert asyncio.get_running_loop().time() < deadline, "the scheduled pass never ran"
            await asyncio.sleep(0.05)
    finally:
        scheduler.shutdown(wait=False)
    assert env.poller.last_pass is not None and env.store.get(url).primed  # type: ignore[union-attr]
