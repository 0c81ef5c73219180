"""Bytes to entries: RSS 2.0, Atom and RSS 1.0 via feedparser; JSON Feed by hand.

feedparser is blocking and CPU-bound, so :func:`parse_feed` runs it in a
thread. Before any XML parser sees the body, :func:`refuse_entities` rejects a
DOCTYPE that declares entities: feeds never need them and they are how
"billion laughs" bombs expand a few kilobytes into gigabytes. A bozo (not
well-formed) feed still yields whatever entries feedparser recovered.
"""

from __future__ import annotations

import asyncio
import calendar
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.text import html_to_text

__all__ = ["FeedEntry", "ParsedFeed", "parse_feed", "parse_feed_sync", "refuse_entities"]

TEASER_CHARS = 140  # an entry whose only text is shorter than this is a teaser
_TEASER_ENDINGS = (
    "…",
    "...",
    "[…]",
    "[...]",
    "التفاصيل",
    "المزيد",
    "Read more",
    "read more",
    "Continue reading",
)


def _is_teaser(text: str, *, has_full_content: bool) -> bool:
    """A summary-only entry that is short or ends in "read more" needs the article page."""
    if has_full_content:
        return False
    stripped = text.rstrip(" .:»>")
    return len(text) < TEASER_CHARS or stripped.endswith(_TEASER_ENDINGS) or text.endswith(_TEASER_ENDINGS)


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_PROLOG_SCAN = 64 * 1024


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry, normalised across formats. ``text`` is plain text."""

    guid: str | None
    link: str | None
    title: str | None
    text: str
    published: datetime | None
    updated: datetime | None = None
    is_teaser: bool = False


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's metadata and entries; ``bozo`` notes a recovered malformed feed."""

    title: str | None
    link: str | None
    language: str | None
    ttl: int | None  # RSS <ttl>, in seconds
    entries: tuple[FeedEntry, ...]
    bozo: str | None = None
    kind: str = "xml"  # xml | json


def refuse_entities(body: bytes, *, url: str | None = None) -> None:
    """Raise :class:`FeedError` when the document's DOCTYPE declares entities."""
    head = body[:_PROLOG_SCAN]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00<\x00" in head[:64] or b"<\x00?\x00" in head[:64]:
        for codec in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                head = head.decode(codec, errors="ignore").encode("utf-8")
                break
            except UnicodeError:  # pragma: no cover - errors="ignore" does not raise
                continue
    match = _DOCTYPE.search(head)
    if match is None:
        return
    end = head.find(b"]>", match.end())
    subset = head[match.end() : end if end >= 0 else len(head)]
    if _ENTITY.search(subset):
        raise FeedError("refused: the document declares XML entities (possible entity-expansion bomb)", url=url)


def _is_json(body: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _iso_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _xml_entry(entry: Any) -> FeedEntry:
    content = entry.get("content") or []
    body_html = next((c.get("value") for c in content if c.get("value")), None)
    summary = entry.get("summary")
    text = html_to_text(body_html or summary)
    title = _clean(html_to_text(entry.get("title"))) if entry.get("title") else None
    return FeedEntry(
        guid=_clean(entry.get("id")),
        link=_clean(entry.get("link")),
        title=title,
        text=text,
        published=_struct_to_datetime(dict.get(entry, "published_parsed"))
        or _struct_to_datetime(dict.get(entry, "updated_parsed")),
        updated=_struct_to_datetime(dict.get(entry, "updated_parsed")),
        is_teaser=_is_teaser(text, has_full_content=body_html is not None),
    )


def _parse_xml(body: bytes, content_type: str | None, url: str | None) -> ParsedFeed:
    refuse_entities(body, url=url)
    headers = {"content-type": content_type} if content_type else {}
    result = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    entries = tuple(_xml_entry(e) for e in result.entries)
    bozo = None
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        bozo = f"{type(exc).__name__}: {exc}" if exc else "malformed feed"
        if not entries and not result.feed.get("title"):
            raise FeedError(f"not a feed: no RSS, Atom or JSON Feed document found ({bozo})", url=url)
    if not result.get("version") and not entries:
        raise FeedError("not a feed: no RSS, Atom or JSON Feed document found", url=url)
    feed = result.feed
    ttl = None
    raw_ttl = feed.get("ttl")
    if isinstance(raw_ttl, str) and raw_ttl.strip().isdigit():
        ttl = int(raw_ttl.strip()) * 60  # RSS ttl is in minutes
    return ParsedFeed(
        title=_clean(feed.get("title")),
        link=_clean(feed.get("link")),
        language=_clean(feed.get("language")),
        ttl=ttl,
        entries=entries,
        bozo=bozo,
    )


def _json_entry(item: dict[str, Any]) -> FeedEntry:
    content_html = _clean(item.get("content_html"))
    content_text = _clean(item.get("content_text"))
    summary = _clean(item.get("summary"))
    text = content_text or html_to_text(content_html or summary)
    item_id = item.get("id")
    return FeedEntry(
        guid=(str(item_id).strip() or None) if item_id is not None else None,
        link=_clean(item.get("url")) or _clean(item.get("external_url")),
        title=_clean(item.get("title")),
        text=text,
        published=_iso_datetime(item.get("date_published")) or _iso_datetime(item.get("date_modified")),
        updated=_iso_datetime(item.get("date_modified")),
        is_teaser=_is_teaser(text, has_full_content=bool(content_text or content_html)),
    )


def _parse_json(body: bytes, url: str | None) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"invalid JSON Feed: {exc}", url=url) from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("not a JSON Feed: missing https://jsonfeed.org/version/ marker", url=url)
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError("invalid JSON Feed: 'items' is not a list", url=url)
    return ParsedFeed(
        title=_clean(data.get("title")),
        link=_clean(data.get("home_page_url")),
        language=_clean(data.get("language")),
        ttl=None,
        entries=tuple(_json_entry(item) for item in items if isinstance(item, dict)),
        kind="json",
    )


def parse_feed_sync(body: bytes, *, content_type: str | None = None, url: str | None = None) -> ParsedFeed:
    """Parse a feed document (blocking: call :func:`parse_feed` from async code)."""
    if _is_json(body, content_type):
        return _parse_json(body, url)
    return _parse_xml(body, content_type, url)


async def parse_feed(body: bytes, *, content_type: str | None = None, url: str | None = None) -> ParsedFeed:
    """Parse a feed document in a worker thread."""
    return await asyncio.to_thread(parse_feed_sync, body, content_type=content_type, url=url)
