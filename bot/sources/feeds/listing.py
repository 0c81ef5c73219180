"""``MARSAD_FEEDS``: a comma-separated list, a file of URLs, or an OPML file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from bot.safe_files import FileRefused, read_regular
from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.opml import OpmlFeed, export_opml, parse_opml

__all__ = ["FeedTable", "export_feeds", "import_feeds", "parse_feeds_setting", "read_feeds_file"]


class FeedTable(Protocol):
    """What import and export need of the feeds table (storage.feeds.Feeds), so sources import no storage."""

    def get(self, url: str) -> Any: ...

    def add(self, url: str, *, title: str | None, interval: int | None, added_by: str | None) -> Any: ...

    def list(self) -> Sequence[Any]: ...


MAX_FEEDS_FILE_BYTES = 10 << 20  # thousands of feeds fit in a megabyte


def read_feeds_file(path: Path) -> list[OpmlFeed]:
    """Feeds from an OPML file or a text file with one URL a line (``#`` starts a comment)."""
    try:
        data, _ = read_regular(path, max_bytes=MAX_FEEDS_FILE_BYTES, what="feeds file")  # never a FIFO or a device
    except FileRefused as exc:
        raise FeedError(f"cannot read feeds file {path}: {exc}") from None
    except OSError as exc:
        raise FeedError(f"cannot read feeds file {path}: {exc.strerror or exc}") from exc
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if head.startswith(b"<?xml") or head.startswith(b"<opml") or path.suffix.lower() in {".opml", ".xml"}:
        return parse_opml(data)
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for line in data.decode("utf-8-sig", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        url = parts[0]
        interval = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        if url not in seen:
            seen.add(url)
            feeds.append(OpmlFeed(url=url, interval=interval))
    return feeds


def parse_feeds_setting(value: str | None, *, base: Path | None = None) -> list[OpmlFeed]:
    """Interpret ``MARSAD_FEEDS``: a path when it names an existing file, else a comma list."""
    if not value or not value.strip():
        return []
    value = value.strip()
    candidate = Path(value)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if "://" not in value and candidate.exists():  # read_feeds_file refuses what is not a regular file
        return read_feeds_file(candidate)
    if "://" not in value and ("/" in value or value.endswith((".txt", ".opml", ".xml"))):
        raise FeedError(f"MARSAD_FEEDS: no such file {value!r}")
    urls: list[OpmlFeed] = []
    for part in value.split(","):
        url = part.strip()
        if url and all(url != f.url for f in urls):
            urls.append(OpmlFeed(url=url))
    return urls


def import_feeds(table: FeedTable, feeds: list[OpmlFeed], *, added_by: str = "import") -> tuple[int, int]:
    """Add feeds to the table; returns (added, already watched).

    Imported feeds are polled soon; their first good poll marks the entries seen,
    so an import never floods chats with a feed's back catalogue.
    """
    added = known = 0
    for feed in feeds:
        if urlsplit(feed.url).scheme.lower() not in ("http", "https"):
            raise FeedError(f"not an http(s) feed URL: {feed.url!r}", url=feed.url)
        existing = table.get(feed.url)
        if existing is not None and existing.active:
            known += 1
            continue
        table.add(feed.url, title=feed.title, interval=feed.interval, added_by=added_by)
        added += 1
    return added, known


def export_feeds(table: FeedTable) -> str:
    """Every watched feed as an OPML 2.0 document."""
    return export_opml([OpmlFeed(f.url, f.title, f.interval) for f in table.list()])
