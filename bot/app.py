"""The supervisor: builds every part from Settings, runs them, restarts what crashes, stops cleanly.

Components are coroutines ``run(stop)`` run side by side in one TaskGroup; each
is wrapped in a restart loop with backoff, so a crash in one (logged with its
traceback) never stops the others. SIGINT/SIGTERM set the ``stop`` event: sources
stop taking work, the sender finishes what is in flight, and resources close in
reverse order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.config import Settings
from bot.delivery import digest
from bot.delivery.sender import Sender
from bot.delivery.transport import Transport
from bot.errors import ConfigError
from bot.health import HealthServer, Heartbeats
from bot.pipeline import Pipeline
from bot.retention import Retention
from bot.sources.feeds import FeedError, FeedPoller, Fetcher, parse_feeds_setting
from bot.sources.feeds.app import feeds_component, notify_admins
from bot.sources.feeds.article import check_extractor
from bot.sources.inbox import Inbox
from bot.transports.console import CHAT as CONSOLE_CHAT
from bot.transports.console import ConsoleTransport
from bot.transports.telegram import TelegramTransport, register_commands
from handlers import Context, Services, dispatch
from storage import Store
from storage.front import AsyncStore

logger = logging.getLogger(__name__)

Component = Callable[[asyncio.Event], Awaitable[None]]
MAX_RESTART_DELAY = 60.0
SHUTDOWN_GRACE = 10.0
# Seconds within which each loop must have made a pass for /healthz to say 200 (they pass every second or so).
FEEDS_EXPECTED = 300.0  # the feed poller passes every 15 s; a pass may wait on slow feeds (20 s timeouts)
INBOX_EXPECTED = 60.0
SENDER_EXPECTED = 60.0
CHAT_SYNC_EXPECTED = 120.0  # Matrix sync and Telegram polling: a 10 s long poll, retries backing off to 30 s


@dataclass
class App:
    """Every long-running part of a ``marsad run``, built from Settings."""

    settings: Settings
    store: Store  # the pipeline's; async parts use its one front, ``AsyncStore.over(store)``
    pipeline: Pipeline
    inbox: Inbox
    sender: Sender
    transports: dict[str, Transport] = field(default_factory=dict)
    feeds: FeedPoller | None = None
    components: dict[str, Component] = field(default_factory=dict)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    started: float = field(default_factory=time.time)
    fatal: ConfigError | None = None  # set when a component hit an error a restart cannot fix
    heartbeats: Heartbeats = field(default_factory=Heartbeats)
    health: HealthServer | None = None
    # Periodic jobs (digests, ...) share one scheduler; its due times live in SQLite, not here.
    scheduler: AsyncIOScheduler = field(default_factory=lambda: AsyncIOScheduler(timezone="UTC"))

    def make_context(self, **kwargs: object) -> Context:
        """A handler context for one incoming command, with this bot's services."""
        user = str(kwargs.get("user", ""))
        kwargs.setdefault("is_bot_admin", user in self.settings.admins or user.startswith("console:"))
        kwargs.setdefault("services", Services(inbox=str(self.settings.inbox), feeds=self.feeds))
        return Context(store=AsyncStore.over(self.store), **kwargs)  # type: ignore[arg-type]

    async def dispatch(self, ctx: Context) -> list:
        replies = await dispatch(ctx)
        self.sender.wake()  # a command may have queued or released messages
        return replies


def make_folder(key: str, path: Path) -> None:
    """Create a folder at start-up, or stop with one line (a restart loop cannot fix a file in its way)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{key}: cannot create the folder {path}: {exc.strerror}") from None
    if not path.is_dir():
        raise ConfigError(f"{key}: {path} is not a folder")


def build(settings: Settings, *, settle: float | None = None) -> App:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database_path, default_language=settings.language)
    # blocking: the inbox and feeds call it in threads
    pipeline = Pipeline(store, budget=settings.analysis_budget, gate=settings.event_gate_switch)
    front = AsyncStore.over(store)  # what async code uses: reads on reader threads, writes on one writer thread
    sender_ref: list[Sender] = []
    settle = settings.inbox_settle if settle is None else settle
    inbox = Inbox(settings.inbox, pipeline, settle=settle, on_ingested=lambda _r: sender_ref[0].wake())
    transports: dict[str, Transport] = {}
    console: ConsoleTransport | None = None
    telegram: TelegramTransport | None = None
    if settings.telegram_bot_token:
        telegram = TelegramTransport(settings.telegram_bot_token, settings.telegram_api_url, front)
        transports[telegram.name] = telegram
    if not (settings.telegram_bot_token or settings.matrix_homeserver):
        console = ConsoleTransport(picture_dir=settings.data_dir / "pictures")
        transports[console.name] = console
        # The local user wants to see alerts without first learning /subscribe.
        if store.chats.get(CONSOLE_CHAT) is None:
            store.chats.ensure(CONSOLE_CHAT)
            store.subscriptions.add(CONSOLE_CHAT)
    matrix = None
    if settings.matrix_homeserver:
        from bot.transports.matrix import MatrixTransport  # nio is imported only when Matrix is on

        matrix = MatrixTransport.from_settings(settings, front)
        transports[matrix.name] = matrix
    sender = Sender(front, transports)
    sender_ref.append(sender)
    app = App(settings, store, pipeline, inbox, sender, transports)
    make_folder("MARSAD_INBOX", settings.inbox)  # now, not in the inbox's restart loop
    app.components["inbox"] = inbox.run
    app.components["sender"] = sender.run
    app.components["scheduler"] = lambda stop: run_scheduler(app.scheduler, stop)
    digest.schedule(app.scheduler, sender.digests, on_queued=sender.wake)
    try:
        configured = parse_feeds_setting(settings.feeds)
    except FeedError as exc:
        raise ConfigError(f"MARSAD_FEEDS: {exc}") from None
    if settings.fetch_articles:
        check_extractor()  # a missing or broken extractor is said once, now, rather than teasers kept silently
    admin_chats = [*settings.admins, *([CONSOLE_CHAT] if console is not None else [])]
    app.feeds = FeedPoller(
        front.feeds,
        pipeline,
        fetcher=Fetcher(allow_private=settings.feeds_allow_private),
        default_interval=settings.feed_interval,
        fetch_articles=settings.fetch_articles,
        notify=lambda key, **params: notify_admins(front, admin_chats, key, params, wake=sender.wake),
        on_ingested=sender.wake,
    )
    app.components["feeds"] = feeds_component(app.feeds, configured, app.scheduler)
    if telegram is not None:
        tg, language = telegram, settings.language
        app.components["telegram"] = lambda stop: tg.run(
            stop, app.dispatch, app.make_context, on_ready=lambda: register_commands(tg, language)
        )
    if console is not None:
        app.components["console"] = lambda stop: console.run(stop, app.dispatch, app.make_context)
    if matrix is not None:
        app.components["matrix"] = lambda stop: matrix.run(stop, app.dispatch, app.make_context)
    app.heartbeats.watch("inbox", INBOX_EXPECTED, lambda: inbox.heartbeat)
    app.heartbeats.watch("sender", SENDER_EXPECTED, lambda: sender.heartbeat)
    if matrix is not None:
        app.heartbeats.watch("matrix", CHAT_SYNC_EXPECTED, lambda: matrix.heartbeat)
    if telegram is not None:
        app.heartbeats.watch("telegram", CHAT_SYNC_EXPECTED, lambda: telegram.heartbeat)
    feeds = app.feeds
    app.heartbeats.watch("feeds", FEEDS_EXPECTED, lambda: feeds.last_pass.timestamp() if feeds.last_pass else None)
    metrics.track_outbox_depth(store.outbox.depth)
    if settings.http_address is not None:
        app.health = HealthServer(app.heartbeats, *settings.http_address)
        app.components["http"] = app.health.run
    Retention(store, settings.retention_days, outbox_days=settings.outbox_days).schedule(app.scheduler)
    return app


async def run_scheduler(scheduler: AsyncIOScheduler, stop: asyncio.Event) -> None:
    """Run the APScheduler scheduler until stop; jobs were added to it before it started."""
    if not scheduler.running:
        scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)


async def _supervise(app: App, name: str, component: Component) -> None:
    """Run one component until stop; restart it with backoff when it crashes.

    A ConfigError (bad credentials, say) cannot be fixed by a restart: it stops the
    whole process, and ``marsad run`` exits 1 with that error's one line.
    """
    stop = app.stop
    delay = 1.0
    while not stop.is_set():
        started = time.monotonic()
        try:
            await component(stop)
            return  # a component that returns on its own is done (e.g. console input ended)
        except asyncio.CancelledError:
            raise
        except ConfigError as exc:
            logger.error("component %s cannot run: %s", name, exc)
            app.fatal = app.fatal or exc
            stop.set()
            return
        except Exception:
            logger.exception("component %s crashed; restarting in %.0fs", name, delay)
            metrics.COMPONENT_RESTARTS.labels(component=name).inc()
        if time.monotonic() - started > 60:
            delay = 1.0
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=delay)
        delay = min(delay * 2, MAX_RESTART_DELAY)


async def run(app: App, *, install_signals: bool = True) -> None:
    """Run every component until SIGINT/SIGTERM (or ``app.stop``)."""
    loop = asyncio.get_running_loop()
    if install_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, app.stop.set)
    async with AsyncExitStack() as stack:
        stack.callback(app.store.close)
        if app.feeds is not None:
            stack.push_async_callback(app.feeds.fetcher.aclose)
        if app.health is not None:
            await app.health.start()  # a port in use stops start-up (HttpError), unlike a crash later
        logger.info(
            "marsad running: inbox %s, data %s, transports %s",
            app.settings.inbox.resolve(),
            app.settings.data_dir.resolve(),
            ", ".join(app.transports) or "none",
        )
        tasks = [
            asyncio.create_task(_supervise(app, name, component), name=name)
            for name, component in app.components.items()
        ]
        try:
            await app.stop.wait()
        finally:
            app.stop.set()
            logger.info("stopping")
            # Components see ``stop`` and finish what is in flight; what is still busy after
            # the grace period is cancelled.
            _done, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE)
            for task in pending:
                logger.warning("component %s did not stop in %.0fs: cancelling", task.get_name(), SHUTDOWN_GRACE)
                task.cancel()
            for result in await asyncio.gather(*tasks, return_exceptions=True):
                if isinstance(result, Exception):
                    logger.error("component ended with an error", exc_info=result)
    if install_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    logger.info("stopped")
