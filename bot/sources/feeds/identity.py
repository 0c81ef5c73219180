"""Stable entry identity and content hashes.

The id decides "seen before?" and must survive restarts and re-orderings, so it
uses sha256, never Python's salted ``hash()``. Order of preference: guid, link,
title + date, and last a hash of the content. Links are compared in one form
(percent-decoded, scheme and host lower-cased) so ``/%D8%A7`` and ``/ا`` are
the same entry.
"""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from bot.sources.feeds.parse import FeedEntry

__all__ = ["content_hash", "entry_id", "normalize_link", "quote_link"]

MAX_ID_CHARS = 200


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_link(link: str) -> str:
    """One comparable form of a link: decoded path, lower-case scheme and host, NFC."""
    parts = urlsplit(link.strip())
    return unicodedata.normalize(
        "NFC",
        urlunsplit((parts.scheme.lower(), parts.netloc.lower(), unquote(parts.path), unquote(parts.query), "")),
    )


def quote_link(link: str) -> str:
    """A link safe to send in a message: non-ASCII characters percent-encoded, others kept."""
    return quote(link.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def _whitespace(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(entry: FeedEntry) -> str:
    """sha256 of the entry's title and text with whitespace collapsed."""
    return _sha(_whitespace(entry.title or "") + "\n" + _whitespace(entry.text))


def entry_id(entry: FeedEntry) -> str:
    """guid -> link -> title + date -> content hash, prefixed by which one was used."""
    if entry.guid:
        guid = entry.guid
        return "guid:" + (guid if len(guid) <= MAX_ID_CHARS else _sha(guid))
    if entry.link:
        link = normalize_link(entry.link)
        return "link:" + (link if len(link) <= MAX_ID_CHARS else _sha(link))
    if entry.title and entry.published:
        return "title:" + _sha(_whitespace(entry.title) + "\n" + entry.published.isoformat())
    return "hash:" + content_hash(entry)
