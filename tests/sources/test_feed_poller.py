"""The poller against the local feed server, a real SQLite file and a recording sink."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.models import RawReport
from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.fetch import Fetcher
from bot.sources.feeds.poller import FeedPoller
from storage.feeds import FeedStore, create_feed_tables
from tests.servers.feed_server import DATA, FeedServer

LATER = timedelta(days=2)


@dataclass
class RecordingSink:
    """Stands in for the pipeline: numbers reports and remembers updates."""

    reports: dict[int, RawReport] = field(default_factory=dict)
    updates: list[tuple[int, RawReport]] = field(default_factory=list)

    async def ingest(self, raw: RawReport) -> int:
        report_id = len(self.reports) + 1
        self.reports[report_id] = raw
        return report_id

    async def update(self, report_id: int, raw: RawReport) -> None:
        self.updates.append((report_id, raw))
        self.reports[report_id] = raw


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
    executor = ThreadPoolExecutor(max_workers=1)
    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "marsad.db", check_same_thread=False))
    create_feed_tables(db)
    loop = asyncio.get_running_loop()

    async def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await loop.run_in_executor(executor, partial(fn, *args, **kwargs))

    notices: list[str] = []

    async def notify(text: str) -> None:
        notices.append(text)

    sink = RecordingSink()
    store = FeedStore(db)
    async with Fetcher(allow_private=True, timeout=1.0, max_bytes=2 * 1024 * 1024) as fetcher:
        poller = FeedPoller(
            store,
            sink,
            fetcher=fetcher,
            call=call,
            notify=notify,
            deactivate_after=3,
            default_interval=60,
        )
        yield Env(poller, sink, store, feed_server, notices, tmp_path.name)
    executor.shutdown()


@dataclass
class Env:
    poller: FeedPoller
    sink: RecordingSink
    store: FeedStore
    server: FeedServer
    notices: list[str]
    name: str  # unique per test, for fixture paths

    def put(self, suffix: str, body: str | bytes, **kw: Any) -> str:
        return self.server.put(f"{self.name}-{suffix}", body, **kw)

    async def poll(self) -> Any:
        return await self.poller.run_once(now=datetime.now(UTC) + LATER)


EMPTY = rss([])
EMPTY_JSON = '{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire", "items": []}'


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "rss2.xml",
            [
                "Airstrike hits market in Maarat al-Numan",
                "Envoy meets delegations in Geneva",
                "Protest in Sweida",
            ],
        ),
        ("atom.xml", ["قصف مدفعي على بلدات في ريف حلب الغربي", "اجتماع لبحث إدخال المساعدات الإنسانية"]),
        ("rss1.rdf", ["Car bomb in Azaz", "Families displaced from Jisr al-Shughur"]),
        ("feed.json", [None, "Clashes on the Deir ez-Zor front"]),
        ("arabic-utf8.xml", ["غارة جوية على معرة النعمان"]),
        ("arabic-1256.xml", ["قصف بطائرة مسيرة قرب الميادين"]),
        ("wrong-language.xml", ["اشتباكات في ريف درعا الغربي"]),
        ("arabic-links.xml", ["نزوح عائلات من ريف حماة"]),
        ("no-guid-no-title.xml", [None, None, "Checkpoint attack near Homs"]),
        ("bozo.xml", ["Truce holds in Daraa & Quneitra", "Statement from the foreign ministry"]),
    ],
)
async def test_new_entries_become_reports_once(env: Env, fixture: str, expected: list[str | None]) -> None:
    url = env.put(fixture, EMPTY_JSON if fixture.endswith(".json") else EMPTY)
    feed = await env.poller.add_feed(url)
    assert feed.primed and env.sink.reports == {}
    content_type = "application/feed+json" if fixture.endswith(".json") else None
    env.put(fixture, (DATA / fixture).read_bytes(), content_type=content_type)
    first = await env.poll()
    assert [o.status for o in first.outcomes] == ["new"]
    assert sorted(env.sink.reports.values(), key=lambda r: r.published or datetime.min.replace(tzinfo=UTC))
    assert sorted((r.title for r in env.sink.reports.values()), key=lambda t: t or "") == sorted(
        expected, key=lambda t: t or ""
    )
    assert all(r.text.strip() for r in env.sink.reports.values())
    assert all(r.origin and r.origin.startswith(url + "#") for r in env.sink.reports.values())
    again = await env.poll()  # 304 now
    assert [o.status for o in again.outcomes] == ["unchanged"]
    await env.poller.fetcher.fetch(url)  # and a full re-read without validators changes nothing either
    env.store.db["feeds"].update(feed.id, {"etag": None, "last_modified": None})
    third = await env.poll()
    assert [(o.status, o.new, o.updated) for o in third.outcomes] == [("unchanged", 0, 0)]
    assert len(env.sink.reports) == len(expected) and env.sink.updates == []


async def test_report_fields(env: Env) -> None:
    url = env.put("f.xml", EMPTY)
    await env.poller.add_feed(url)
    env.put("f.xml", (DATA / "arabic-links.xml").read_bytes())
    await env.poll()
    (report,) = env.sink.reports.values()
    assert report == RawReport(
        text=report.text,
        title="نزوح عائلات من ريف حماة",
        url="https://links.example.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%86%D8%B2%D9%88%D8%AD-%D8%B9%D8%A7%D8%A6%D9%84%D8%A7%D8%AA",
        source="روابط عربية",
        published=datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
        origin=url + "#link:https://links.example.org/أخبار/نزوح-عائلات",
    )
    assert report.text.startswith("نزحت عشرات العائلات")


async def test_fifty_old_entries_not_alerted_then_one_new_alerted_once(env: Env) -> None:
    old = [(f"old-{i}", f"Old report {i}", f"Shelling report number {i} from last month.") for i in range(50)]
    url = env.put("fifty.xml", rss(old))
    feed = await env.poller.add_feed(url)
    assert env.store.entry_count(feed.id) == 50
    await env.poll()
    assert env.sink.reports == {}
    env.put("fifty.xml", rss([("new-1", "Fresh report", "An airstrike hit Ariha this morning."), *old]))
    await env.poll()
    await env.poll()
    assert [r.title for r in env.sink.reports.values()] == ["Fresh report"]


async def test_feed_added_from_settings_primes_on_first_poll(env: Env) -> None:
    url = env.put("settings.xml", (DATA / "rss2.xml").read_bytes())
    (feed,) = await env.poller.sync_feeds([(url, None, None)])
    assert not feed.primed
    outcome = await env.poll()
    assert [o.status for o in outcome.outcomes] == ["primed"] and env.sink.reports == {}
    assert env.store.get(url).primed  # type: ignore[union-attr]


async def test_changed_entry_updates_instead_of_alerting(env: Env) -> None:
    url = env.put("changed.xml", rss([("a", "First", "Original text.")]))
    await env.poller.add_feed(url)
    env.put(
        "changed.xml",
        rss([("b", "Second", "Two people were injured in Azaz."), ("a", "First", "Original text.")]),
    )
    await env.poll()
    assert [r.title for r in env.sink.reports.values()] == ["Second"]
    env.put(
        "changed.xml",
        rss(
            [("b", "Second (updated)", "Four people were injured in Azaz."), ("a", "First", "Original text.")]
        ),
    )
    outcome = await env.poll()
    assert (outcome.outcomes[0].new, outcome.outcomes[0].updated) == (0, 1)
    assert len(env.sink.reports) == 1
    assert [(rid, r.title) for rid, r in env.sink.updates] == [(1, "Second (updated)")]
    # An edit to an entry that was only marked seen (old) changes nothing visible.
    env.put(
        "changed.xml",
        rss([("b", "Second (updated)", "Four people were injured in Azaz."), ("a", "First", "Edited.")]),
    )
    await env.poll()
    assert len(env.sink.reports) == 1 and len(env.sink.updates) == 1


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
    assert [r.title for r in env.sink.reports.values()] == ["Moved feed item"]


async def test_temporary_redirect_not_remembered(env: Env) -> None:
    env.put("temp.xml", EMPTY)
    feed = await env.poller.add_feed(env.server.url(f"/redirect/302?to=/f/{env.name}-temp.xml"))
    assert feed.redirect_url is None
    await env.poll()
    assert env.store.get(feed.url).last_error is None  # type: ignore[union-attr]


async def test_gone_deactivates_at_once_and_tells_admins(env: Env) -> None:
    url = env.put("gone.xml", EMPTY)
    await env.poller.add_feed(url)
    env.store.db["feeds"].update(
        env.store.get(url).id, {"url": url, "redirect_url": env.server.url("/status/410")}
    )  # type: ignore[union-attr]
    outcome = await env.poll()
    assert [(o.status, o.error) for o in outcome.outcomes] == [
        ("deactivated", "HTTP 410 Gone: the feed was removed")
    ]
    feed = env.store.get(url)
    assert feed is not None and not feed.active
    assert len(env.notices) == 1 and url in env.notices[0] and "410" in env.notices[0]
    assert (await env.poll()).outcomes == []  # no longer polled


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/slow", "timed out (ReadTimeout)"),
        ("/huge?mb=100", "body passed the 2097152-byte cap; download aborted"),
        ("/f/bomb.xml", "refused: the document declares XML entities (possible entity-expansion bomb)"),
    ],
)
async def test_failing_feed_gets_a_clear_error_and_backs_off(env: Env, path: str, error: str) -> None:
    good = env.put("good.xml", EMPTY)
    await env.poller.add_feed(good)
    bad = env.put("bad.xml", EMPTY)
    await env.poller.add_feed(bad)
    bad_id = env.store.get(bad).id  # type: ignore[union-attr]
    env.store.db["feeds"].update(bad_id, {"redirect_url": env.server.url(path)})
    env.put("good.xml", rss([("g1", "Still flowing", "The other feed keeps working.")]))
    before = datetime.now(UTC)
    outcome = await env.poll()
    by_url = {o.url: o for o in outcome.outcomes}
    assert (by_url[bad].status, by_url[bad].error) == ("failed", error)
    assert by_url[good].status == "new"  # one broken feed does not stop the others
    feed = env.store.get(bad)
    assert feed is not None and (feed.failures, feed.last_error, feed.active) == (1, error, True)
    assert feed.next_poll is not None and feed.next_poll > before + timedelta(seconds=40)


async def test_deactivation_after_a_run_of_failures_then_recovery(env: Env) -> None:
    url = env.put("flaky.xml", EMPTY)
    feed = await env.poller.add_feed(url)
    env.store.db["feeds"].update(feed.id, {"redirect_url": env.server.url("/status/500")})
    statuses = [(await env.poll()).outcomes[0].status for _ in range(3)]
    assert statuses == ["failed", "failed", "deactivated"]
    assert len(env.notices) == 1 and "after 3 failed polls" in env.notices[0]
    backoffs = env.store.get(url)
    assert backoffs is not None and not backoffs.active and backoffs.failures == 3
    # The admin adds it again once the server is fixed: it is back, with its memory of entries.
    env.store.db["feeds"].update(feed.id, {"redirect_url": None})
    again = await env.poller.add_feed(url)
    assert (again.active, again.failures, again.last_success is not None) == (True, 0, True)
    env.put("flaky.xml", rss([("f1", "Back again", "The feed recovered.")]))
    await env.poll()
    assert [r.title for r in env.sink.reports.values()] == ["Back again"]


async def test_add_feed_refuses_what_cannot_be_read(env: Env) -> None:
    with pytest.raises(FeedError, match="HTTP 404"):
        await env.poller.add_feed(env.server.url("/f/missing.xml"))
    with pytest.raises(FeedError, match="entity-expansion"):
        await env.poller.add_feed(env.server.url("/f/bomb.xml"))
    with pytest.raises(FeedError, match="not a feed"):
        await env.poller.add_feed(env.server.url("/f/article.html"))
    assert env.store.list() == []


async def test_private_address_refused_unless_allowed(env: Env, tmp_path: Path) -> None:
    async with Fetcher() as strict:
        poller = FeedPoller(env.store, env.sink, fetcher=strict, call=env.poller._call)
        with pytest.raises(FeedError, match="MARSAD_FEEDS_ALLOW_PRIVATE"):
            await poller.add_feed(env.server.url("/f/rss2.xml"))


async def test_teaser_entries_fetch_the_article(env: Env) -> None:
    env.poller.fetch_articles = True
    url = env.put("teaser.xml", EMPTY)
    await env.poller.add_feed(url)
    article = env.server.url("/f/article.html")
    env.put("teaser.xml", (DATA / "teaser.xml").read_text(encoding="utf-8").replace("ARTICLE_URL", article))
    await env.poll()
    (report,) = env.sink.reports.values()
    assert report.text.startswith("قصف صاروخي على مدينة جسر الشغور\nتعرضت مدينة جسر الشغور")
    assert "جميع الحقوق محفوظة" not in report.text and "اتصل بنا" not in report.text


async def test_remove_feed(env: Env) -> None:
    url = env.put("rm.xml", EMPTY)
    await env.poller.add_feed(url)
    assert await env.poller.remove_feed(url) is True
    assert await env.poller.remove_feed(url) is False
    assert env.store.list() == []


async def test_scheduler_runs_the_poller(env: Env) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    url = env.put("sched.xml", (DATA / "rss2.xml").read_bytes())
    await env.poller.sync_feeds([(url, None, None)])
    env.store.db["feeds"].update(env.store.get(url).id, {"next_poll": None})  # type: ignore[union-attr]
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
