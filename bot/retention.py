"""Retention: reports older than ``MARSAD_RETENTION_DAYS`` are deleted, on a schedule.

Deleting through ``Reports.delete_older_than`` keeps the full-text index in step
(a trigger removes the index row with the report) and their outbox rows go with
them, so search never finds a report that is gone and nothing is sent for one.
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
    def __init__(self, store: Store, days: int, *, interval: float = DEFAULT_INTERVAL) -> None:
        self.store = store
        self.days = days
        self.interval = interval

    def cutoff(self, now: datetime | None = None) -> datetime:
        return (now or datetime.now(UTC)) - timedelta(days=self.days)

    def run_once(self, now: datetime | None = None) -> int:
        """Delete what is older than the cutoff now; return how many reports went. Blocking."""
        deleted = self.store.reports.delete_older_than(self.cutoff(now))
        if deleted:
            metrics.REPORTS_DELETED.inc(deleted)
            logger.info("retention: deleted %d reports older than %d days", deleted, self.days)
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
