"""The daily digest's chart: numbers in the outbox payload, a PNG on the stand-in in the chat's language."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.delivery.digest import Digests
from bot.delivery.sender import Sender
from bot.incidents.linking import IncidentState
from bot.maps.chart import INCIDENTS, KILLED, chart_data, render_chart
from bot.maps.style import TYPE_STYLE
from tests.delivery.test_digests import CHAT, _ingest_all
from tests.maps.test_alert_maps import _close, _drain
from tests.transports.test_telegram_transport import running


def _colour_count(image: Image.Image, colour, tolerance: int = 10) -> int:
    raw = image.convert("RGB").tobytes()  # Image.getdata() is deprecated in Pillow 12+
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    return sum(1 for pixel in pixels if _close(pixel, colour, tolerance))


@pytest.mark.parametrize("language", ["en", "ar"])
async def test_a_daily_digest_arrives_with_its_chart(telegram_standin, store, language):
    tg = telegram_standin
    user_chat = tg.private_chat(tg.add_user("A"))
    key = f"tg:{user_chat.id}"
    store.chats.ensure(key, language=language)
    store.chats.set_digest(key, "daily")
    store.subscriptions.add(key)
    _ingest_all(store)
    for row in store.outbox.for_chat(CHAT):  # the builder's chat is not ours: only ours is subscribed
        assert row.chat != key
    async with running(tg, store) as transport:
        sender = Sender(store, {"tg": transport})
        await _drain(sender, store)  # held for the digest
        due = datetime.fromtimestamp(store.digests.due_at(key), UTC)
        assert Digests(store).run_due(due + timedelta(seconds=1)) == 1
        await _drain(sender, store)
    [row] = [d for d in store.outbox.for_chat(key) if d.kind == "digest"]
    chart = row.payload["chart"]
    assert sorted(chart["by_type"]) == [["airstrike", 1, 7], ["arrests", 1, 0], ["shelling", 1, 2]]
    assert sorted(chart["by_governorate"]) == [["Aleppo", 1, 2], ["Idlib", 1, 7], ["Rif Dimashq", 1, 0]]
    assert len(chart["trend"]) == 7 and chart["trend"][-1][1:] == [3, 9]
    [(message, png)] = tg.photos(user_chat)
    assert message.extra["caption"].startswith("🗞")  # the digest's text fits the caption
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (1000, 760) and len(png) < 200_000
        for colour in (INCIDENTS, KILLED, TYPE_STYLE["airstrike"][0], TYPE_STYLE["shelling"][0]):
            assert _colour_count(image, colour) > 50, colour  # the bars are drawn in their colours
    tg.assert_no_violations()


def test_the_chart_mirrors_for_arabic():
    data = {
        "day": "2026-12-07",
        "by_governorate": [["Idlib", 4, 9]],
        "by_type": [["airstrike", 4, 9]],
        "trend": [[f"2026-12-0{d}", 1, 1] for d in range(1, 8)],
    }
    for language, governorate_side in (("en", "left"), ("ar", "right")):
        picture = render_chart(data, language)
        with Image.open(io.BytesIO(picture.png)) as image:
            rgb = image.convert("RGB")
            # the governorate bar (incidents colour) sits on the reading side's half, at its first row
            row = [x for x in range(image.width) if _close(rgb.getpixel((x, 148)), INCIDENTS)]
            assert row, language
            side = "left" if sum(row) / len(row) < image.width / 2 else "right"
            assert side == governorate_side


def _incident(n: int, first_at: datetime, killed: int) -> IncidentState:
    return IncidentState(id=n, type="shelling", place=None, first_at=first_at, killed=killed)


@pytest.mark.parametrize(
    ("first_at", "bar"),
    [
        ("2026-12-07T07:59:00+00:00", -1),  # a minute before the 08:00 digest: the last period
        ("2026-12-06T08:00:01+00:00", -1),  # the period's first second
        ("2026-12-06T07:59:59+00:00", -2),  # the day before
        ("2026-11-30T08:00:01+00:00", 0),  # the oldest period
    ],
)
def test_the_trend_counts_the_24_hours_periods_that_end_at_the_digest(first_at, bar):
    until = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    data = chart_data([], [_incident(1, datetime.fromisoformat(first_at), 4)], until)
    assert [d for d, _n, _k in data["trend"]] == [f"2026-{m}" for m in ("11-30", *(f"12-0{d}" for d in range(1, 7)))]
    assert data["day"] == "2026-12-06"  # an 08:00 digest is about the day before
    assert data["trend"][bar][1:] == [1, 4]
    assert sum(n for _d, n, _k in data["trend"]) == 1


def test_the_trend_ignores_what_is_older_than_its_week_or_after_the_digest():
    until = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    old, late = until - timedelta(days=7, seconds=1), until + timedelta(seconds=1)
    data = chart_data([], [_incident(1, old, 2), _incident(2, late, 3)], until)
    assert all(n == 0 and k == 0 for _d, n, k in data["trend"])


def test_the_trend_is_labelled_on_the_chats_clock():
    until = datetime(2026, 12, 7, 5, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Damascus"))  # 08:00 in Damascus
    data = chart_data([], [_incident(1, datetime(2026, 12, 6, 22, 30, tzinfo=UTC), 1)], until)
    assert data["trend"][-1] == ["2026-12-06", 1, 1] and data["day"] == "2026-12-06"
