"""A command's reply that Telegram answers 429 (or 5xx) is sent again in place, once it may be; never doubled.

Against the Bot API stand-in over real HTTP: it answers the injected 429s with ``retry_after`` and records a
violation when the bot sends again before that time, so ``assert_no_violations`` proves the wait. Tests wait
for events (stand-in changes, log records), never for time.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram import error as tg_error

from bot.delivery import again
from bot.health import HealthServer, Heartbeats
from bot.models import Reply
from bot.transports.telegram.errors import repeatable
from bot.transports.telegram.transport import PRIVATE_INTERVAL
from tests.transports.telegram_bot import bot_for

INBOUND = "bot.transports.telegram.inbound"


class LogWatch(logging.Handler):
    """Sets an event when a record containing ``needle`` is logged: the test waits for it, not for time."""

    def __init__(self, needle: str) -> None:
        super().__init__(logging.DEBUG)
        self.needle = needle
        self.lines: list[str] = []
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        if self.needle in line:
            self.lines.append(line)
            self.seen.set()


@pytest.fixture
def gave_up():
    watch = LogWatch("could not answer")
    logger = logging.getLogger(INBOUND)
    logger.addHandler(watch)
    yield watch
    logger.removeHandler(watch)


def statuses(tg, method: str = "sendMessage") -> list[int]:
    return [c.status for c in tg.calls_to(method)]


class Scrapes:
    """/metrics read over HTTP from the health server, as Prometheus does; counters compared before and after."""

    def __init__(self, server: HealthServer) -> None:
        self.server = server
        self.before: dict = {}

    async def read(self) -> dict:
        async with httpx.AsyncClient(base_url=self.server.url) as client:
            response = await client.get("/metrics")
        assert response.status_code == 200
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }

    async def delta(self, name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return (await self.read()).get(key, 0.0) - self.before.get(key, 0.0)


@pytest.fixture
async def scraped():
    server = HealthServer(Heartbeats(), "127.0.0.1", 0)
    await server.start()
    scrapes = Scrapes(server)
    scrapes.before = await scrapes.read()
    yield scrapes
    await server.close()


LIMITED = "marsad_replies_rate_limited_total"
WAITED = "marsad_reply_wait_seconds_total"


async def test_a_reply_answered_429_is_sent_once_after_the_wait(telegram_standin, store, gave_up, scraped):
    tg = telegram_standin
    user = tg.add_user("A")
    chat = tg.private_chat(user)
    tg.inject_429(1, retry_after=1, chat=chat, methods="sendMessage")
    async with bot_for(tg, store):
        tg.send_command(chat, user, "latest")
        [answer] = await tg.wait_for_messages(chat, 1)
        tg.send_command(chat, user, "help")  # a later command: its answer is the second message, nothing between
        messages = await tg.wait_for_messages(chat, 2)
    assert messages[0] is answer and len(tg.bot_messages(chat)) == 2
    assert statuses(tg) == [429, 200, 200]  # the reply once refused, then sent once
    assert not gave_up.lines
    tg.assert_no_violations()  # the retry came after retry_after
    # /metrics counts the 429 as waited out, and the wait: at least the second it asked for (the stand-in
    # refuses an earlier retry), well under the bot's cap.
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="waited") == 1
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="gave_up") == 0
    assert 0.9 <= await scraped.delta(WAITED, transport="tg", kind="command") < again.MAX_WAIT


async def test_a_wait_holds_only_its_own_reply_and_gives_up_when_the_bot_stops(
    telegram_standin, store, gave_up, scraped
):
    tg = telegram_standin
    slow_user, other_user = tg.add_user("Slow"), tg.add_user("Other")
    slow, other = tg.private_chat(slow_user), tg.private_chat(other_user)
    tg.inject_429(1, retry_after=25, chat=slow, methods="sendMessage")  # under the cap: it would be waited out
    async with bot_for(tg, store):
        tg.send_command(slow, slow_user, "latest")
        await tg.wait_for_call("sendMessage", predicate=lambda c: c.status == 429)
        tg.send_command(other, other_user, "latest")
        await tg.wait_for_messages(other, 1)  # answered while the slow chat's reply waits its 25 s
    # Stopping ended the wait (bot_for allows 10 s): the reply is given up, once, and said so.
    await asyncio.wait_for(gave_up.seen.wait(), 5)
    [line] = gave_up.lines
    assert "stopping" in line and f"tg:{slow.id}" in line and not tg.token_leaked_in(line)
    assert tg.bot_messages(slow) == []
    tg.assert_no_violations()
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="gave_up") == 1
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="waited") == 0
    assert 0 < await scraped.delta(WAITED, transport="tg", kind="command") < 25  # the stop cut the 25 s short


async def test_a_reply_that_keeps_getting_429_is_given_up_with_one_line(
    telegram_standin, store, gave_up, monkeypatch, scraped
):
    monkeypatch.setattr(again, "RETRIES", 1)
    tg = telegram_standin
    user = tg.add_user("A")
    chat = tg.private_chat(user)
    tg.inject_429(2, retry_after=1, chat=chat, methods="sendMessage")
    async with bot_for(tg, store):
        tg.send_command(chat, user, "latest")
        await asyncio.wait_for(gave_up.seen.wait(), 10)
        [line] = gave_up.lines
        assert "gave up after 2" in line and not tg.token_leaked_in(line)
        assert tg.bot_messages(chat) == [] and statuses(tg) == [429, 429]
        tg.send_command(chat, user, "help")  # the chat still gets its next answer
        await tg.wait_for_messages(chat, 1)
    assert len(tg.bot_messages(chat)) == 1
    tg.assert_no_violations()
    # Two 429s: the first waited out, the second (over RETRIES) given up without a wait.
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="waited") == 1
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="gave_up") == 1
    assert 0.9 <= await scraped.delta(WAITED, transport="tg", kind="command") < again.MAX_WAIT


async def test_a_retry_after_over_the_cap_gives_the_reply_up_at_once(telegram_standin, store, gave_up, scraped):
    tg = telegram_standin
    user = tg.add_user("A")
    chat = tg.private_chat(user)
    tg.inject_429(1, retry_after=int(again.MAX_WAIT) + 30, chat=chat, methods="sendMessage")
    async with bot_for(tg, store):
        tg.send_command(chat, user, "latest")
        await asyncio.wait_for(gave_up.seen.wait(), 5)
    [line] = gave_up.lines
    assert f"asked to wait {int(again.MAX_WAIT) + 30}s" in line and not tg.token_leaked_in(line)
    assert statuses(tg) == [429] and tg.bot_messages(chat) == []
    tg.assert_no_violations()
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="gave_up") == 1
    assert await scraped.delta(WAITED, transport="tg", kind="command") == 0  # given up at once


async def test_a_5xx_gets_one_more_try_and_no_more(telegram_standin, store, gave_up, monkeypatch, scraped):
    monkeypatch.setattr(again, "TRANSIENT_PAUSE", 0.01)
    tg = telegram_standin
    user, other = tg.add_user("A"), tg.add_user("B")
    chat, failing = tg.private_chat(user), tg.private_chat(other)
    tg.inject_5xx(1, status=502, chat=chat, methods="sendMessage")
    tg.inject_5xx(2, status=500, chat=failing, methods="sendMessage")
    async with bot_for(tg, store):
        tg.send_command(chat, user, "latest")
        await tg.wait_for_messages(chat, 1)
        tg.send_command(failing, other, "latest")
        await asyncio.wait_for(gave_up.seen.wait(), 5)
    assert len(tg.bot_messages(chat)) == 1 and tg.bot_messages(failing) == []
    mine = [c.status for c in tg.calls_to("sendMessage") if c.params.get("chat_id") in (failing.id, str(failing.id))]
    assert mine == [500, 500]  # tried twice, then given up
    assert await scraped.delta(LIMITED, transport="tg", kind="command", outcome="gave_up") == 0  # not a 429
    assert await scraped.delta(WAITED, transport="tg", kind="command") == 0
    [line] = gave_up.lines
    assert f"tg:{failing.id}" in line and not tg.token_leaked_in(line)


@pytest.mark.parametrize("answer", [True, False], ids=["command reply", "alert"])
async def test_a_429_on_a_later_part_does_not_repeat_the_parts_that_arrived(telegram_standin, store, answer, scraped):
    tg = telegram_standin
    user = tg.add_user("A")
    chat = tg.private_chat(user)
    long_reply = Reply(text="\n".join(f"line {i} " + "x" * 90 for i in range(60)))  # over 4,096: two parts
    async with bot_for(tg, store) as transport:
        gate, slots = asyncio.Event(), 0
        take = transport.pacer.slot

        async def gated(key, interval, *, urgent=False):
            nonlocal slots
            slots += 1
            if slots == (2 if answer else 1):  # the second part waits until the test has armed the 429
                # (an alert's first slot is the Sender's, not taken here)
                await gate.wait()
            await take(key, interval, urgent=urgent)

        transport.pacer.slot = gated
        if not answer:  # the Sender takes an alert's first slot
            await take(f"tg:{chat.id}", PRIVATE_INTERVAL)
        sending = asyncio.create_task(transport.deliver(f"tg:{chat.id}", long_reply, paced_first=not answer))
        await tg.wait_for_messages(chat, 1)
        tg.inject_429(1, retry_after=1, chat=chat, methods="sendMessage")
        gate.set()
        ref = await asyncio.wait_for(sending, 10)
    parts = tg.bot_messages(chat)
    assert len(parts) == 2 and ref == str(parts[-1].message_id)
    assert statuses(tg) == [200, 429, 200]
    tg.assert_no_violations()
    kind = "command" if answer else "alert"
    assert await scraped.delta(LIMITED, transport="tg", kind=kind, outcome="waited") == 1
    assert 0.9 <= await scraped.delta(WAITED, transport="tg", kind=kind) < again.MAX_WAIT


def failure(exc: tg_error.TelegramError, cause: BaseException | None) -> tg_error.TelegramError:
    """``exc`` as PTB raises it: from the httpx error under it, if any."""
    try:
        raise exc from cause
    except tg_error.TelegramError as raised:
        return raised


def test_only_failures_that_cannot_have_delivered_are_repeatable():
    request = httpx.Request("POST", "http://127.0.0.1/bot/sendMessage")
    assert repeatable(failure(tg_error.NetworkError("Bad Gateway"), None))  # a 5xx answer
    assert repeatable(failure(tg_error.NetworkError("x"), httpx.ConnectError("refused", request=request)))
    assert repeatable(failure(tg_error.TimedOut("pool"), httpx.PoolTimeout("full", request=request)))
    assert not repeatable(failure(tg_error.TimedOut(), httpx.ReadTimeout("slow", request=request)))
    assert not repeatable(failure(tg_error.TimedOut(), httpx.WriteTimeout("slow", request=request)))
    assert not repeatable(failure(tg_error.NetworkError("x"), httpx.RemoteProtocolError("cut", request=request)))
    assert not repeatable(failure(tg_error.BadRequest("chat not found"), None))
