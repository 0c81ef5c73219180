"""Feeds: RSS 2.0, Atom, RSS 1.0 and JSON Feed, polled politely.

Layers, each testable alone: ``fetch`` (HTTP), ``parse`` (bytes to entries),
``identity`` (entry ids), ``safety`` (address check), ``schedule`` (timing),
``opml`` and ``listing`` (feed lists), ``article`` (teaser pages) and
``poller`` (ties them to storage and the pipeline).
"""

from __future__ import annotations

from bot.sources.feeds.errors import FeedError, FeedGone, FeedTooLarge
from bot.sources.feeds.fetch import Fetcher, FetchResult
from bot.sources.feeds.listing import parse_feeds_setting, read_feeds_file
from bot.sources.feeds.opml import OpmlFeed, export_opml, parse_opml
from bot.sources.feeds.parse import FeedEntry, ParsedFeed, parse_feed
from bot.sources.feeds.poller import FeedPoller, PollOutcome, ReportSink

__all__ = [
    "FeedEntry",
    "FeedError",
    "FeedGone",
    "FeedPoller",
    "FeedTooLarge",
    "FetchResult",
    "Fetcher",
    "OpmlFeed",
    "ParsedFeed",
    "PollOutcome",
    "ReportSink",
    "export_opml",
    "parse_feed",
    "parse_feeds_setting",
    "parse_opml",
    "read_feeds_file",
]
