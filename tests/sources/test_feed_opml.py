from __future__ import annotations

from pathlib import Path

import pytest

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.listing import parse_feeds_setting, read_feeds_file
from bot.sources.feeds.opml import OpmlFeed, export_opml, parse_opml

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Syria">
      <outline type="rss" text="مرصد" title="مرصد الأخبار" xmlUrl="https://ar.example.org/feed"/>
      <outline type="rss" text="Wire" xmlUrl="https://wire.example.org/rss" marsadInterval="900"/>
    </outline>
    <outline type="rss" text="dup" xmlUrl="https://ar.example.org/feed"/>
    <outline text="folder without feed"/>
  </body>
</opml>
"""


def test_parse_nested_and_deduplicated() -> None:
    assert parse_opml(OPML) == [
        OpmlFeed(url="https://ar.example.org/feed", title="مرصد الأخبار"),
        OpmlFeed(url="https://wire.example.org/rss", title="Wire", interval=900),
    ]


def test_export_round_trip() -> None:
    feeds = [OpmlFeed("https://a.example/rss", "أخبار & more", 600), OpmlFeed("https://b.example/atom")]
    text = export_opml(feeds)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert parse_opml(text.encode()) == [
        OpmlFeed("https://a.example/rss", "أخبار & more", 600),
        OpmlFeed("https://b.example/atom", None, None),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("<rss/>", "root element is <rss>"),
        ("<opml><body>", "not a usable OPML"),
        (
            '<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body><outline xmlUrl="&a;"/></body></opml>',
            "not a usable",
        ),
    ],
)
def test_bad_opml(data: str, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_opml(data)


def test_setting_comma_list() -> None:
    assert parse_feeds_setting(" https://a.example/rss , https://b.example/atom,,https://a.example/rss") == [
        OpmlFeed("https://a.example/rss"),
        OpmlFeed("https://b.example/atom"),
    ]
    assert parse_feeds_setting("") == []
    assert parse_feeds_setting(None) == []


def test_setting_text_file(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\nhttps://a.example/rss\n\nhttps://b.example/atom 900\nhttps://a.example/rss\n")
    assert parse_feeds_setting(str(path)) == [
        OpmlFeed("https://a.example/rss"),
        OpmlFeed("https://b.example/atom", interval=900),
    ]


def test_setting_opml_file(tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(OPML, encoding="utf-8")
    assert [f.url for f in read_feeds_file(path)] == [
        "https://ar.example.org/feed",
        "https://wire.example.org/rss",
    ]
    assert parse_feeds_setting("feeds.opml", base=tmp_path)[1].interval == 900


def test_setting_missing_file() -> None:
    with pytest.raises(FeedError, match="no such file"):
        parse_feeds_setting("/nonexistent/feeds.txt")
