"""Errors raised while fetching and parsing one feed.

``FeedError`` is per feed: the poller records its message as the feed's last
error and carries on with the other feeds. ``FeedGone`` (HTTP 410) tells the
poller to deactivate the feed at once instead of backing off.
"""

from __future__ import annotations

from bot import errors

__all__ = ["FeedError", "FeedGone", "FeedTooLarge"]


class FeedError(errors.FeedError):
    """A feed could not be fetched or parsed; ``url`` says which (``bot.errors.FeedError``)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return self.message


class FeedGone(FeedError):
    """The server says the feed is gone for good (HTTP 410)."""


class FeedTooLarge(FeedError):
    """The body passed the size cap; the download was aborted."""
