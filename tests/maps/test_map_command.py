"""/map end to end: the handler's parsing and cache, the PNG a Telegram chat receives, and `marsad chat`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.errors import CommandError
from bot.incidents import merge
from bot.incidents.linking import Link
from bot.maps.boundaries import load
from bot.maps.query import CACHE, MapQuery, build
from bot.maps.render import MapSpec, layout
from bot.maps.style import TYPE_STYLE
from bot.models import Event, Place
from handlers import Context, dispatch
from handlers.incident_map import parse
from storage import Store
from tests.e2e.conftest import processes  # noqa: F401
from tests.e2e.telegram_helpers import start_bot, stop_bot
from tests.helpers import MAARAT, analysis, raw
from tests.maps.test_alert_maps import _close

ALEPPO_CITY = Place("Aleppo", "حلب", "Aleppo", "SY02", 36.2, 37.15, level="community")
HOMS_GOV = Place("Homs", "حمص", "Homs", "SY04", None, None, level="governorate")  # no coordinates: the centroid


def seed(store: Store, now: datetime | None = None) -> None:
    """Three incidents from three outlets: two in the last day, one five days ago; one without coordinates."""
    now = now or datetime.now(UTC)
    for hours, event, source in (
        (2, Event("airstrike", MAARAT, killed=5), "outlet-a"),
        (5, Event("shelling", ALEPPO_CITY, killed=1), "outlet-b"),
        (5 * 24, Event("clashes", HOMS_GOV, killed=2), "outlet-c"),
    ):
        stored = store.reports.add(raw(f"{event.type} {hours}", source=source), analysis(event))
        store.incidents.record(stored.id, Link(), event, now - timedelta(hours=hours), b"sig", merge(None, event))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", MapQuery("7d", (), None, "en")),
        ("24h", MapQuery("24h", (), None, "en")),
        ("7d airstrike shelling in Idlib", MapQuery("7d", ("airstrike", "shelling"), "SY07", "en")),
        ("غارة في ريف دمشق", MapQuery("7d", ("airstrike",), "SY03", "en")),
        ("اليوم حلب", MapQuery("24h", (), "SY02", "en")),
        ("in Maarat al-Numan", MapQuery("7d", (), "SY07", "en")),  # a town: its governorate
        ("في معرة النعمان", MapQuery("7d", (), "SY07", "en")),
    ],
)
def test_parse(args, expected):
    assert parse(args, "en") == expected


@pytest.mark.parametrize(
    ("args", "key"), [("in Narnia", "map.unknown_place"), ("soon", "map.usage"), ("in", "map.usage")]
)
def test_parse_refuses_what_it_does_not_understand(args, key):
    with pytest.raises(CommandError) as error:
        parse(args, "en")
    assert error.value.key == key


def test_a_map_counts_incidents_and_sources_and_places_a_governorate_at_its_centroid(store):
    seed(store)
    week = build(store, MapQuery("7d", (), None, "en"))
    day = build(store, MapQuery("24h", (), None, "en"))
    idlib_airstrikes = build(store, MapQuery("7d", ("airstrike",), "SY07", "en"))
    assert (week.incidents, week.killed, week.sources) == (3, 8, 3)
    assert (day.incidents, day.killed, day.sources) == (2, 6, 2)
    assert (idlib_airstrikes.incidents, idlib_airstrikes.sources) == (1, 1)
    for result in (week, day, idlib_airstrikes):
        assert result.picture.size < 200_000


async def test_the_cache_keeps_a_map_until_a_new_incident_arrives(store):
    seed(store)
    query = MapQuery("7d", (), None, "ar")
    before = CACHE.hits, CACHE.misses
    first = CACHE.get(store, query)
    again = CACHE.get(store, query)
    assert again is first and (CACHE.hits, CACHE.misses) == (before[0] + 1, before[1] + 1)
    stored = store.reports.add(raw("new one", source="outlet-d"), analysis(Event("bombing", MAARAT, killed=1)))
    event = Event("bombing", MAARAT, killed=1)
    store.incidents.record(stored.id, Link(), event, datetime.now(UTC), b"s", merge(None, event))
    fresh = CACHE.get(store, query)
    assert fresh is not first and fresh.incidents == first.incidents + 1


async def test_the_command_answers_with_the_picture_and_a_caption(store):
    seed(store)
    store.chats.ensure("tg:1", language="ar")
    [reply] = await dispatch(Context(store=store, chat="tg:1", user="tg:1", command="map", args="7d"))
    assert reply.picture is not None and "الحوادث: 3" in reply.text and "المصادر: 3" in reply.text
    [usage] = await dispatch(Context(store=store, chat="tg:1", user="tg:1", command="map", args="in Narnia"))
    assert usage.picture is None and "Narnia" in usage.text


@pytest.mark.e2e
async def test_map_on_telegram_end_to_end(telegram_standin, tmp_path, processes):  # noqa: F811
    tg = telegram_standin
    (tmp_path / "data").mkdir()
    store = Store.open(tmp_path / "data" / "marsad.db")
    seed(store)
    store.close()
    alice = tg.add_user("Alice", language_code="en")
    chat = tg.private_chat(alice)
    bot = await start_bot(tg, tmp_path, MARSAD_LANGUAGE="en")
    processes.append(bot)
    tg.send_command(chat, alice, "map", "24h airstrike in Idlib")
    await tg.wait_for(lambda: tg.photos(chat), 30, "the map")
    tg.send_command(chat, alice, "map", "7d")
    await tg.wait_for(lambda: len(tg.photos(chat)) == 2, 30, "the second map")
    assert await stop_bot(bot) == 0
    (zoomed, zoomed_png), (country, country_png) = tg.photos(chat)
    assert "Idlib" in zoomed.extra["caption"] and "1 incidents" in zoomed.extra["caption"]
    assert "3 incidents" in country.extra["caption"] and "3 sources" in country.extra["caption"]
    with Image.open(io.BytesIO(country_png)) as image:
        assert image.format == "PNG" and image.size == (1000, 760) and len(country_png) < 200_000
        rgb = image.convert("RGB")
    project = layout(MapSpec("en", (), "", focus=None))
    x, y = project(MAARAT.lon, MAARAT.lat)
    assert _close(rgb.getpixel((round(x), round(y))), TYPE_STYLE["airstrike"][0])
    hx, hy = project(*load().governorate("Homs").centroid)  # the governorate-level incident: at the centroid
    assert _close(rgb.getpixel((round(hx), round(hy))), TYPE_STYLE["clashes"][0])
    with Image.open(io.BytesIO(zoomed_png)) as image:
        zoom = layout(MapSpec("en", (), "", focus="SY07"))
        zx, zy = zoom(MAARAT.lon, MAARAT.lat)
        assert _close(image.convert("RGB").getpixel((round(zx), round(zy))), TYPE_STYLE["airstrike"][0])
    assert tg.uploads == 2  # two different pictures, each uploaded once
    tg.assert_no_violations()


@pytest.mark.e2e
def test_marsad_chat_writes_the_map_and_prints_its_path(tmp_path: Path):
    (tmp_path / "data").mkdir()
    store = Store.open(tmp_path / "data" / "marsad.db")
    seed(store)
    store.close()
    env = {**os.environ, "MARSAD_DATA_DIR": str(tmp_path / "data"), "MARSAD_LANGUAGE": "ar"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="/map 7d\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("🖼 ")]
    path = Path(line.removeprefix("🖼 "))
    assert path.is_absolute() and path.parent == (tmp_path / "data" / "pictures").resolve()
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1000, 760)
    assert "الحوادث: 3" in done.stdout


@pytest.mark.parametrize(
    ("on", "off"), [("/settings map on", "/settings map off"), ("/settings خريطة تشغيل", "/settings خريطة ايقاف")]
)
async def test_settings_turns_alert_maps_on_and_off(store, on, off):
    from handlers import parse_command

    store.chats.ensure("tg:1", language="en")
    for text, expected in ((on, True), (off, False)):
        command = parse_command(text)
        [reply] = await dispatch(
            Context(store=store, chat="tg:1", user="tg:1", command=command.name, args=command.args)
        )
        assert store.chats.get("tg:1").alert_maps is expected
        assert ("Map with alerts: on" if expected else "Map with alerts: off") in reply.text
