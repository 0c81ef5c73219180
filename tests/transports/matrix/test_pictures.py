"""Pictures on Matrix against a real Synapse: the PNG in the media repository, an m.image event with info."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from bot.incidents import merge
from bot.incidents.linking import Link
from bot.models import Chat, Event, Reply
from tests.helpers import MAARAT, analysis, raw
from tests.servers.matrix_user import MatrixUser
from tests.transports.matrix.test_transport import Bot, _room_with_bot, alice, bot  # noqa: F401

pytestmark = pytest.mark.e2e


def _image_from(event: dict, sender: str) -> bool:
    content = event.get("content", {})
    return event.get("sender") == sender and content.get("msgtype") == "m.image"


async def _download(user: MatrixUser, mxc: str) -> bytes:
    server, media_id = mxc.removeprefix("mxc://").split("/", 1)
    answer = await user.http.get(f"/_matrix/client/v1/media/download/{server}/{media_id}")
    if answer.status_code == 404:  # a Synapse without authenticated media
        answer = await user.http.get(f"/_matrix/media/v3/download/{server}/{media_id}")
    assert answer.status_code == 200, answer.text
    return answer.content


async def test_map_command_answers_with_text_then_an_image_event(bot: Bot, alice: MatrixUser) -> None:  # noqa: F811
    stored = bot.store.reports.add(raw("غارة", source="outlet-a"), analysis(Event("airstrike", MAARAT, killed=4)))
    event = Event("airstrike", MAARAT, killed=4)
    bot.store.incidents.record(stored.id, Link(), event, datetime.now(UTC), b"s", merge(None, event))
    room_id = await _room_with_bot(alice, bot)
    asked = await alice.send_text(room_id, "!map 7d")
    text = await alice.wait_reply(room_id, asked)
    assert text["content"]["msgtype"] == "m.notice" and "1" in text["content"]["body"]
    image = await alice.wait_for(room_id, lambda e: _image_from(e, bot.user_id))
    content = image["content"]
    assert content["body"].strip()  # the text a client without images shows
    info = content["info"]
    png = await _download(alice, content["url"])
    assert info["mimetype"] == "image/png" and info["size"] == len(png)
    with Image.open(io.BytesIO(png)) as picture:
        assert (picture.format, picture.size) == ("PNG", (info["w"], info["h"]))


async def test_an_alert_with_a_picture_is_the_text_then_the_image(bot: Bot, alice: MatrixUser) -> None:  # noqa: F811
    from bot.maps.locator import locator_picture

    room_id = await _room_with_bot(alice, bot)
    await alice.wait_for(room_id, lambda e: e.get("sender") == bot.user_id)  # the greeting
    picture = locator_picture(Event("airstrike", MAARAT, killed=4), "en")
    assert bot.transport is not None and picture is not None
    alert = Reply(text="Airstrike — Maarat al-Numan", picture=picture)
    ref = await bot.transport.send(Chat(key=f"mx:{room_id}"), alert)
    image = await alice.wait_for(room_id, lambda e: _image_from(e, bot.user_id))
    [text] = [n for n in await alice.notices_from(room_id, bot.user_id) if n["event_id"] == ref]
    assert text["content"]["body"] == "Airstrike — Maarat al-Numan"  # the alert's reference is its text
    assert await _download(alice, image["content"]["url"]) == picture.png
    assert image["content"]["info"]["w"] == picture.width
