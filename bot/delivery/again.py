"""A message of a command's reply sent again after a 429: a reply has no outbox row to be retried from.

Alerts wait in the outbox: the Sender defers a rate-limited row and sends it later, even after a restart.
A command's reply lives only in the handler that made it, so a transport sends each of its messages through
``send_again``. A 429 is waited out in place (only this reply's task sleeps; other chats' commands go on), at
most ``RETRIES`` times and never longer than ``MAX_WAIT`` seconds at once (a user who waits longer has moved
on), and not once the bot is stopping. A transient failure that cannot have delivered the message
(``TransportDown.repeatable``: no connection, or a 5xx answer) is tried once more after ``TRANSIENT_PAUSE``;
a timeout is not, since the message may have arrived and a second send would double it.

What is given up is raised as a DeliveryError whose message says why: the caller logs it, once.

Each 429 is counted (``marsad_replies_rate_limited_total{transport,kind,outcome}``: ``waited`` when it was waited
out, ``gave_up`` when the message was given up on it) and so is the time spent waiting
(``marsad_reply_wait_seconds_total{transport,kind}``): the outbox's own 429s are counted by the Sender, these
in-place ones were invisible on /metrics before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot import metrics
from bot.errors import RateLimited, TransportDown
from bot.models import ChatKey

T = TypeVar("T")

RETRIES = 3  # 429s waited out for one message of a reply
MAX_WAIT = 30.0  # seconds: a longer retry_after gives the reply up at once
TRANSIENT_PAUSE = 1.0  # seconds before the one more try after a repeatable failure


async def send_again(
    send: Callable[[], Awaitable[T]],
    *,
    chat: ChatKey,
    hold: Callable[[ChatKey, float], None],
    stopping: asyncio.Event | None = None,
    transport: str,
    kind: str = "command",
) -> T:
    """``send()``, again after a 429 or a repeatable failure; ``hold(chat, seconds)`` tells the pacer, so the
    chat's alerts wait out the same 429. Raises the last error, saying why it was given up. ``transport``
    and ``kind`` (``command``: a command's reply; ``alert``: an alert's later part or picture) label the
    metrics."""
    limited = 0
    repeated = False
    while True:
        try:
            return await send()
        except RateLimited as exc:
            hold(chat, exc.retry_after)
            limited += 1
            if exc.retry_after > MAX_WAIT:
                _count(transport, kind, "gave_up")
                raise RateLimited(exc.retry_after, f"gave up: asked to wait {exc.retry_after:g}s ({exc})") from None
            if limited > RETRIES:
                _count(transport, kind, "gave_up")
                raise RateLimited(exc.retry_after, f"gave up after {limited} answers 429 ({exc})") from None
            wait, error = exc.retry_after, exc
        except TransportDown as exc:
            if not exc.repeatable or repeated:
                raise
            repeated = True
            wait, error = TRANSIENT_PAUSE, exc
        loop = asyncio.get_running_loop()
        started = loop.time()
        waited = await _pause(wait, stopping)
        if isinstance(error, RateLimited):
            metrics.REPLY_WAIT.labels(transport=transport, kind=kind).inc(max(loop.time() - started, 0.0))
            _count(transport, kind, "waited" if waited else "gave_up")
        if not waited:
            reason = f"gave up: the bot is stopping ({error})"
            if isinstance(error, RateLimited):
                raise RateLimited(error.retry_after, reason) from None
            raise TransportDown(reason) from None


def _count(transport: str, kind: str, outcome: str) -> None:
    metrics.REPLIES_RATE_LIMITED.labels(transport=transport, kind=kind, outcome=outcome).inc()


async def _pause(seconds: float, stopping: asyncio.Event | None) -> bool:
    """Sleep ``seconds``; False, at once, when the bot is stopping (or starts to during the pause)."""
    if stopping is None:
        await asyncio.sleep(seconds)
        return True
    if stopping.is_set():
        return False
    try:
        await asyncio.wait_for(stopping.wait(), seconds)
    except TimeoutError:
        return True
    return False
