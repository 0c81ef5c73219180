"""The feed source as a supervised component: sync MARSAD_FEEDS, then poll on an APScheduler schedule."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from typing import Any

from bot import i18n
from bot.models import ChatAddress
from bot.sources.feeds.opml import OpmlFeed
from bot.sources.feeds.poller import FeedPoller

__all__ = ["feeds_component", "notify_admins"]

logger = logging.getLogger(__name__)

CHAT_TRANSPORTS = frozenset({"tg", "mx", "console"})


def is_chat(admin: str) -> bool:
    """Whether an admin id is also a chat the bot can write to (``tg:123``; not a Matrix user ``@a:server``)."""
    try:
        return ChatAddress.parse(admin).transport in CHAT_TRANSPORTS
    except ValueError:
        return False


def feeds_component(
    poller: FeedPoller, configured: Sequence[OpmlFeed], scheduler: Any | None = None
) -> Callable[[asyncio.Event], Any]:
    """``run(stop)`` for the supervisor: sync the configured feeds, then let APScheduler drive ``run_once``.

    With the app's shared ``scheduler`` (started by its own component) the poll job is added to it;
    without one (tests), the component runs a scheduler of its own.
    """

    async def run(stop: asyncio.Event) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        if configured:
            feeds = await poller.sync_feeds([(f.url, f.interval, f.title) for f in configured])
            logger.info("feeds: %d configured, %d watched", len(configured), len(feeds))
        own = scheduler is None
        active = AsyncIOScheduler(timezone=UTC) if own else scheduler
        poller.schedule(active)  # replace_existing: a restarted component does not double the job
        if own:
            active.start()
        try:
            await stop.wait()
        finally:
            if own:
                active.shutdown(wait=False)

    return run


async def notify_admins(
    store: Any, admins: Sequence[str], key: str, params: Mapping[str, object], *, wake: Callable[[], None]
) -> None:
    """Queue the message ``key`` for each admin that is also a chat we can write to (``tg:…``, ``mx:…``), each in
    that chat's language. ``store`` is the store's async front (storage.front.AsyncStore)."""

    queued = 0
    for admin in admins:
        if is_chat(admin):
            text = i18n.t((await store.chats.ensure(admin)).language, key, **params)
            queued += await store.outbox.enqueue(admin, None, kind="notice", payload={"text": text}) is not None
    if not queued:
        logger.warning("no admin chat to notify: %s", i18n.t("en", key, **params))
    wake()
