"""Teaser-only entries: fetch the article page and extract its main text.

Optional (``FeedPoller(fetch_articles=True)``): it costs one more request per
new entry. The page goes through the same :class:`Fetcher` (address check,
size cap, timeouts, per-host limit) and trafilatura runs in a thread. When
trafilatura is not installed (the ``articles`` extra), the teaser is kept.
"""

from __future__ import annotations

import asyncio
import logging

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.fetch import Fetcher

__all__ = ["extract_article", "fetch_article_text"]

logger = logging.getLogger(__name__)

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


def extract_article(html: bytes | str, *, url: str | None = None) -> str | None:
    """Main text of an article page, or ``None`` when nothing article-like is found (blocking)."""
    try:
        import trafilatura
    except ImportError:  # the optional "articles" extra is not installed
        return None
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
    )
    return text.strip() if text and text.strip() else None


async def fetch_article_text(fetcher: Fetcher, url: str) -> str | None:
    """Fetch ``url`` and extract its text; ``None`` (keep the teaser) on any failure."""
    try:
        result = await fetcher.fetch(url, accept=HTML_ACCEPT)
    except FeedError as exc:
        logger.warning("article %s not fetched: %s", url, exc, extra={"url": url})
        return None
    if result.body is None:
        return None
    return await asyncio.to_thread(extract_article, result.body, url=result.url)
