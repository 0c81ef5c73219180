"""Fan-out in chunks: the outbox rows of a report many chats want, queued 500 per transaction.

A report wanted by 25,000 chats (or an incident whose toll rises for as many) would otherwise hold
the write lock for seconds while every other command waits. The report's own transaction queues the
first chunk and records the rest in ``fanout`` (alerts: the chats; updates: each chat with the id of
the alert it had), so nothing is lost; ``drain`` then queues the rest a chunk per transaction, right
after, or at the next start when the process stopped first. Every insert is idempotent (the outbox's
unique index, the reuse of a waiting update), so nothing is doubled either.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.models import ChatKey, ReportId
from storage.database import Connection
from storage.incidents import Incidents
from storage.outbox import Outbox

CHUNK = 500  # outbox rows per transaction

logger = logging.getLogger(__name__)


def _entries(stored: str) -> list[Any]:
    """A fanout row's list; a row that is not a list (written by hand) is dropped, and said so."""
    try:
        entries = json.loads(stored)
    except ValueError:
        entries = None
    if isinstance(entries, list):
        return entries
    logger.warning("fanout: dropped a row that is not a list: %.80r", stored)
    return []


class Fanout:
    def __init__(self, conn: Connection, outbox: Outbox, incidents: Incidents) -> None:
        self._conn = conn
        self._outbox = outbox
        self._incidents = incidents

    def alerts(self, chats: list[ChatKey], report_id: ReportId, chunk: int = CHUNK) -> int:
        """Queue a report's alerts: the first ``chunk`` now, the rest recorded for ``drain``.
        Call inside the report's transaction; returns how many rows were queued now."""
        queued = self._outbox.enqueue_alerts(chats[:chunk], report_id)
        if len(chats) > chunk:
            self._record(report_id, "alert", None, chats[chunk:])
        return queued

    def updates(self, alerted: dict[ChatKey, int], report_id: ReportId, incident: int, chunk: int = CHUNK) -> int:
        """Queue a toll update for every alerted chat (chat -> its alert's id): the first ``chunk`` now, the
        rest recorded for ``drain``. Call inside the report's transaction; returns how many were queued now."""
        pairs = list(alerted.items())
        queued = self._incidents.queue_updates(dict(pairs[:chunk]), report_id, incident)
        if len(pairs) > chunk:
            self._record(report_id, "update", incident, [list(p) for p in pairs[chunk:]])
        return queued

    def _record(self, report_id: ReportId, kind: str, incident: int | None, entries: list[Any]) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO fanout (report_id, kind, incident, chats) VALUES (?, ?, ?, ?)",
                [report_id, kind, incident, json.dumps(entries, ensure_ascii=False)],
            )

    def drain(self, report_id: ReportId | None = None, chunk: int = CHUNK) -> tuple[int, int]:
        """Queue what ``alerts`` and ``updates`` left (one report's, or all: after a crash), a chunk per
        transaction; returns (alerts, updates) queued."""
        alerts = updates = 0
        while True:
            with self._conn.transaction() as db:
                where, args = ("WHERE report_id = ?", [report_id]) if report_id is not None else ("", [])
                rows = list(db.query(f"SELECT * FROM fanout {where} ORDER BY report_id, kind LIMIT 1", args))
                if not rows:
                    return alerts, updates
                row = rows[0]
                entries = _entries(row["chats"])
                now, rest = entries[:chunk], entries[chunk:]
                if row["kind"] == "update" and row["incident"] is not None:
                    pairs = {str(p[0]): int(p[1]) for p in now if isinstance(p, list) and len(p) == 2}
                    updates += self._incidents.queue_updates(pairs, row["report_id"], row["incident"])
                elif row["kind"] == "alert":
                    alerts += self._outbox.enqueue_alerts([str(c) for c in now], row["report_id"])
                else:
                    rest = []  # not a kind this version writes: dropped
                key = [row["report_id"], row["kind"]]
                if rest:
                    db.execute(
                        "UPDATE fanout SET chats = ? WHERE report_id = ? AND kind = ?",
                        [json.dumps(rest, ensure_ascii=False), *key],
                    )
                else:
                    db.execute("DELETE FROM fanout WHERE report_id = ? AND kind = ?", key)
