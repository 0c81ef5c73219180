"""/map in an encrypted Matrix room: the PNG is uploaded encrypted and the m.image event carries its keys."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

import pytest
from nio import RoomEncryptedImage
from nio.crypto import decrypt_attachment
from PIL import Image

from bot.transports.matrix import crypto
from storage import Store
from tests.e2e.test_matrix import Marsad
from tests.maps.test_map_command import seed
from tests.servers.synapse import Synapse
from tests.transports.matrix.encrypted_user import EncryptedUser

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not crypto.AVAILABLE, reason="matrix-nio's e2e extra (vodozemac) is not installed"),
]


@pytest.fixture
def marsad(synapse: Synapse, tmp_path: Path):
    (tmp_path / "data").mkdir()
    store = Store.open(tmp_path / "data" / "marsad.db")
    seed(store)
    store.close()
    bot = Marsad(synapse, tmp_path, f"marsad{secrets.token_hex(3)}")
    bot.start()
    yield bot
    assert bot.stop() == 0, bot.log_text()[-3000:]
    assert "Traceback" not in bot.log_text()


@pytest.fixture
async def eve(synapse: Synapse, tmp_path: Path):
    user = await EncryptedUser.create(synapse, tmp_path / "eve-store")
    yield user
    await user.close()


async def test_an_encrypted_room_gets_an_encrypted_map(marsad: Marsad, eve: EncryptedUser) -> None:
    room_id = await eve.create_encrypted_room(invite=[marsad.user_id])
    await eve.wait_joined(room_id, marsad.user_id)
    await eve.send_text(room_id, "!map 7d")
    image = await eve.wait_for(
        room_id, lambda e: e.sender == marsad.user_id and isinstance(e, RoomEncryptedImage), deadline=60
    )
    raw = await eve.raw_event(room_id, image.event_id)
    assert raw["type"] == "m.room.encrypted"  # the event itself is encrypted ...
    downloaded = await eve.client.download(image.url)
    ciphertext = downloaded.body
    assert not ciphertext.startswith(b"\x89PNG")  # ... and so is the file in the media repository
    png = decrypt_attachment(ciphertext, image.key["k"], image.hashes["sha256"], image.iv)
    info = image.source["content"]["info"]
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.format == "PNG" and picture.size == (info["w"], info["h"]) == (1000, 760)
    assert info["mimetype"] == "image/png" and info["size"] == len(png)
