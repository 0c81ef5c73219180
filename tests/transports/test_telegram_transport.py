"""The Telegram transport in-process against the Bot API stand-in: sends, errors, edits and ``locate``."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.errors import BadMessage, ChatGone, ChatMoved, RateLimited, TransportDown
from bot.models import Button, Chat, Reply
from bot.transports.telegram import TelegramTransport
from storage import Store

ALERT = Reply(text="غارة — إدلب", html="<b>غارة — إدلب</b>\nقتلى 3")


@contextlib.asynccontextmanager
async def running(tg, store: Store, url: str | None = None):
    transport = TelegramTransport(tg.token, url or tg.url, store)
    stop = asyncio.Event()
    task = asyncio.create_task(transport.run(stop))
    try:
        if url is None:
            await asyncio.wait_for(transport.ready.wait(), 10)
        yield transport
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def chat_of(tg_chat, kind: str = "private") -> Chat:
    return Chat(key=f"tg:{tg_chat.id}", kind=kind)


async def test_send_edit_and_not_modified_counts_as_done(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    async with running(tg, store) as transport:
        reply = Reply(text="x", html="<b>one</b>", buttons=((Button("▶", "/page 1 2"),),))
        ref = await transport.send(chat_of(chat), reply)
        await transport.edit(chat_of(chat), ref, Reply(text="x", html="<i>two</i>"))
        await transport.edit(chat_of(chat), ref, Reply(text="x", html="<i>two</i>"))  # unchanged: no error
    [message] = tg.bot_messages(chat)
    assert (message.text, message.buttons, len(message.history)) == ("two", [], 1)
    tg.assert_no_violations()


async def test_errors_become_marsads_own(telegram_standin, store):
    tg = telegram_standin
    users = [tg.add_user(f"U{i}") for i in range(5)]
    blocked, vanished, limited, failing, fine = (tg.private_chat(u) for u in users)
    group = tg.add_group("G", creator=users[0])
    tg.block_bot(blocked)
    tg.vanish(vanished)
    new = tg.migrate_to_supergroup(group)
    tg.inject_429(1, retry_after=7, chat=limited)
    tg.inject_5xx(1, chat=failing)
    async with running(tg, store) as transport:
        with pytest.raises(ChatGone):
            await transport.send(chat_of(blocked), ALERT)
        with pytest.raises(ChatGone):
            await transport.send(chat_of(vanished), ALERT)
        with pytest.raises(ChatMoved) as moved:
            await transport.send(chat_of(group, "group"), ALERT)
        assert moved.value.new_id == f"tg:{new.id}"
        with pytest.raises(RateLimited) as limited_error:
            await transport.send(chat_of(limited), ALERT)
        assert limited_error.value.retry_after == 7
        with pytest.raises(TransportDown):
            await transport.send(chat_of(failing), ALERT)
        with pytest.raises(BadMessage):
            await transport.send(chat_of(fine), Reply(text="x", html="<blink>no</blink>"))


async def test_no_error_message_carries_the_token(telegram_standin, store, monkeypatch):
    monkeypatch.setattr("bot.transports.telegram.transport.READY_TIMEOUT", 0.1)
    tg = telegram_standin
    transport = TelegramTransport(tg.token, "http://127.0.0.1:9", store)  # nothing listens there
    stop = asyncio.Event()
    with pytest.raises(TransportDown) as down:
        await transport.run(stop)
    assert not tg.token_leaked_in(str(down.value)) and down.value.__cause__ is None
    with pytest.raises(TransportDown) as not_ready:
        await transport.send(Chat(key="tg:1"), ALERT)  # never connected: after READY_TIMEOUT
    assert not tg.token_leaked_in(str(not_ready.value))


async def test_locate_finds_a_message_a_crash_hid_and_touches_nothing_known(telegram_standin, store):
    tg = telegram_standin
    alice = tg.add_user("Alice")
    chat = tg.private_chat(alice)
    async with running(tg, store) as transport:
        key = f"tg:{chat.id}"
        known = await transport.deliver(key, Reply(text="x", html="<b>an earlier answer</b>"), paced_first=False)
        store.marks.raise_to(f"tg:{chat.id}", int(known))  # recorded, as the inbound side records replies
        tg.send_message(chat, alice, "hello")  # a user's message: cannot be edited, skipped
        sent = await transport.deliver(key, ALERT, paced_first=False)  # arrived, but "the bot died" before recording it
        assert await transport.locate(chat_of(chat), ALERT) == sent
        other = Reply(text="y", html="<b>another alert</b>")
        assert await transport.locate(chat_of(chat), other) is None  # never sent: send it
    messages = tg.bot_messages(chat)
    assert [m.text for m in messages] == ["an earlier answer", "غارة — إدلب\nقتلى 3"]
    assert all(not m.history for m in messages)  # no message was changed by looking
    tg.assert_no_violations()


async def test_locate_in_a_blocked_chat_says_it_did_not_arrive(telegram_standin, store):
    tg = telegram_standin
    chat = tg.private_chat(tg.add_user("A"))
    tg.block_bot(chat)
    async with running(tg, store) as transport:
        assert await transport.locate(chat_of(chat), ALERT) is None
