"""The Matrix transport in encrypted rooms, against a real Synapse and a person on an encrypting nio client."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from nio import Event, MegolmEvent

from bot.models import Chat, Reply
from bot.transports.matrix import MatrixClient, MatrixTransport, StateStore, chat_key, crypto
from tests.servers.matrix_user import until
from tests.servers.synapse import Synapse
from tests.transports.matrix.encrypted_user import EncryptedUser, body, is_message
from tests.transports.matrix.test_transport import Bot

MEGOLM = "m.megolm.v1.aes-sha2"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not crypto.AVAILABLE, reason="matrix-nio's e2e extra (vodozemac) is not installed"),
]


@pytest.fixture
async def bot(synapse: Synapse, tmp_path: Path):
    name = f"ebot{tmp_path.name[-6:].replace('_', '')}{id(tmp_path) % 10000}"
    synapse.register(name, "pw-bot")
    running = Bot(synapse, tmp_path, name, encryption=True)
    await running.start()
    yield running
    await running.stop()
    running.store.close()


@pytest.fixture
async def eve(synapse: Synapse, tmp_path: Path):
    user = await EncryptedUser.create(synapse, tmp_path / "eve-store")
    yield user
    await user.close()


async def _encrypted_room_with_bot(eve: EncryptedUser, bot: Bot) -> str:
    room_id = await eve.create_encrypted_room(invite=[bot.user_id])
    await eve.wait_joined(room_id, bot.user_id)
    greeting = await eve.wait_for(room_id, lambda e: e.sender == bot.user_id and is_message(e))
    assert greeting.decrypted, greeting
    return room_id


async def test_alert_right_after_a_restart_is_encrypted(synapse: Synapse, bot: Bot, eve: EncryptedUser) -> None:
    """Before the first sync after a restart nio knows no room: the room is read from its state to encrypt."""
    room_id = await _encrypted_room_with_bot(eve, bot)
    key = bot.transport.client.crypto.device_key
    await bot.stop()

    client = MatrixClient(
        synapse.url,
        bot.user_id,
        StateStore(bot.data / "matrix"),
        password="pw-bot",
        store_path=bot.data / "matrix" / "store",
    )
    transport = MatrixTransport(client, bot.store, room_interval=0)
    await transport.start()  # logged in again, no sync yet
    try:
        assert client.crypto.device_key == key and client.nio.rooms == {}  # same device keys, from the store
        ref = await transport.send(Chat(key=chat_key(room_id), language="en"), Reply(text="after the restart"))
    finally:
        await transport.close()
    event = await eve.wait_for(room_id, lambda e: e.event_id == ref)
    assert event.decrypted and body(event) == "after the restart"
    assert (await eve.raw_event(room_id, ref))["type"] == "m.room.encrypted"


async def test_a_lost_store_means_a_new_device_not_a_broken_one(bot: Bot, eve: EncryptedUser) -> None:
    """Same device id with fresh keys would fail every upload (Synapse keeps the old keys): log in anew."""
    old_device = json.loads((bot.data / "matrix" / "session.json").read_text())["device_id"]
    await bot.stop()
    shutil.rmtree(bot.data / "matrix" / "store")
    await bot.start()
    new_device = json.loads((bot.data / "matrix" / "session.json").read_text())["device_id"]
    assert new_device != old_device and bot.transport.client.crypto.enabled
    devices = await eve.devices_of(bot.user_id)
    assert devices[new_device] == bot.transport.client.crypto.device_key  # its keys are up
    room_id = await _encrypted_room_with_bot(eve, bot)  # and it talks in encrypted rooms
    asked = await eve.send_text(room_id, "!help")
    assert (await eve.wait_reply(room_id, asked)).decrypted


async def test_undecryptable_events_are_logged_and_a_late_key_still_gets_the_answer(
    bot: Bot, eve: EncryptedUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.transports.matrix")
    room_id = await _encrypted_room_with_bot(eve, bot)
    garbage = {
        "algorithm": MEGOLM,
        "sender_key": "A" * 43,
        "session_id": "B" * 43,
        "ciphertext": "AwgA",
        "device_id": "X",
    }
    bogus = await eve.send_raw(room_id, "m.room.encrypted", garbage)
    await eve.send_raw(room_id, "m.room.encrypted", {"algorithm": MEGOLM})  # malformed: not even a Megolm event
    await until(lambda: bogus in caplog.text, what="the undecryptable event logged")
    assert "key requested" in caplog.text

    asked, hand_out = await eve.send_with_late_key(room_id, "!help")
    await until(lambda: asked in caplog.text, what="the command without its key logged")
    assert asked in bot.transport.client.crypto.pending
    await hand_out()  # the room key arrives after the message
    answer = await eve.wait_reply(room_id, asked)
    assert answer.decrypted and "/latest" in body(answer)

    again = await eve.send_text(room_id, "!sources")  # the loop goes on as usual
    await eve.wait_reply(room_id, again)
    assert not bot.task.done()
    replies = [e for e in eve.from_sender(room_id, bot.user_id) if is_message(e)]
    assert sum(1 for e in replies if e.source["content"].get("m.relates_to", {}).get("m.in_reply_to")) == 2
    assert asked not in bot.transport.client.crypto.pending


async def test_without_the_e2e_extra_the_client_does_not_encrypt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crypto, "AVAILABLE", False)
    store = tmp_path / "matrix" / "store"
    client = MatrixClient("http://127.0.0.1:1", "@bot:localhost", StateStore(tmp_path / "matrix"), store_path=store)
    assert not client.nio.config.encryption_enabled and not client.nio.store_path
    assert not client.crypto.enabled and not store.exists()
    await client.close()


async def test_with_the_e2e_extra_the_store_is_private(tmp_path: Path) -> None:
    store = tmp_path / "matrix" / "store"
    client = MatrixClient("http://127.0.0.1:1", "@bot:localhost", StateStore(tmp_path / "matrix"), store_path=store)
    assert client.nio.config.encryption_enabled and client.nio.store_path == str(store)
    assert (store.stat().st_mode & 0o777) == 0o700
    await client.close()


async def test_events_waiting_for_a_key_are_bounded_and_given_up(tmp_path: Path, caplog) -> None:
    client = MatrixClient("http://127.0.0.1:1", "@bot:localhost", StateStore(tmp_path), store_path=tmp_path / "store")
    client.nio.user_id, client.nio.device_id = "@bot:localhost", "BOTDEVICE"  # as after a login
    client.nio.load_store()
    waiting = client.crypto
    for n in range(crypto.PENDING_KEEP + 5):
        raw = {
            "type": "m.room.encrypted",
            "event_id": f"$e{n}",
            "sender": "@eve:localhost",
            "origin_server_ts": 1,
            "room_id": "!r:localhost",
            "content": {
                "algorithm": MEGOLM,
                "sender_key": "K" * 43,
                "session_id": "S",
                "ciphertext": "C",
                "device_id": "D",
            },
        }
        event = Event.parse_event(raw)
        assert isinstance(event, MegolmEvent)
        await waiting.undecryptable("!r:localhost", event)  # the key request fails (no server): logged only
    assert len(waiting.pending) == crypto.PENDING_KEEP and "$e0" not in waiting.pending
    assert waiting.decrypted_pending() == [] and len(waiting.pending) == crypto.PENDING_KEEP  # no key: still waiting
    late = max(p.since for p in waiting.pending.values()) + crypto.PENDING_MAX_AGE + 1  # past the newest one too
    assert waiting.decrypted_pending(now=late) == [] and waiting.pending == {}
    assert "its key never came" in caplog.text
    await client.close()
