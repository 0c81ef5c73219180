"""The Matrix transport against a real Synapse: rooms, commands, power levels, restarts, rate limits."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.errors import ChatMoved, RateLimited
from bot.i18n import t
from bot.models import Chat, Reply
from bot.transports.matrix import MatrixClient, MatrixTransport, StateStore, chat_key
from storage import Store
from tests.servers.matrix_user import MatrixUser, until
from tests.servers.synapse import Synapse

pytestmark = pytest.mark.e2e


class Bot:
    """One run of the transport (a task), restartable on the same data directory."""

    def __init__(self, synapse: Synapse, data: Path, name: str, *, encryption: bool = False) -> None:
        self.synapse, self.data, self.name = synapse, data, name
        self.encryption = encryption  # off: as when matrix-nio's e2e extra is not installed
        self.user_id = synapse.user_id(name)
        self.store = Store.open(data / "marsad.db", default_language="en")
        self.transport: MatrixTransport | None = None
        self.task: asyncio.Task | None = None
        self.stop_event = asyncio.Event()

    async def start(self) -> MatrixTransport:
        state = StateStore(self.data / "matrix")
        store_path = self.data / "matrix" / "store" if self.encryption else None
        client = MatrixClient(
            self.synapse.url, self.user_id, state, password="pw-bot", store_path=store_path, encryption=self.encryption
        )
        self.transport = MatrixTransport(client, self.store, room_interval=0)
        self.stop_event = asyncio.Event()
        self.task = asyncio.create_task(self.transport.run(self.stop_event))
        await asyncio.wait_for(self.transport.ready.wait(), 20)
        return self.transport

    def reopen_store(self) -> None:
        """Close the store and open it again from its SQLite file (call between ``stop`` and ``start``)."""
        self.store.close()
        self.store = Store.open(self.data / "marsad.db", default_language="en")

    async def stop(self) -> None:
        if self.task is not None:
            self.stop_event.set()
            await asyncio.wait_for(self.task, 20)
            self.task = None


@pytest.fixture
async def bot(synapse: Synapse, tmp_path: Path):
    name = f"bot{tmp_path.name[-6:].replace('_', '')}{id(tmp_path) % 10000}"
    synapse.register(name, "pw-bot")
    running = Bot(synapse, tmp_path, name)
    await running.start()
    yield running
    await running.stop()
    running.store.close()


@pytest.fixture
async def alice(synapse: Synapse):
    user = MatrixUser.fresh(synapse, "alice")
    yield user
    await user.close()


@pytest.fixture
async def bob(synapse: Synapse):
    user = MatrixUser.fresh(synapse, "bob")
    yield user
    await user.close()


def _message_from(event: dict, sender: str) -> bool:
    return event.get("sender") == sender and event.get("type") == "m.room.message"


async def _room_with_bot(alice: MatrixUser, bot: Bot, **extra) -> str:
    room_id = await alice.create_room(invite=[bot.user_id], **extra)
    await alice.wait_joined(room_id, bot.user_id)
    return room_id


async def test_invite_join_greeting_and_threaded_answer(bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    greeting = await alice.wait_for(room_id, lambda e: _message_from(e, bot.user_id))
    assert greeting["content"]["body"].startswith(t("en", "cmd.start")[:20])

    asked = await alice.send_text(room_id, "!help")
    answer = await alice.wait_reply(room_id, asked)
    content = answer["content"]
    assert (answer["sender"], content["msgtype"], content["format"]) == (
        bot.user_id,
        "m.notice",
        "org.matrix.custom.html",
    )
    assert "!latest" in content["body"] or "/latest" in content["body"]
    assert "<script" not in content["formatted_body"]


async def test_latest_answers_with_the_stored_reports(bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    asked = await alice.send_text(room_id, "/latest")  # a client that sends /commands as text
    answer = await alice.wait_reply(room_id, asked)
    assert answer["content"]["body"]  # no reports yet: the handler's "nothing yet" line


async def test_members_without_power_cannot_change_settings(bot: Bot, alice: MatrixUser, bob: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    await alice.invite(room_id, bob.user_id)
    await bob.join(room_id)

    refused = await bob.send_text(room_id, "!subscribe airstrike")
    answer = await alice.wait_reply(room_id, refused)
    assert answer["content"]["body"] == t("en", "cmd.not_allowed")
    assert bot.store.subscriptions.for_chat(chat_key(room_id)) == []

    searched = await bob.send_text(room_id, "!search ادلب")  # anyone may search
    assert (await alice.wait_reply(room_id, searched))["content"]["body"] != t("en", "cmd.not_allowed")

    allowed = await alice.send_text(room_id, "!subscribe airstrike")
    await alice.wait_reply(room_id, allowed)
    [subscription] = bot.store.subscriptions.for_chat(chat_key(room_id))
    assert subscription.types == ("airstrike",)


async def test_send_formats_sanitises_and_maps_rate_limits(synapse: Synapse, bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    chat = Chat(key=chat_key(room_id), language="ar")
    html = '<b>غارة جوية</b> — إدلب\n<a href="https://example.org/r/1">المصدر</a> <img src=x onerror=alert(1)>'
    ref = await bot.transport.send(chat, Reply(text="غارة جوية — إدلب\nالمصدر", html=html))
    event = await alice.wait_for(room_id, lambda e: e.get("event_id") == ref)
    assert event["content"]["msgtype"] == "m.notice"
    assert event["content"]["formatted_body"] == (
        '<b>غارة جوية</b> — إدلب<br /><a href="https://example.org/r/1">المصدر</a> '
    )

    admin = MatrixUser.fresh(synapse, "admin", admin=True)
    try:
        synapse.override_ratelimit(bot.user_id, 1, 1, admin.token)
        with pytest.raises(RateLimited) as limited:
            for i in range(30):
                await bot.transport.send(chat, Reply(text=f"n{i}"))
        assert limited.value.retry_after > 0
        # Answers bypass the outbox: the transport itself waits the limit out, and the answer arrives.
        asked = await alice.send_text(room_id, "!help")
        await alice.wait_reply(room_id, asked)
    finally:
        synapse.clear_ratelimit(bot.user_id, admin.token)
        await admin.close()


async def test_restart_reuses_the_device_and_answers_each_command_once(
    bot: Bot, alice: MatrixUser, tmp_path: Path
) -> None:
    room_id = await _room_with_bot(alice, bot)
    first = await alice.send_text(room_id, "!help")
    await alice.wait_reply(room_id, first)
    device = json.loads((tmp_path / "matrix" / "session.json").read_text())["device_id"]

    await bot.stop()
    while_down = await alice.send_text(room_id, "!lang en")  # sent while the bot is down
    await bot.start()
    await alice.wait_reply(room_id, while_down)  # not lost
    after = await alice.send_text(room_id, "!sources")
    await alice.wait_reply(room_id, after)

    assert json.loads((tmp_path / "matrix" / "session.json").read_text())["device_id"] == device
    notices = await alice.notices_from(room_id, bot.user_id)
    relations = [n["content"].get("m.relates_to", {}) for n in notices]
    replied_to = [r.get("m.in_reply_to", {}).get("event_id") for r in relations]
    assert sorted(r for r in replied_to if r) == sorted([first, while_down, after])  # each exactly once


async def test_kick_drops_the_rooms_subscriptions(bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    asked = await alice.send_text(room_id, "!subscribe")
    await alice.wait_reply(room_id, asked)
    assert bot.store.subscriptions.for_chat(chat_key(room_id))
    await alice.kick(room_id, bot.user_id)
    await until(lambda: bot.store.chats.get(chat_key(room_id)) is None, what="chat forgotten")
    assert bot.store.subscriptions.for_chat(chat_key(room_id)) == []


async def test_room_upgrade_moves_subscriptions(bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot, preset="public_chat")
    asked = await alice.send_text(room_id, "!subscribe shelling")
    await alice.wait_reply(room_id, asked)

    new_room = await alice.upgrade(room_id)
    await alice.wait_joined(new_room, bot.user_id)  # public: the bot follows the tombstone by itself
    await until(lambda: bot.store.subscriptions.for_chat(chat_key(new_room)), what="subscriptions moved")
    assert bot.store.subscriptions.for_chat(chat_key(room_id)) == []
    with pytest.raises(ChatMoved) as moved:  # a send to the old room says where it went
        await bot.transport.send(Chat(key=chat_key(room_id)), Reply(text="x"))
    assert moved.value.new_id == chat_key(new_room)


async def test_private_room_upgrade_follows_the_invite(bot: Bot, alice: MatrixUser) -> None:
    room_id = await _room_with_bot(alice, bot)
    asked = await alice.send_text(room_id, "!subscribe")
    await alice.wait_reply(room_id, asked)

    new_room = await alice.upgrade(room_id)
    await alice.invite(new_room, bot.user_id)  # invite-only: the new room must invite the bot
    await alice.wait_joined(new_room, bot.user_id)
    await until(lambda: bot.store.subscriptions.for_chat(chat_key(new_room)), what="subscriptions moved")


async def test_encrypted_rooms_are_declined_clearly_without_encryption(bot: Bot, alice: MatrixUser) -> None:
    """Without the e2e extra (``bot`` runs with encryption off), an encrypted room is told so, once."""
    megolm = {"algorithm": "m.megolm.v1.aes-sha2"}
    encryption = {"type": "m.room.encryption", "state_key": "", "content": megolm}
    room_id = await alice.create_room(invite=[bot.user_id], initial_state=[encryption])
    await alice.wait_joined(room_id, bot.user_id)
    notice = await alice.wait_for(room_id, lambda e: _message_from(e, bot.user_id))
    assert "ncrypt" in notice["content"]["body"] or "المشفّرة" in notice["content"]["body"]


async def test_the_encrypted_room_notice_is_sent_once_across_restarts_and_again_after_a_kick(
    bot: Bot, alice: MatrixUser
) -> None:
    """The notice is remembered in the SQLite file: after restarts (a fresh transport and a store opened
    again from the file, nothing kept in memory) new ciphertext is not answered with it again. A kick
    forgets the room's chat and its notices, so the room is told again when it invites the bot back."""
    megolm = {"algorithm": "m.megolm.v1.aes-sha2"}
    encryption = {"type": "m.room.encryption", "state_key": "", "content": megolm}
    room_id = await alice.create_room(invite=[bot.user_id], initial_state=[encryption])
    key = chat_key(room_id)
    await alice.wait_joined(room_id, bot.user_id)
    notice = await alice.wait_for(room_id, lambda e: _message_from(e, bot.user_id))
    told = notice["content"]["body"]
    assert told == t("en", "mx.encrypted_room")
    # Recorded right after the send: alice may see the notice a moment before.
    await until(lambda: bot.store.notices.told(key, "encrypted_room"), what="notice recorded")

    async def told_count() -> int:
        return [n["content"]["body"] for n in await alice.notices_from(room_id, bot.user_id)].count(told)

    for restart in range(2):
        await bot.stop()
        bot.reopen_store()
        await bot.start()
        ciphertext = {**megolm, "ciphertext": "AwgA", "sender_key": "k", "session_id": f"s{restart}", "device_id": "D"}
        path = f"/rooms/{room_id}/send/m.room.encrypted/txn-{restart}-{id(bot)}"
        await alice.call("PUT", path, json=ciphertext)  # a message the bot cannot read
        asked = await alice.send_text(room_id, "!help")  # handled after the ciphertext: the bot has seen it
        await alice.wait_reply(room_id, asked)
    assert await told_count() == 1

    # Twice: the second time, the running transport itself sent the last notice (it has it in memory too).
    for times in (2, 3):
        await alice.kick(room_id, bot.user_id)
        await until(lambda: not bot.store.notices.told(key, "encrypted_room"), what="notice forgotten with the chat")
        await alice.invite(room_id, bot.user_id)  # the same running transport is invited back
        await until(lambda: bot.store.notices.told(key, "encrypted_room"), what="notice recorded again")

        async def told_again(times: int = times) -> bool:
            return await told_count() == times

        await until(told_again, what=f"notice number {times} after the new invitation")
        asked = await alice.send_text(room_id, "!help")  # and once only, again
        await alice.wait_reply(room_id, asked)
        assert await told_count() == times
        # The rejoined room's first sync shows history, the old kick too: that is no new departure.
        assert bot.store.notices.told(key, "encrypted_room")


async def test_a_cancellation_between_an_answers_send_and_its_mark_waits_for_the_mark(
    bot: Bot, alice: MatrixUser
) -> None:
    """The supervisor cancels a component still busy after the grace period. Landing after the answer was
    sent but before it was marked, the next run would answer again: the mark is made first, then the
    cancellation goes on."""
    room_id = await _room_with_bot(alice, bot)
    await alice.wait_for(room_id, lambda e: _message_from(e, bot.user_id))  # the greeting is out of the way
    transport = bot.transport
    assert transport is not None and bot.task is not None
    real_send = transport.client.send
    sent, go = asyncio.Event(), asyncio.Event()

    async def send_then_hold(room: str, content: dict) -> str:  # the real send; only its return is held
        event_id = await real_send(room, content)
        sent.set()
        await go.wait()
        return event_id

    transport.client.send = send_then_hold  # type: ignore[method-assign]
    asked = await alice.send_text(room_id, "!help")
    await asyncio.wait_for(sent.wait(), 20)  # the answer is on the server, not yet marked
    bot.task.cancel()  # reaches at once whatever the task awaits: without a guard, the held send
    go.set()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(bot.task, 20)
    bot.task = None
    assert transport.state.is_handled(asked)

    transport.client.send = real_send  # type: ignore[method-assign]
    await bot.start()
    later = await alice.send_text(room_id, "!sources")
    await alice.wait_reply(room_id, later)  # the restarted run has synced past the first command
    notices = await alice.notices_from(room_id, bot.user_id)
    replied_to = [n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") for n in notices]
    assert replied_to.count(asked) == 1 and replied_to.count(later) == 1
