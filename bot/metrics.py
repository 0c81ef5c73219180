"""Every Prometheus metric Marsad exports, in one place, on its own registry.

Other modules import the metric they move (``metrics.REPORTS_INGESTED.labels(...).inc()``);
``/metrics`` renders :data:`REGISTRY`. An own registry keeps the process and
platform collectors of the default one out, and keeps tests independent of
whatever else a test process registered. Labels are low-cardinality words
(``stored``, ``sent``, ``rate_limited``…), and source names are cut short.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

__all__ = [
    "ALERTS_SENT",
    "ANALYSIS_DURATION",
    "COMPONENT_RESTARTS",
    "CONTENT_TYPE",
    "FEED_ERRORS",
    "FLOOD_WAIT",
    "OUTBOX_DEPTH",
    "POLL_DURATION",
    "REGISTRY",
    "REPLIES_RATE_LIMITED",
    "REPLY_WAIT",
    "REPORTS_DELETED",
    "REPORTS_INGESTED",
    "render",
    "source_label",
    "track_outbox_depth",
]

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

REPORTS_INGESTED = Counter(
    "marsad_reports_ingested",
    "Reports taken from a source, by source and outcome (stored, duplicate, failed).",
    ["source", "outcome"],
    registry=REGISTRY,
)
ALERTS_SENT = Counter(
    "marsad_alerts_sent",
    "Outbox messages handed to a transport, by transport and outcome "
    "(sent, rate_limited, moved, gone, refused, error, unroutable).",
    ["transport", "outcome"],
    registry=REGISTRY,
)
OUTBOX_DEPTH = Gauge("marsad_outbox_depth", "Messages waiting in the outbox (pending or sending).", registry=REGISTRY)
FLOOD_WAIT = Counter(
    "marsad_flood_wait_seconds",
    "Seconds a network asked us to wait (Telegram flood wait, Matrix 429), by transport.",
    ["transport"],
    registry=REGISTRY,
)
REPLIES_RATE_LIMITED = Counter(
    "marsad_replies_rate_limited",
    "429s answered to messages a transport sends again itself (bot/delivery/again.py), by transport, kind "
    "(command: a command's reply; alert: an alert's later part or picture) and outcome (waited, gave_up).",
    ["transport", "kind", "outcome"],
    registry=REGISTRY,
)
REPLY_WAIT = Counter(
    "marsad_reply_wait_seconds",
    "Seconds those messages spent waiting out 429s before being sent again (or given up), by transport and kind.",
    ["transport", "kind"],
    registry=REGISTRY,
)
FEED_ERRORS = Counter("marsad_feed_errors", "Failed feed polls, by feed.", ["feed"], registry=REGISTRY)
POLL_DURATION = Histogram(
    "marsad_poll_duration_seconds",
    "Time one poll of a source took (an inbox scan, a feed fetch and parse).",
    ["source"],
    buckets=(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=REGISTRY,
)
ANALYSIS_DURATION = Histogram(
    "marsad_analysis_duration_seconds",
    "Time analyze() took for one report.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
REPORTS_DELETED = Counter(
    "marsad_reports_deleted", "Reports deleted by retention (MARSAD_RETENTION_DAYS).", registry=REGISTRY
)
COMPONENT_RESTARTS = Counter(
    "marsad_component_restarts", "Crashes of a supervised component, by component.", ["component"], registry=REGISTRY
)


def source_label(source: str) -> str:
    """A report's source as a label value: short, so one odd JSON file cannot bloat the series."""
    return (source or "unknown").strip()[:60] or "unknown"


def track_outbox_depth(read: Callable[[], int]) -> None:
    """Read the outbox depth at every scrape (the store is the truth, not a counter kept aside)."""

    def safe() -> float:
        try:
            return float(read())
        except Exception:  # a closed or busy store must not break the whole scrape
            return float("nan")

    OUTBOX_DEPTH.set_function(safe)


def render() -> bytes:
    """The exposition text. Blocking (depth is read from SQLite): call it from a thread."""
    return generate_latest(REGISTRY)
