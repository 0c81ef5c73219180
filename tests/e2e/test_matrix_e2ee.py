"""``marsad run`` in an encrypted Matrix room, against a real Synapse on 127.0.0.1.

The other side is a person on an encrypting nio client with its own store: commands go
in encrypted, answers and alerts come back encrypted (the homeserver holds only
ciphertext) and decrypt; a restart keeps the bot's device and keys.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from bot.transports.matrix import crypto
from tests.e2e.test_matrix import REPORTS, Marsad
from tests.servers.synapse import Synapse
from tests.transports.matrix.encrypted_user import EncryptedUser, body, is_message, reply_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not crypto.AVAILABLE, reason="matrix-nio's e2e extra (vodozemac) is not installed"),
]

DEADLINE = 40.0


@pytest.fixture
def marsad(synapse: Synapse, tmp_path: Path):
    bot = Marsad(synapse, tmp_path, f"marsad{secrets.token_hex(3)}")
    bot.start()
    yield bot
    assert bot.stop() == 0, bot.log_text()[-3000:]
    log = bot.log_text()
    assert "Traceback" not in log, log[-3000:]
    session = json.loads((tmp_path / "data" / "matrix" / "session.json").read_text())
    assert bot.password not in log and session["access_token"] not in log


@pytest.fixture
async def eve(synapse: Synapse, tmp_path: Path):
    user = await EncryptedUser.create(synapse, tmp_path / "eve-store")
    yield user
    await user.close()


async def _encrypted_answer(eve: EncryptedUser, room_id: str, asked: str) -> str:
    """The bot's answer to ``asked``: decrypted by eve, and ciphertext on the homeserver."""
    answer = await eve.wait_reply(room_id, asked, deadline=DEADLINE)
    assert answer.decrypted and answer.source["content"]["msgtype"] == "m.notice"
    raw = await eve.raw_event(room_id, answer.event_id)
    assert raw["type"] == "m.room.encrypted" and raw["content"]["algorithm"] == "m.megolm.v1.aes-sha2"
    assert body(answer)[:12] not in json.dumps(raw, ensure_ascii=False)
    return body(answer)


def _alerts(eve: EncryptedUser, room_id: str, sender: str, marker: str) -> list:
    return [e for e in eve.from_sender(room_id, sender) if is_message(e) and reply_to(e) is None and marker in body(e)]


async def test_encrypted_room_commands_alerts_and_restart(marsad: Marsad, eve: EncryptedUser, tmp_path: Path) -> None:
    room_id = await eve.create_encrypted_room(invite=[marsad.user_id])
    await eve.wait_joined(room_id, marsad.user_id)
    greeting = await eve.wait_for(room_id, lambda e: e.sender == marsad.user_id and is_message(e), deadline=DEADLINE)
    assert greeting.decrypted and "🔒" not in body(greeting)  # a greeting, not "encrypted rooms unsupported"

    asked = await eve.send_text(room_id, "!subscribe")
    assert await _encrypted_answer(eve, room_id, asked)

    marsad.drop_report(REPORTS[0])
    alert = await eve.wait_for(
        room_id, lambda e: e.sender == marsad.user_id and "Airstrike on Saraqib" in body(e), deadline=DEADLINE
    )
    assert alert.decrypted and reply_to(alert) is None
    assert "<b>" in alert.source["content"]["formatted_body"]
    assert (await eve.raw_event(room_id, alert.event_id))["type"] == "m.room.encrypted"

    session_file = tmp_path / "data" / "matrix" / "session.json"
    device = json.loads(session_file.read_text())["device_id"]
    devices = await eve.devices_of(marsad.user_id)
    assert list(devices) == [device]

    assert marsad.stop() == 0
    marsad.start()

    asked = await eve.send_text(room_id, "!latest")  # eve's room key from before the restart
    assert "Airstrike on Saraqib" in await _encrypted_answer(eve, room_id, asked)
    marsad.drop_report(REPORTS[1])
    await eve.wait_for(
        room_id, lambda e: e.sender == marsad.user_id and "Shelling in Aleppo" in body(e), deadline=DEADLINE
    )

    await eve.sync_once(timeout_ms=0)
    assert len(_alerts(eve, room_id, marsad.user_id, "Airstrike on Saraqib")) == 1
    assert len(_alerts(eve, room_id, marsad.user_id, "Shelling in Aleppo")) == 1
    assert eve.undecrypted(room_id) == []  # every message of the bot, before and after the restart, decrypts
    assert json.loads(session_file.read_text())["device_id"] == device
    assert await eve.devices_of(marsad.user_id) == devices  # same device, same keys: no new device
    assert "cannot decrypt" not in marsad.log_text()
