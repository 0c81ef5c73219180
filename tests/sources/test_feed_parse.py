from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.parse import parse_feed, parse_feed_sync, refuse_entities


def load(data: Path, name: str) -> bytes:
    return (data / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "title", "kind", "count"),
    [
        ("rss2.xml", "Syria Monitor (English)", "xml", 3),
        ("atom.xml", "مرصد الأخبار", "xml", 2),
        ("rss1.rdf", "RDF Wire", "xml", 2),
        ("feed.json", "JSON Wire", "json", 2),
        ("arabic-utf8.xml", "شبكة أخبار إدلب", "xml", 1),
        ("arabic-1256.xml", "أخبار دير الزور", "xml", 1),
    ],
)
def test_formats(feed_data: Path, name: str, title: str, kind: str, count: int) -> None:
    feed = parse_feed_sync(load(feed_data, name))
    assert (feed.title, feed.kind, len(feed.entries), feed.bozo) == (title, kind, count, None)
    assert all(e.text for e in feed.entries)


def test_rss2_entry_whole(feed_data: Path) -> None:
    feed = parse_feed_sync(load(feed_data, "rss2.xml"))
    first = feed.entries[0]
    assert first.guid == "sm-1001"
    assert first.link == "https://news.example.org/2026/11/airstrike-maarat"
    assert first.title == "Airstrike hits market in Maarat al-Numan"
    assert first.published == datetime(2026, 11, 29, 8, 15, tzinfo=UTC)
    assert first.text.startswith("An airstrike hit the central market")
    assert "\n\nEight others were injured" in first.text  # paragraphs kept, tags gone
    assert feed.ttl == 30 * 60
    assert feed.language == "en"


def test_windows_1256_decoded(feed_data: Path) -> None:
    raw = load(feed_data, "arabic-1256.xml")
    assert b'encoding="windows-1256"' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    entry = parse_feed_sync(raw).entries[0]
    assert entry.title == "قصف بطائرة مسيرة قرب الميادين"
    assert entry.text.startswith("قتل ثلاثة أشخاص")
    assert entry.published == datetime(2026, 11, 28, 19, 0, tzinfo=timezone(timedelta(hours=3)))


def test_json_feed_items(feed_data: Path) -> None:
    feed = parse_feed_sync(load(feed_data, "feed.json"), content_type="application/feed+json")
    one, two = feed.entries
    assert (one.guid, one.title, one.link) == (
        "json-1",
        "Clashes on the Deir ez-Zor front",
        "https://json.example.org/posts/1",
    )
    assert one.text == (
        "Clashes broke out between rival groups on the western bank of the Euphrates near Deir ez-Zor "
        "overnight, a local monitor reported.\n\nAt least three fighters were killed."
    )
    assert (two.guid, two.title) == ("2", None)  # numeric ids become strings; title is optional
    assert two.published == datetime(2026, 11, 28, 19, 0, tzinfo=UTC)


def test_rss1_uses_rdf_about_as_guid(feed_data: Path) -> None:
    feed = parse_feed_sync(load(feed_data, "rss1.rdf"))
    assert [e.guid for e in feed.entries] == [
        "https://rdf.example.org/item/1",
        "https://rdf.example.org/item/2",
    ]


def test_bozo_feed_still_yields_entries(feed_data: Path) -> None:
    feed = parse_feed_sync(load(feed_data, "bozo.xml"))
    assert feed.bozo is not None and "not well-formed" in feed.bozo
    assert [e.guid for e in feed.entries] == ["broken-1", "broken-2"]
    assert feed.entries[0].title == "Truce holds in Daraa & Quneitra"


def test_billion_laughs_refused_before_parsing(feed_data: Path) -> None:
    with pytest.raises(FeedError, match="entity-expansion"):
        parse_feed_sync(load(feed_data, "bomb.xml"), url="http://x/bomb")


def test_bomb_in_utf16_refused(feed_data: Path) -> None:
    body = (
        load(feed_data, "bomb.xml").decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    )
    with pytest.raises(FeedError, match="entity"):
        refuse_entities(body.encode("utf-16"))


def test_doctype_without_entities_allowed() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
        b'<rss version="0.91"><channel><title>Old</title>'
        b"<item><title>One</title><link>http://a/1</link><description>Old style item</description></item>"
        b"</channel></rss>"
    )
    refuse_entities(body)
    assert [e.title for e in parse_feed_sync(body).entries] == ["One"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body><p>Not a feed</p></body></html>", "not a feed"),
        (b"\x00\x01\x02 garbage", "not a feed"),
        (b'{"version": "1", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 5}', "'items' is not a list"),
        (b"{broken json", "invalid JSON Feed"),
    ],
)
def test_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed_sync(body)


def test_teaser_detection(feed_data: Path) -> None:
    assert parse_feed_sync(load(feed_data, "teaser.xml")).entries[0].is_teaser
    assert not parse_feed_sync(load(feed_data, "atom.xml")).entries[0].is_teaser
    assert not parse_feed_sync(load(feed_data, "rss2.xml")).entries[2].is_teaser


async def test_parse_feed_runs_off_loop(feed_data: Path) -> None:
    feed = await parse_feed(load(feed_data, "atom.xml"))
    assert [e.guid for e in feed.entries] == [
        "tag:ar.example.org,2026:news-501",
        "tag:ar.example.org,2026:news-502",
    ]
