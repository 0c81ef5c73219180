"""OPML import and export: the format every feed reader trades subscriptions in.

Import goes through defusedxml, so an OPML file with entity declarations is
refused rather than expanded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from bot.sources.feeds.errors import FeedError

__all__ = ["OpmlFeed", "export_opml", "parse_opml"]


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One ``<outline xmlUrl=...>``; ``interval`` comes from Marsad's own attribute."""

    url: str
    title: str | None = None
    interval: int | None = None


def parse_opml(data: bytes | str) -> list[OpmlFeed]:
    """Every outline with an ``xmlUrl``, nested folders included, first occurrence kept."""
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise FeedError(f"not a usable OPML file: {exc}") from exc
    if root.tag.lower() != "opml":
        raise FeedError(f"not an OPML file: root element is <{root.tag}>")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        raw_interval = (outline.get("marsadInterval") or "").strip()
        title = (outline.get("title") or outline.get("text") or "").strip()
        feeds.append(
            OpmlFeed(
                url=url,
                title=title if title and title != url else None,
                interval=int(raw_interval) if raw_interval.isdigit() else None,
            )
        )
    return feeds


def export_opml(feeds: list[OpmlFeed], *, title: str = "Marsad feeds") -> str:
    """An OPML 2.0 document listing ``feeds``."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.title or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        if feed.interval:
            attrs["marsadInterval"] = str(feed.interval)
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
