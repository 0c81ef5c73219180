"""The loop that drains the outbox through the transports.

Record before you send: a claimed row is committed as ``sending`` right before its
network call and as ``sent`` right after the answer. A crash between the two leaves
it ``sending``: its outcome is unknown. At start-up ``reconcile()`` asks the transport
to ``locate`` each such message (Telegram: see TelegramTransport.locate); found, the
row is ``sent``; proven absent, it is sent again; when the transport cannot tell
(it has no ``locate``, as the console), it is sent again: a duplicate is better than
a lost alert. Retry, strike and migrate decisions live here, not in transports: a move
or a "blocked/kicked/not found" answer is reported to bot/membership.py, which decides
what it means for the chat (subscriptions follow, disabled after three strikes), and the
row is deferred, retried or given up here.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime

from bot import metrics
from bot.delivery.digest import Digests
from bot.delivery.pacing import Pacer
from bot.delivery.quiet import hold_reason
from bot.delivery.render import render_alert
from bot.delivery.transport import Transport
from bot.delivery.updates import edit_target, short_update
from bot.errors import BadMessage, ChatGone, ChatMoved, DeliveryError, RateLimited
from bot.maps.chart import render_chart
from bot.maps.locator import locator_picture
from bot.membership import AsyncMembership
from bot.models import Chat, ChatAddress, ChatKey, Delivery, Reply
from storage import Store
from storage.front import AsyncStore

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_BACKOFF = 600.0
HELD_KINDS = ("alert", "update")  # what mute, quiet hours and digests hold back


def transport_of(chat: ChatKey) -> str:
    """The transport that serves a chat; a key no transport could serve is routed nowhere ("invalid")."""
    try:
        return ChatAddress.parse(chat).transport
    except ValueError:
        return "invalid"


def backoff(attempts: int) -> float:
    """Seconds before the next try: exponential, capped, jittered."""
    base = min(MAX_BACKOFF, 2.0 ** min(attempts, 12))
    return base * random.uniform(0.5, 1.0)


class Sender:
    """Drains the outbox. ``run_once()`` sends what is due now; ``run()`` loops until stopped."""

    def __init__(
        self,
        store: Store | AsyncStore,
        transports: Mapping[str, Transport],
        *,
        batch: int = 100,
        concurrency: int = 16,
        renderer: Callable[[Store, Delivery, Chat], Reply | None] | None = None,
    ) -> None:
        self.store = AsyncStore.over(store)  # reads on reader threads, writes on the one writer thread
        self.transports = dict(transports)
        self.batch = batch
        self.concurrency = concurrency
        self.renderer = renderer or render_delivery
        # A transport may own its pacer, so that its command replies share the same limits.
        self.pacers = {name: getattr(t, "pacer", None) or Pacer(t.global_rate) for name, t in self.transports.items()}
        self.digests = Digests(self.store.sync)  # runs on the writer thread
        self.membership = AsyncMembership(self.store)
        self.heartbeat = time.time()
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop run() drives, for wake() from threads
        self._unresolved: dict[int, Delivery] = {}  # in flight at a crash, not yet located

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next tick.

        Safe from any thread: the inbox and feeds queue rows from worker threads, and an asyncio.Event
        may only be set from its own loop.
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            self._wake.set()
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake.set()
        else:
            loop.call_soon_threadsafe(self._wake.set)

    def reconcile(self) -> int:
        """Rows left ``claimed`` go back to pending; rows left ``sending`` are taken aside to be located.

        Returns how many rows were in flight (``sending``). Call ``resolve()`` to settle them.
        """
        outbox = self.store.sync.outbox  # blocking: run() calls this on the store's writer thread
        outbox.release_claimed()
        rows = outbox.in_flight()
        for row in rows:
            self._unresolved[row.id] = row
        return len(rows)

    async def resolve(self) -> int:
        """Settle the rows a crash left ``sending``: sent (located), or pending again; return how many are left."""
        for row in list(self._unresolved.values()):
            transport = self.transports.get(transport_of(row.chat))
            if transport is None:
                continue
            locate = getattr(transport, "locate", None)
            if locate is None:
                logger.warning("delivery %s to %s was in flight at a crash: sending again", row.id, row.chat)
                await self.store.outbox.defer(row.id, 0, "in flight at a crash")
                del self._unresolved[row.id]
                continue
            chat = await self.store.chats.get(row.chat) or Chat(key=row.chat, language=self.store.default_language)
            reply = await self.store.read(self.renderer, row, chat)
            try:
                ref = None if reply is None else await locate(chat, reply)
            except DeliveryError as exc:  # cannot tell yet: keep it aside, never send blindly
                logger.warning("delivery %s to %s: cannot locate it yet (%s)", row.id, row.chat, exc)
                continue
            if ref is not None:
                await self.store.outbox.mark_sent(row.id, ref)
                logger.info("delivery %s to %s had arrived before the crash (message %s)", row.id, row.chat, ref)
            else:
                await self.store.outbox.defer(row.id, 0, "in flight at a crash, did not arrive")
                logger.info("delivery %s to %s had not arrived before the crash: sending it", row.id, row.chat)
            del self._unresolved[row.id]
        return len(self._unresolved)

    async def run(self, stop: asyncio.Event, *, idle: float = 1.0) -> None:
        self._loop = asyncio.get_running_loop()
        await self.store.write(self.reconcile)
        settled_at = 0.0
        while not stop.is_set():
            if self._unresolved and time.monotonic() - settled_at > 5.0:
                settled_at = time.monotonic()
                await self.resolve()
            handled = await self.run_once()
            self.heartbeat = time.time()
            if handled:
                continue
            self._wake.clear()
            next_due = await self.store.outbox.next_due()
            wait = idle if next_due is None else max(0.05, min(idle, next_due - time.time()))
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    async def run_once(self) -> int:
        """Send every due row whose chat may be sent to now; return how many rows were handled."""
        busy: set[str] = set()
        for pacer in self.pacers.values():
            busy |= pacer.busy_chats()
        rows = await self.store.outbox.claim_due(self.batch, exclude_chats=busy)
        if not rows:
            return 0
        # One chat's rows go in order, one after another; chats run side by side.
        by_chat: dict[str, list[Delivery]] = {}
        for row in rows:
            by_chat.setdefault(row.chat, []).append(row)
        limit = asyncio.Semaphore(self.concurrency)

        async def drain(chat_rows: list[Delivery]) -> None:
            async with limit:
                for index, row in enumerate(chat_rows):
                    try:
                        delivered = await self._deliver(row)
                    except Exception as exc:  # rendering or storage: never leave the chat's rows claimed
                        logger.exception("could not deliver %s to %s", row.id, row.chat)
                        await self._retry_later(row, f"{type(exc).__name__}: {exc}")
                        delivered = True  # this row waits its backoff; the chat's other rows go on
                    if not delivered:
                        for rest in chat_rows[index + 1 :]:  # the chat is held: release its other rows
                            await self.store.outbox.defer(rest.id, 0, None)
                        return

        results = await asyncio.gather(*(drain(r) for r in by_chat.values()), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                logger.error("delivery task failed", exc_info=result)
        logger.info("delivery batch: %d messages to %d chats", len(rows), len(by_chat))
        return len(rows)

    async def _deliver(self, row: Delivery) -> bool:
        """Send one row; False when its chat must wait (rate limit, moved, gone)."""
        transport = self.transports.get(transport_of(row.chat))
        if transport is None:
            metrics.ALERTS_SENT.labels(transport=transport_of(row.chat), outcome="unroutable").inc()
            await self.store.outbox.defer(row.id, 60, "transport not enabled")
            return True
        chat = await self.store.chats.get(row.chat) or Chat(key=row.chat, language=self.store.default_language)
        # Muted, quiet hours or on a digest: alerts and updates wait for the chat's next digest.
        if row.kind in HELD_KINDS and (reason := hold_reason(chat, datetime.now(UTC))) is not None:
            await self.store.write(self.digests.hold, row.id, chat, reason)
            return True
        if chat.muted_until and chat.muted_until > datetime.now(UTC):
            delay = (chat.muted_until - datetime.now(UTC)).total_seconds()
            await self.store.outbox.defer(row.id, delay, "muted")
            return False
        reply = await self.store.read(self.renderer, row, chat)
        if reply is None:
            await self.store.outbox.give_up(row.id, "nothing to send (report deleted)")
            return True
        pacer = self.pacers[transport.name]
        await pacer.slot(row.chat, transport.chat_interval(chat))
        await self.store.outbox.begin(row.id)
        row = replace(row, state="sending", attempts=row.attempts + 1)
        try:
            ref = await self._send(transport, chat, row, reply)
        except RateLimited as exc:
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="rate_limited").inc()
            metrics.FLOOD_WAIT.labels(transport=transport.name).inc(exc.retry_after)
            pacer.hold_chat(row.chat, exc.retry_after)
            await self.store.outbox.defer(row.id, exc.retry_after, str(exc))
            logger.warning("rate limited in %s: waiting %.1fs", row.chat, exc.retry_after)
            return False
        except ChatMoved as exc:
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="moved").inc()
            await self.membership.moved(row.chat, exc.new_id)
            await self.store.outbox.defer(row.id, 0, str(exc))
            logger.warning("chat %s moved to %s: subscriptions follow", row.chat, exc.new_id)
            return False
        except ChatGone as exc:
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="gone").inc()
            if await self.membership.strike(row.chat):
                await self.store.outbox.give_up(row.id, str(exc))
                logger.warning("chat %s is gone (%s): alerts disabled until /start", row.chat, exc)
            else:
                await self.store.outbox.defer(row.id, backoff(row.attempts), str(exc))
            return False
        except BadMessage as exc:
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="refused").inc()
            await self.store.outbox.give_up(row.id, str(exc))
            logger.error("message %s to %s refused: %s", row.id, row.chat, exc)
            return True
        except DeliveryError as exc:
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="error").inc()
            await self._retry_later(row, str(exc))
            return False
        except Exception as exc:  # a transport bug must not stop delivery to everyone else
            logger.exception("unexpected error sending %s to %s", row.id, row.chat)
            metrics.ALERTS_SENT.labels(transport=transport.name, outcome="error").inc()
            await self._retry_later(row, f"{type(exc).__name__}")
            return False
        await self.store.outbox.mark_sent(row.id, ref)
        metrics.ALERTS_SENT.labels(transport=transport.name, outcome="sent").inc()
        self.heartbeat = time.time()  # a long batch is progress too: /healthz stays green while it sends
        return True

    async def _send(self, transport: Transport, chat: Chat, row: Delivery, reply: Reply) -> str | None:
        """Send one message; an update is edited into its chat's original alert where the transport allows."""
        if row.kind == "update":
            target = await self.store.read(edit_target, row, chat)
            if target is not None:
                ref, edited = target
                try:
                    await transport.edit(chat, ref, edited)
                    return ref
                except (BadMessage, NotImplementedError, AttributeError) as exc:
                    logger.info("cannot edit alert %s in %s (%s): sending the update", ref, row.chat, exc)
        return await transport.send(chat, reply)

    async def _retry_later(self, row: Delivery, error: str) -> None:
        if row.attempts >= MAX_ATTEMPTS:
            await self.store.outbox.give_up(row.id, error)
            logger.error("giving up on delivery %s to %s after %d attempts: %s", row.id, row.chat, row.attempts, error)
        else:
            delay = backoff(row.attempts)
            await self.store.outbox.defer(row.id, delay, error)
            logger.warning("delivery %s to %s failed (%s): retry in %.0fs", row.id, row.chat, error, delay)


def render_delivery(store: Store, row: Delivery, chat: Chat) -> Reply | None:
    """The message for one outbox row in its chat's language."""
    if row.kind == "alert" and row.report_id is not None:
        report = store.reports.get(row.report_id)
        if report is None:
            return None
        reply = render_alert(report, chat.language)
        if chat.alert_maps:  # the chat asked for a locator map with each alert (/settings map on)
            placed = next((e for e in report.events if e.location is not None), None)
            picture = locator_picture(placed, chat.language) if placed is not None else None
            if picture is not None:
                reply = replace(reply, picture=picture)
        return reply
    if row.kind == "update":
        return short_update(store, row, chat)
    if "text" in row.payload:
        reply = Reply(text=row.payload["text"], html=row.payload.get("html"))
        if row.kind == "digest" and row.payload.get("chart"):  # a daily digest: its chart with it
            reply = replace(reply, picture=render_chart(row.payload["chart"], chat.language))
        return reply
    return None
