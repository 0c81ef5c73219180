"""RawReport -> analysis -> stored report and outbox rows, in one transaction.

Analysis and matching run first, outside the transaction (pure, and the slow
part); the report, its index row and its outbox rows (or, for a report many chats
want, the first 100 and a ``fanout`` row listing the rest; toll updates alike) are then written
together, so a crash never leaves a stored report whose alerts were not queued.
The sender turns the rest of a fan-out into outbox rows 500 at a time as it claims them
(storage/fanout.py), so no transaction holds the lock for thousands of inserts.

One incident, one alert: a report that copies a recent one, or reports a known
incident, queues no new alert for chats that had one; when it raises the toll
they get one update instead (bot/incidents decides, storage/incidents records).

Each report gets a time budget for its analysis (``MARSAD_ANALYSIS_BUDGET``): when it runs out,
the sentences read so far make the analysis, and the report is stored with a note saying so, so
one huge file cannot hold up the reports behind it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import metrics
from bot.analysis import DEFAULT_SUMMARY_WORDS, analyze, preload
from bot.config import DEFAULT_ANALYSIS_BUDGET
from bot.delivery.matcher import Matcher
from bot.incidents import lead_event, link, merge, signature, toll_rise
from bot.incidents.linking import Link
from bot.models import Analysis, RawReport, ReportId
from storage import Store

Analyzer = Callable[..., Analysis]
PRUNE_EVERY = 1000  # subscription changes between two prunings of their log

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestResult:
    report_id: ReportId
    created: bool  # False when the same content was stored before
    alerts: int  # outbox rows queued
    incident: int | None = None
    duplicate_of: ReportId | None = None
    updates: int = 0  # toll updates queued


def analyze_within(
    raw: RawReport, analyzer: Analyzer, summary_words: int, budget: float | None, gate: bool | None = None
) -> tuple[Analysis, str | None]:
    """The analysis and, when the budget ran out before the end of the text, the note that says so.

    ``gate``: ``analyze``'s event-gate switch (``MARSAD_EVENT_GATE``); None (auto) is not passed on at all."""
    if analyzer is analyze:
        preload()  # the lexicons load outside the budget (once): the first report is read whole too
    started = time.monotonic()
    stop = None
    if budget is not None:
        deadline = started + budget
        stop = lambda: time.monotonic() >= deadline  # noqa: E731
    options = {} if gate is None else {"gate": gate}
    analysis = analyzer(raw.text, title=raw.title, summary_words=summary_words, stop=stop, **options)
    took = time.monotonic() - started
    metrics.ANALYSIS_DURATION.observe(took)
    if analysis.partial is None:
        return analysis, None
    read, total = analysis.partial
    note = (
        f"analysis stopped at its {budget:g} s budget: {read} of {total} sentences read;"
        " events and summary come from those"
    )
    logger.warning(
        "report from %s: %s (%d characters, %.1f s); storing what was found",
        raw.origin or raw.source,
        note,
        len(raw.text),
        took,
    )
    return analysis, note


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a report's text gives before it is stored: its analysis (and the budget's note) and its
    MinHash signature. Pure work, so it may be done in another process (``marsad ingest`` of many files)."""

    analysis: Analysis
    note: str | None
    signature: bytes


def prepare(
    raw: RawReport,
    *,
    summary_words: int = DEFAULT_SUMMARY_WORDS,
    budget: float | None = DEFAULT_ANALYSIS_BUDGET,
    gate: bool | None = None,
) -> Prepared:
    analysis, note = analyze_within(raw, analyze, summary_words, budget, gate)
    return Prepared(analysis, note, signature(f"{raw.title or ''}\n{raw.text}"))


class Pipeline:
    def __init__(
        self,
        store: Store,
        *,
        summary_words: int = DEFAULT_SUMMARY_WORDS,
        analyzer: Analyzer = analyze,
        budget: float | None = DEFAULT_ANALYSIS_BUDGET,
        gate: bool | None = None,
    ) -> None:
        self.store = store
        self.summary_words = summary_words
        self.analyzer = analyzer
        self.budget = budget  # seconds of analysis per report; None: no limit
        self.gate = gate  # the event gate: None as its weights file says (MARSAD_EVENT_GATE=auto), on, off
        self._matcher: tuple[int, Matcher] | None = None
        self._pruned_at = 0

    def matcher(self) -> Matcher:
        """The active subscriptions compiled once; then only the chats changed since (by any process) again."""
        subscriptions = self.store.subscriptions
        last, changed = subscriptions.changes(self._matcher[0] if self._matcher else -1)
        if self._matcher is None or changed is None:
            started = time.perf_counter()
            self._matcher = (last, Matcher(subscriptions.active()))
            logger.info(
                "compiled %d subscriptions in %.0f ms", len(self._matcher[1]), (time.perf_counter() - started) * 1000
            )
        elif changed:
            self._matcher[1].replace_chats(changed, subscriptions.active_for(changed))
            self._matcher = (last, self._matcher[1])
            if last - self._pruned_at >= PRUNE_EVERY:  # the log only needs to reach back as far as processes lag
                subscriptions.prune_changes()
                self._pruned_at = last
        return self._matcher[1]

    def _analyze(self, raw: RawReport) -> tuple[Analysis, str | None]:
        return analyze_within(raw, self.analyzer, self.summary_words, self.budget, self.gate)

    def ingest(self, raw: RawReport, prepared: Prepared | None = None) -> IngestResult:
        """Store one report once and queue its alerts. Blocking: call it from a thread.

        ``prepared``: its analysis and signature, computed beforehand (``prepare``, with this pipeline's
        summary length and budget); None: computed here."""
        ingested = metrics.REPORTS_INGESTED.labels(source=metrics.source_label(raw.source), outcome="duplicate")
        known = self.store.reports.id_for_hash(raw.content_hash)
        if known is not None:
            logger.info("report already stored as #%d: %s", known, raw.origin or raw.source)
            ingested.inc()
            return IngestResult(known, created=False, alerts=0)
        if prepared is None:
            analysis, note = self._analyze(raw)
            sig = signature(f"{raw.title or ''}\n{raw.text}")
        else:
            analysis, note, sig = prepared.analysis, prepared.note, prepared.signature
        received = datetime.now(UTC)
        at = raw.published.astimezone(UTC) if raw.published and raw.published.tzinfo else received
        event = lead_event(analysis.events)
        # Who wants it is decided before the write transaction: readers never wait for it.
        chats = self.matcher().chats(analysis, raw.text)
        store = self.store
        with store.transaction():
            stored = store.reports.add(raw, analysis, received=received, note=note)
            if not stored.created:
                ingested.inc()
                return IngestResult(stored.id, created=False, alerts=0)
            # Only what can match is read: reports sharing an LSH band with this one, incidents of its
            # type (or a related one) in its governorate, and the incidents of those reports.
            where = link(sig, event, at, *store.incidents.link_inputs(sig, event, at))
            current = store.incidents.get(where.incident) if where.incident is not None else None
            incident = store.incidents.record(stored.id, where, event, at, sig, merge(current, event))
            alerted = store.incidents.alerted(incident.id) if where.incident is not None else {}
            updates = store.fanout.updates(alerted, stored.id, incident.id) if where.toll is not None else 0
            # A chat whose filters the incident did not meet before (killed >= N) may meet them now.
            fresh = [c for c in chats if c not in alerted] if where.duplicate_of is None else []
            alerts = store.fanout.alerts(fresh, stored.id)
        # Past the first chunk, alerts and updates are recorded: the sender makes them rows as it claims them.
        logger.info(
            "stored report #%d (%s, %d events) from %s: incident %d%s, %d alerts and %d updates queued",
            stored.id,
            analysis.language,
            len(analysis.events),
            raw.origin or raw.source,
            incident.id,
            f", copy of #{where.duplicate_of}" if where.duplicate_of else "",
            alerts,
            updates,
        )
        metrics.REPORTS_INGESTED.labels(source=metrics.source_label(raw.source), outcome="stored").inc()
        return IngestResult(stored.id, True, alerts, incident.id, where.duplicate_of, updates)

    def update(self, report_id: ReportId, raw: RawReport, *, follow_up: bool = False) -> bool:
        """Re-analyse and rewrite a report its source edited; no new alert. Blocking: call from a thread.

        ``follow_up``: the report was taken before its source was complete (an inbox file still being written).
        Its incident then learns the full counts; a higher toll queues the usual toll update for chats already
        alerted (never a second alert), and a chat that the fuller text now matches, alerted of nothing in this
        incident yet, gets its first alert.
        """
        analysis, note = self._analyze(raw)
        if not follow_up:
            updated = self.store.reports.replace(report_id, raw, analysis, note=note)
            if updated:
                logger.info("updated report #%d from %s", report_id, raw.origin or raw.source)
            return updated
        # Who wants the fuller text is decided before the write transaction, as for a new report.
        chats = self.matcher().chats(analysis, raw.text)
        store = self.store
        with store.transaction():
            if not store.reports.replace(report_id, raw, analysis, note=note):
                return False
            report = store.reports.get(report_id)
            incident = store.incidents.get(report.incident) if report and report.incident is not None else None
            if report is None or incident is None:
                return True
            event = lead_event(analysis.events)
            toll = toll_rise(incident, event)
            at = raw.published.astimezone(UTC) if raw.published and raw.published.tzinfo else report.received
            sig = signature(f"{raw.title or ''}\n{raw.text}")
            where = Link(duplicate_of=report.duplicate_of, incident=incident.id, toll=toll)
            merged = merge(incident, event)  # counts merged, signature renewed
            store.incidents.record(report_id, where, event, at, sig, merged)
            alerted = store.incidents.alerted(incident.id)
            updates = store.fanout.updates(alerted, report_id, incident.id) if toll is not None else 0
            fresh = [c for c in chats if c not in alerted] if report.duplicate_of is None else []
            alerts = store.fanout.alerts(fresh, report_id)
        logger.info(
            "updated report #%d with the rest of %s: incident %d%s, %d alerts and %d updates queued",
            report_id,
            raw.origin or raw.source,
            incident.id,
            f", toll now {toll}" if toll is not None else "",
            alerts,
            updates,
        )
        return True
