"""RawReport -> analysis -> stored report and outbox rows, in one transaction.

Analysis runs first, outside the transaction (it is pure and may be slow); the
report, its index row and one outbox row per matching chat are then written
together, so a crash never leaves a stored report whose alerts were not queued.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot import metrics
from bot.analysis import DEFAULT_SUMMARY_WORDS, analyze
from bot.delivery.match import match_subscriptions
from bot.models import RawReport, ReportId
from storage import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestResult:
    report_id: ReportId
    created: bool  # False when the same content was stored before
    alerts: int  # outbox rows queued


class Pipeline:
    def __init__(self, store: Store, *, summary_words: int = DEFAULT_SUMMARY_WORDS) -> None:
        self.store = store
        self.summary_words = summary_words

    def ingest(self, raw: RawReport) -> IngestResult:
        """Store one report once and queue its alerts. Blocking: call it from a thread."""
        ingested = metrics.REPORTS_INGESTED.labels(source=metrics.source_label(raw.source), outcome="duplicate")
        known = self.store.reports.id_for_hash(raw.content_hash)
        if known is not None:
            logger.info("report already stored as #%d: %s", known, raw.origin or raw.source)
            ingested.inc()
            return IngestResult(known, created=False, alerts=0)
        started = time.perf_counter()
        analysis = analyze(raw.text, title=raw.title, summary_words=self.summary_words)
        metrics.ANALYSIS_DURATION.observe(time.perf_counter() - started)
        with self.store.transaction():
            stored = self.store.reports.add(raw, analysis)
            if not stored.created:
                ingested.inc()
                return IngestResult(stored.id, created=False, alerts=0)
            chats = match_subscriptions(self.store.subscriptions.active(), analysis, raw.text)
            alerts = sum(1 for chat in chats if self.store.outbox.enqueue(chat, stored.id) is not None)
        logger.info(
            "stored report #%d (%s, %d events) from %s: %d alerts queued",
            stored.id,
            analysis.language,
            len(analysis.events),
            raw.origin or raw.source,
            alerts,
        )
        metrics.REPORTS_INGESTED.labels(source=metrics.source_label(raw.source), outcome="stored").inc()
        return IngestResult(stored.id, created=True, alerts=alerts)

    def update(self, report_id: ReportId, raw: RawReport) -> bool:
        """Re-analyse and rewrite a report its source edited; no new alert. Blocking: call from a thread."""
        analysis = analyze(raw.text, title=raw.title, summary_words=self.summary_words)
        updated = self.store.reports.replace(report_id, raw, analysis)
        if updated:
            logger.info("updated report #%d from %s", report_id, raw.origin or raw.source)
        return updated
