"""Retention: reports older than ``MARSAD_RETENTION_DAYS`` and sent outbox rows older than
``MARSAD_OUTBOX_RETENTION_DAYS`` are deleted, on a schedule.

Deleting through ``Reports.delete_older_than`` keeps the full-text index in step
(the index rows are removed with the report) and their outbox rows go with
them, so search never finds a report that is gone and nothing is sent for one.
Sent rows are only history once no toll update can refer to them any more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from bot import metrics
from storage import Store

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 3600.0  # seconds between passes


class Retention:
    def __init__(
        self, store: Store, days: int | None, *, outbox_days: int | None = None, interval: float = DEFAULT_INTERVAL
    ) -> None:
        self.store = store
        self.days = days
        self.outbox_days = outbox_days
        self.interval = interval

    def cutoff(self, now: datetime | None = None) -> datetime:
        return (now or datetime.now(UTC)) - timedelta(days=self.days or 0)

    def run_once(self, now: datetime | None = None) -> int:
        """Delete what is older than the cutoffs now; return how many reports went. Blocking."""
        deleted = 0
        if self.days:
            deleted = self.store.reports.delete_older_than(self.cutoff(now))
            if deleted:
                metrics.REPORTS_DELETED.inc(deleted)
                logger.info("retention: deleted %d reports older than %d days", deleted, self.days)
        if self.outbox_days:
            sent = (now or datetime.now(UTC)) - timedelta(days=self.outbox_days)
            pruned = self.store.outbox.prune_sent(sent)
            if pruned:
                logger.info("retention: deleted %d sent outbox rows older than %d days", pruned, self.outbox_days)
        return deleted

    def schedule(self, scheduler: Any) -> Any:
        """A pass at start, then one every ``interval`` seconds, as a job of the app's APScheduler."""
        return scheduler.add_job(
            asyncio.to_thread,
            "interval",
            args=[self.run_once],
            seconds=self.interval,
            id="retention",
            name="retention",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )

    async def run(self, stop: asyncio.Event) -> None:
        """A pass at start, then one every ``interval`` seconds until stop."""
        while not stop.is_set():
            await asyncio.to_thread(self.run_once)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
