"""Alerts with a map (/settings map on): through the outbox, the pacer and the exactly-once rules, on the stand-in."""

from __future__ import annotations

import asyncio
import io
import time

from PIL import Image

from bot.delivery.sender import Sender
from bot.maps.locator import locator_spec
from bot.maps.render import layout
from bot.maps.style import TYPE_STYLE
from bot.pipeline import Pipeline
from tests.helpers import raw
from tests.transports.test_telegram_transport import running

TEXT = "قتل خمسة مدنيين في غارة جوية على معرة النعمان بريف إدلب."


async def _drain(sender: Sender, store, deadline: float = 20.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        await sender.run_once()
        with store.conn.reading() as db:
            query = "SELECT count(*) AS n FROM deliveries WHERE state IN ('pending', 'claimed', 'sending')"
            left = next(db.query(query))["n"]
        if not left:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("deliveries still pending")


async def test_alert_with_map_is_a_photo_once_per_chat_and_a_429_is_honoured(telegram_standin, store):
    tg = telegram_standin
    with_map, also_map, text_only = (tg.private_chat(tg.add_user(n)) for n in ("A", "B", "C"))
    for chat, maps in ((with_map, True), (also_map, True), (text_only, False)):
        key = f"tg:{chat.id}"
        store.chats.ensure(key)
        store.chats.set_language(key, "ar")
        store.chats.set_alert_maps(key, maps)
        store.subscriptions.add(key)
    tg.inject_429(1, retry_after=1, chat=also_map, methods="sendPhoto")
    result = Pipeline(store).ingest(raw(TEXT, "غارة على معرة النعمان"))
    [event] = store.reports.get(result.report_id).events
    async with running(tg, store) as transport:
        sender = Sender(store, {"tg": transport})
        await _drain(sender, store)

    [(photo_a, png_a)] = tg.photos(with_map)
    [(_photo_b, png_b)] = tg.photos(also_map)  # after its 429: once, not twice
    assert len(tg.bot_messages(with_map)) == len(tg.bot_messages(also_map)) == 1
    [text_message] = tg.bot_messages(text_only)
    assert tg.photos(text_only) == [] and "معرة النعمان" in text_message.text
    assert photo_a.extra["caption"] == text_message.text  # the alert's text as the caption
    assert png_a == png_b and tg.uploads == 1  # uploaded once, then by file_id
    limited = [c for c in tg.calls_to("sendPhoto") if c.status == 429]
    assert len(limited) == 1
    tg.assert_no_violations()  # no call inside the retry_after, no rate limit exceeded

    # The locator map: the marker at the town's projected coordinates, in the airstrike colour.
    spec = locator_spec(event, "ar")
    assert spec is not None
    x, y = layout(spec)(event.location.lon, event.location.lat)
    with Image.open(io.BytesIO(png_a)) as image:
        assert image.format == "PNG" and image.size == (spec.width, spec.height)
        rgb = image.convert("RGB")
        assert _close(rgb.getpixel((round(x), round(y))), TYPE_STYLE["airstrike"][0])


def _close(a, b, tolerance: int = 16) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))
