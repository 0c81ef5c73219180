"""Teaser-only entries: fetch the article page and extract its main text.

Optional (``FeedPoller(fetch_articles=True)``): it costs one more request per
new entry. The page goes through the same :class:`Fetcher` (address check,
size cap, timeouts, per-host limit) and trafilatura runs in a thread. When
trafilatura is missing (the ``articles`` extra) or broken (lxml.html.clean, split
out of lxml 5.2, not installed), the teaser is kept and the log says so once.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.fetch import Fetcher

__all__ = ["check_extractor", "extract_article", "fetch_article_text"]

logger = logging.getLogger(__name__)

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


class _Extractor:
    """trafilatura's ``extract``, loaded once; a missing or broken extractor is logged once, not per entry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._extract: Callable[..., Any] | None = None
        self._failed_once = False

    def load(self) -> Callable[..., Any] | None:
        with self._lock:
            if not self._loaded:
                self._loaded = True
                try:
                    import trafilatura
                except Exception as exc:  # missing (the articles extra), or broken (its lxml.html.clean missing)
                    logger.warning(
                        "MARSAD_FETCH_ARTICLES is on, but the article extractor cannot be loaded (%s: %s): feed "
                        "entries keep their teasers; pip install 'marsad[articles]'",
                        type(exc).__name__,
                        exc,
                    )
                else:
                    self._extract = trafilatura.extract
            return self._extract

    def failed(self, exc: Exception) -> None:
        """An extraction raised: said once (then at debug), since a broken extractor fails on every page."""
        with self._lock:
            first, self._failed_once = not self._failed_once, True
        logger.log(
            logging.WARNING if first else logging.DEBUG,
            "article extraction failed (%s: %s): keeping the teaser%s",
            type(exc).__name__,
            exc,
            "; further failures are logged at debug level" if first else "",
        )

    def reset(self) -> None:
        """Forget what was loaded (tests that break or mend the extractor)."""
        with self._lock:
            self._loaded, self._extract, self._failed_once = False, None, False


EXTRACTOR = _Extractor()


def check_extractor() -> bool:
    """Load the extractor now (at start-up), so a missing or broken one is in the log before the first poll."""
    return EXTRACTOR.load() is not None


def extract_article(html: bytes | str, *, url: str | None = None) -> str | None:
    """Main text of an article page, or ``None`` when nothing article-like is found (blocking)."""
    extract = EXTRACTOR.load()
    if extract is None:
        return None
    try:
        text = extract(
            html, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=True
        )
    except Exception as exc:  # a broken extractor must cost the teaser, never the entry
        EXTRACTOR.failed(exc)
        return None
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
