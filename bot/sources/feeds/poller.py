"""The feed poller: poll due feeds, turn new entries into reports, keep the schedule.

One :meth:`FeedPoller.run_once` pass polls every feed whose ``next_poll`` has
come, at most ``concurrency`` at a time; one broken feed never stops the
others. Each feed's state (validators, failures, next poll) lives in the
database, so a restart carries on where it stopped. The supervisor's
APScheduler calls ``run_once`` every ``tick`` seconds (:meth:`schedule`).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from bot import metrics
from bot.models import RawReport
from bot.sources.feeds.article import fetch_article_text
from bot.sources.feeds.errors import FeedError, FeedGone
from bot.sources.feeds.fetch import Fetcher
from bot.sources.feeds.identity import content_hash, entry_id, quote_link
from bot.sources.feeds.parse import FeedEntry, ParsedFeed, parse_feed
from bot.sources.feeds.safety import check_url
from bot.sources.feeds.schedule import (
    DEACTIVATE_AFTER,
    DEFAULT_INTERVAL,
    backoff_delay,
    first_poll_at,
    should_deactivate,
    success_delay,
)
from storage.feeds import Feed
from storage.front import AsyncFeeds

__all__ = ["FeedPoller", "PollOutcome", "ReportSink"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TICK = 15  # seconds between passes that look for due feeds
DEFAULT_CONCURRENCY = 20


class Ingested(Protocol):
    report_id: int
    created: bool


class ReportSink(Protocol):
    """Where reports go: :class:`bot.pipeline.Pipeline` (blocking; the poller calls it in a thread)."""

    def ingest(self, raw: RawReport) -> Ingested: ...

    def update(self, report_id: int, raw: RawReport) -> bool: ...


class Notify(Protocol):
    """Tells the admins something as a message key and its parameters, so each reads it in their chat's language."""

    def __call__(self, key: str, /, **params: object) -> Awaitable[None]: ...


@dataclass(slots=True)
class PollOutcome:
    """What one poll of one feed did."""

    url: str
    status: str  # new | unchanged | primed | failed | deactivated
    new: int = 0
    updated: int = 0
    error: str | None = None


@dataclass(slots=True)
class PassSummary:
    outcomes: list[PollOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class FeedPoller:
    """Polls feeds kept in a :class:`FeedStore` and hands reports to a :class:`ReportSink`.

    :param store: the feed tables, through the store's async front (``AsyncStore.feeds``).
    :param sink: the pipeline (``ingest`` new reports, ``update`` edited ones).
    :param fetcher: the shared HTTP client with its caps and address check.
    :param default_interval: seconds between polls (``MARSAD_FEED_INTERVAL``).
    :param deactivate_after: failures in a row before a feed is switched off.
    :param fetch_articles: fetch the article page for teaser-only entries.
    :param notify: tells the admins a message key and its parameters (deactivation notices).
    :param on_ingested: called after new reports were stored (wakes the sender).
    :param call: runs a blocking pipeline call; defaults to ``asyncio.to_thread``.
    """

    def __init__(
        self,
        store: AsyncFeeds,
        sink: ReportSink,
        *,
        fetcher: Fetcher,
        default_interval: int = DEFAULT_INTERVAL,
        deactivate_after: int = DEACTIVATE_AFTER,
        fetch_articles: bool = False,
        notify: Notify | None = None,
        on_ingested: Callable[[], None] | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        tick: float = DEFAULT_TICK,
        call: Callable[..., Awaitable[Any]] | None = None,
        clock: Callable[[], datetime] = _utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.sink = sink
        self.fetcher = fetcher
        self.default_interval = default_interval
        self.deactivate_after = deactivate_after
        self.fetch_articles = fetch_articles
        self.notify = notify
        self.on_ingested = on_ingested
        self.concurrency = concurrency
        self.tick = tick
        self._call = call or asyncio.to_thread
        self.clock = clock
        self.rng = rng or random.Random()
        self.last_pass: datetime | None = None  # heartbeat for /healthz
        self._polling: set[int] = set()

    async def _db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._call(fn, *args, **kwargs)

    # -- managing feeds ----------------------------------------------------------------------
    async def add_feed(
        self,
        url: str,
        *,
        interval: int | None = None,
        added_by: str | None = None,
        title: str | None = None,
        check: bool = True,
    ) -> Feed:
        """Watch ``url``. With ``check``, fetch it now: a feed that fails to load is refused
        (:class:`FeedError`) and its current entries are marked seen, so nothing old is alerted.
        Without ``check`` (feeds from settings at start-up) the first good poll does the marking.
        """
        url = url.strip()
        await check_url(url, allow_private=self.fetcher.allow_private)
        if interval is not None and interval < 1:
            raise FeedError("interval must be a positive number of seconds", url=url)
        existing = await self.store.get(url)
        if not check:
            next_poll = existing.next_poll if existing and existing.active else self.clock()
            return await self.store.add(url, title=title, interval=interval, added_by=added_by, next_poll=next_poll)
        result = await self.fetcher.fetch(url)
        if result.body is None:
            raise FeedError(f"HTTP {result.status}: no feed body", url=url)
        parsed = await parse_feed(result.body, content_type=result.content_type, url=url)
        effective = interval or (existing.interval if existing else None) or self.default_interval
        now = self.clock()
        first_delay = success_delay(effective, max_age=result.max_age, ttl=parsed.ttl, rng=self.rng)
        feed = await self.store.add(
            url,
            title=title or parsed.title,
            interval=interval,
            added_by=added_by,
            next_poll=now + timedelta(seconds=first_delay),
        )
        entries = [(entry_id(e), content_hash(e)) for e in parsed.entries]
        known = await self.store.seen(feed.id, [eid for eid, _ in entries])
        await self.store.mark_seen(feed.id, [(eid, h) for eid, h in entries if eid not in known])
        await self.store.record_success(
            feed.id,
            at=now,
            next_poll=feed.next_poll or now,
            etag=result.etag,
            last_modified=result.last_modified,
            title=parsed.title,
            redirect_url=result.permanent_url,
        )
        logger.info("feed added: %s (%d entries marked seen)", url, len(entries), extra={"feed": url})
        return await self.store.get(url)  # type: ignore[return-value]

    async def remove_feed(self, url: str) -> bool:
        removed = await self.store.remove(url.strip())
        if removed:
            logger.info("feed removed: %s", url, extra={"feed": url})
        return removed

    async def sync_feeds(self, feeds: list[tuple[str, int | None, str | None]]) -> list[Feed]:
        """Add feeds from settings (url, interval, title) with start times spread over the interval."""
        added: list[Feed] = []
        now = self.clock()
        for index, (url, interval, title) in enumerate(feeds):
            try:
                await check_url(url, allow_private=self.fetcher.allow_private)
            except FeedError as exc:
                logger.warning("feed %s skipped: %s", url, exc, extra={"feed": url})
                continue
            existing = await self.store.get(url)
            if existing is not None and existing.active:
                added.append(existing)
                continue
            start = first_poll_at(now, interval or self.default_interval, index, len(feeds), rng=self.rng)
            added.append(await self.store.add(url, title=title, interval=interval, next_poll=start))
        return added

    # -- polling ------------------------------------------------------------------------------
    def schedule(self, scheduler: Any) -> Any:
        """Register ``run_once`` on an APScheduler ``AsyncIOScheduler``; returns the job."""
        return scheduler.add_job(
            self.run_once,
            "interval",
            seconds=self.tick,
            id="feeds",
            name="feeds",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    async def run_once(self, *, now: datetime | None = None) -> PassSummary:
        """Poll every due feed once; the summary says what happened to each."""
        now = now or self.clock()
        due = [f for f in await self.store.due(now) if f.id not in self._polling]
        limit = asyncio.Semaphore(self.concurrency)
        summary = PassSummary()

        async def one(feed: Feed) -> None:
            async with limit:
                summary.outcomes.append(await self.poll_feed(feed))

        async with asyncio.TaskGroup() as group:
            for feed in due:
                group.create_task(one(feed), name=f"feed:{feed.id}")
        self.last_pass = self.clock()
        if due:
            logger.debug("feed pass: %d polled", len(due))
        return summary

    async def poll_feed(self, feed: Feed) -> PollOutcome:
        """Poll one feed; every error becomes this feed's failure, never the caller's."""
        self._polling.add(feed.id)
        started = time.perf_counter()
        try:
            return await self._poll(feed)
        except FeedError as exc:
            return await self._failed(feed, str(exc), gone=isinstance(exc, FeedGone))
        except Exception as exc:  # a bug or a pipeline error: keep the other feeds going
            logger.error("feed %s: unexpected error", feed.url, exc_info=True, extra={"feed": feed.url})
            return await self._failed(feed, f"internal error: {type(exc).__name__}: {exc}", gone=False)
        finally:
            self._polling.discard(feed.id)
            metrics.POLL_DURATION.labels(source="feed").observe(time.perf_counter() - started)

    def _interval(self, feed: Feed) -> int:
        return feed.interval or self.default_interval

    async def _poll(self, feed: Feed) -> PollOutcome:
        result = await self.fetcher.fetch(feed.fetch_url, etag=feed.etag, last_modified=feed.last_modified)
        now = self.clock()
        if result.not_modified:
            delay = success_delay(self._interval(feed), max_age=result.max_age, rng=self.rng)
            await self.store.record_success(
                feed.id,
                at=now,
                next_poll=now + timedelta(seconds=delay),
                etag=result.etag or feed.etag,
                last_modified=result.last_modified or feed.last_modified,
                redirect_url=result.permanent_url,
            )
            self._recovered(feed)
            return PollOutcome(feed.url, "unchanged")
        assert result.body is not None
        parsed = await parse_feed(result.body, content_type=result.content_type, url=feed.fetch_url)
        if parsed.bozo:
            logger.warning("feed %s is malformed (%s); using what was recovered", feed.url, parsed.bozo)
        if feed.primed:
            outcome = await self._ingest(feed, parsed)
        else:
            entries = [(entry_id(e), content_hash(e)) for e in parsed.entries]
            await self.store.mark_seen(feed.id, entries)
            outcome = PollOutcome(feed.url, "primed")
        delay = success_delay(self._interval(feed), max_age=result.max_age, ttl=parsed.ttl, rng=self.rng)
        await self.store.record_success(
            feed.id,
            at=now,
            next_poll=now + timedelta(seconds=delay),
            etag=result.etag,
            last_modified=result.last_modified,
            title=parsed.title,
            redirect_url=result.permanent_url,
        )
        self._recovered(feed)
        return outcome

    def _recovered(self, feed: Feed) -> None:
        if feed.failures:
            logger.info("feed %s recovered after %d failures", feed.url, feed.failures, extra={"feed": feed.url})

    async def _ingest(self, feed: Feed, parsed: ParsedFeed) -> PollOutcome:
        outcome = PollOutcome(feed.url, "unchanged")
        batch: dict[str, tuple[FeedEntry, str]] = {}
        for entry in parsed.entries:  # the first occurrence of an id in the document wins
            batch.setdefault(entry_id(entry), (entry, content_hash(entry)))
        known = await self.store.seen(feed.id, list(batch))
        # Oldest first, so alerts go out in the order things happened.
        ordered = sorted(batch.items(), key=lambda kv: kv[1][0].published or datetime.min.replace(tzinfo=UTC))
        for eid, (entry, digest) in ordered:
            seen = known.get(eid)
            if seen is not None and seen.content_hash == digest:
                continue
            raw = await self._report(feed, parsed, entry, eid)
            if raw is None:
                await self.store.record_entry(feed.id, eid, digest, None)
                continue
            if seen is None:
                result = await self._db(self.sink.ingest, raw)
                await self.store.record_entry(feed.id, eid, digest, result.report_id)
                outcome.new += int(result.created)
            else:
                if seen.report_id is not None and await self._db(self.sink.update, seen.report_id, raw):
                    outcome.updated += 1
                await self.store.record_entry(feed.id, eid, digest, seen.report_id)
        if outcome.new and self.on_ingested is not None:
            self.on_ingested()
        if outcome.new or outcome.updated:
            outcome.status = "new"
            logger.info(
                "feed %s: %d new, %d updated",
                feed.url,
                outcome.new,
                outcome.updated,
                extra={"feed": feed.url},
            )
        return outcome

    async def _report(self, feed: Feed, parsed: ParsedFeed, entry: FeedEntry, eid: str) -> RawReport | None:
        text = entry.text
        if self.fetch_articles and entry.is_teaser and entry.link:
            article = await fetch_article_text(self.fetcher, quote_link(entry.link))
            if article and len(article) > len(text):
                text = article
        text = text or entry.title or ""
        if not text.strip():
            logger.warning("feed %s: entry %s has no text; skipped", feed.url, eid, extra={"feed": feed.url})
            return None
        return RawReport(
            text=text,
            title=entry.title,
            url=quote_link(entry.link) if entry.link else None,
            source=parsed.title or feed.title or urlsplit(feed.url).hostname or feed.url,
            published=entry.published,
            origin=f"{feed.url}#{eid}",
        )

    async def _failed(self, feed: Feed, error: str, *, gone: bool) -> PollOutcome:
        metrics.FEED_ERRORS.labels(feed=feed.url).inc()
        failures = feed.failures + 1
        now = self.clock()
        deactivate = gone or should_deactivate(failures, limit=self.deactivate_after)
        delay = backoff_delay(self._interval(feed), failures, rng=self.rng)
        await self.store.record_failure(
            feed.id,
            at=now,
            error=error,
            failures=failures,
            next_poll=now + timedelta(seconds=delay),
            active=not deactivate,
        )
        if not deactivate:
            logger.warning(
                "feed %s failed (%d in a row): %s; retry in %ds",
                feed.url,
                failures,
                error,
                delay,
                extra={"feed": feed.url},
            )
            return PollOutcome(feed.url, "failed", error=error)
        logger.warning("feed %s deactivated after %d failures: %s", feed.url, failures, error)
        if self.notify is not None:
            try:
                await self.notify("notice.feed_deactivated", failures=failures, url=feed.url, error=error)
            except Exception:
                logger.error("could not notify admins about feed %s", feed.url, exc_info=True)
        return PollOutcome(feed.url, "deactivated", error=error)
