from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from bot.sources.feeds.identity import content_hash, entry_id, normalize_link, quote_link
from bot.sources.feeds.parse import FeedEntry, parse_feed_sync

WHEN = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def test_preference_order() -> None:
    full = FeedEntry(guid="g-1", link="https://a.example/1", title="T", text="x", published=WHEN)
    assert entry_id(full) == "guid:g-1"
    no_guid = FeedEntry(guid=None, link="HTTPS://A.example/1", title="T", text="x", published=WHEN)
    assert entry_id(no_guid) == "link:https://a.example/1"
    no_link = FeedEntry(guid=None, link=None, title="T", text="x", published=WHEN)
    assert entry_id(no_link) == "title:" + hashlib.sha256(("T\n" + WHEN.isoformat()).encode()).hexdigest()
    bare = FeedEntry(guid=None, link=None, title=None, text="only text", published=None)
    assert entry_id(bare) == "hash:" + content_hash(bare)


def test_ids_are_stable_sha256_values() -> None:
    """Known values: a salted hash() would change between runs."""
    bare = FeedEntry(guid=None, link=None, title=None, text="only text", published=None)
    assert content_hash(bare) == hashlib.sha256(b"\nonly text").hexdigest()
    titled = FeedEntry(guid=None, link=None, title="Checkpoint attack", text="x", published=WHEN)
    assert (
        entry_id(titled) == "title:" + hashlib.sha256(("Checkpoint attack\n" + WHEN.isoformat()).encode()).hexdigest()
    )


def test_whitespace_does_not_change_the_content_hash() -> None:
    a = FeedEntry(guid="g", link=None, title="عنوان  الخبر", text="نص\n\nالخبر ", published=None)
    b = FeedEntry(guid="g", link=None, title="عنوان الخبر", text="نص الخبر", published=None)
    c = FeedEntry(guid="g", link=None, title="عنوان الخبر", text="نص الخبر المعدل", published=None)
    assert content_hash(a) == content_hash(b) != content_hash(c)


def test_percent_encoded_and_raw_arabic_links_are_one_entry(feed_data: Path) -> None:
    entry = parse_feed_sync((feed_data / "arabic-links.xml").read_bytes()).entries[0]
    raw = FeedEntry(guid=None, link="https://links.example.org/أخبار/نزوح-عائلات", title=None, text="", published=None)
    assert entry_id(entry) == entry_id(raw) == "link:https://links.example.org/أخبار/نزوح-عائلات"
    assert normalize_link(entry.link or "") == "https://links.example.org/أخبار/نزوح-عائلات"
    assert quote_link("https://links.example.org/أخبار/نزوح-عائلات") == entry.link


def test_long_guid_is_hashed() -> None:
    entry = FeedEntry(guid="x" * 500, link=None, title=None, text="", published=None)
    assert len(entry_id(entry)) == len("guid:") + 64
