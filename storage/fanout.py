"""Fan-out as one compact record, turned into outbox rows a chunk at a time as the sender needs them.

A report wanted by 25,000 chats (or an incident whose toll rises for as many) would otherwise write
25,000 outbox rows, each into every index of ``deliveries``, inside the report's transaction: seconds
of held lock at scale, for messages the pacer sends over minutes anyway. So the report's transaction
queues the first ``FIRST`` rows and records the rest in one ``fanout`` row (alerts: the chats;
updates: each chat with the id of the alert it had), and that commit is what makes them queued: after
it, nothing is lost. ``expand`` turns the oldest record into outbox rows a chunk per transaction, the
chunk and the record's rest written together; the sender calls it when it runs short of due rows
(``Outbox.claim_due``), and ``drain`` does it all at once. Every insert is idempotent (the outbox's
unique index, the reuse of a waiting update), so nothing is doubled either, whatever stops when.

Records go out in (report, kind) order: a report's alerts before a later report's toll updates, so a
chat's update never overtakes its alert. A chat recorded for an alert counts as alerted for its
incident (``Incidents.alerted``, id 0: no outbox row yet); an update recorded for it finds that row
when it is expanded. Chats forgotten meanwhile are left out; a chat that moves takes its place in
the records with it (``Outbox.move_chat``).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlite_utils

from bot.models import ChatKey, ReportId
from storage.database import Connection
from storage.incidents import Incidents
from storage.outbox import Outbox

CHUNK = 500  # outbox rows per transaction of ``expand``
FIRST = 100  # rows queued in the report's own transaction (the first alerts go out without waiting for a chunk)

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

    def alerts(self, chats: list[ChatKey], report_id: ReportId, chunk: int = FIRST) -> int:
        """Queue a report's alerts: the first ``chunk`` as rows now, the rest in one record for ``expand``.
        Call inside the report's transaction; returns how many are queued (rows and recorded chats)."""
        queued = self._outbox.enqueue_alerts(chats[:chunk], report_id)
        if len(chats) > chunk:
            self._record(report_id, "alert", None, chats[chunk:])
        return queued + max(0, len(chats) - chunk)

    def updates(self, alerted: dict[ChatKey, int], report_id: ReportId, incident: int, chunk: int = FIRST) -> int:
        """Queue a toll update for every alerted chat (chat -> its alert's id, 0: its alert is still in a
        record): up to ``chunk`` rows now, the rest (and every chat whose alert is not a row yet, so
        that its update comes after it) in one record for ``expand``. Call inside the report's
        transaction; returns how many are queued (new rows and recorded chats)."""
        ready = [(c, a) for c, a in alerted.items() if a]
        now, later = ready[:chunk], ready[chunk:] + [(c, a) for c, a in alerted.items() if not a]
        queued = self._incidents.queue_updates(dict(now), report_id, incident)
        if later:
            self._record(report_id, "update", incident, [list(p) for p in later])
        return queued + len(later)

    def _record(self, report_id: ReportId, kind: str, incident: int | None, entries: list[Any]) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO fanout (report_id, kind, incident, chats) VALUES (?, ?, ?, ?)",
                [report_id, kind, incident, json.dumps(entries, ensure_ascii=False)],
            )

    def waiting(self) -> int:
        """How many chats the records still hold (part of the outbox's depth)."""
        with self._conn.reading() as db:
            return int(next(db.query("SELECT total(json_array_length(chats)) AS n FROM fanout"))["n"])

    def expand(self, report_id: ReportId | None = None, chunk: int = CHUNK) -> tuple[int, int] | None:
        """Turn one chunk of the oldest record (or of one report's) into outbox rows, in one transaction;
        (alerts, updates) queued, or None when there was no record left."""
        with self._conn.transaction() as db:
            where, args = ("WHERE report_id = ?", [report_id]) if report_id is not None else ("", [])
            rows = list(db.query(f"SELECT * FROM fanout {where} ORDER BY report_id, kind LIMIT 1", args))
            if not rows:
                return None
            row = rows[0]
            entries = _entries(row["chats"])
            now, rest = entries[:chunk], entries[chunk:]
            alerts = updates = 0
            if row["kind"] == "update" and row["incident"] is not None:
                pairs = {str(p[0]): int(p[1]) for p in now if isinstance(p, list) and len(p) == 2}
                pairs = self._originals(db, _known(db, pairs), row["incident"])
                updates = self._incidents.queue_updates(pairs, row["report_id"], row["incident"])
            elif row["kind"] == "alert":
                alerts = self._outbox.enqueue_alerts(list(_known(db, {str(c): 0 for c in now})), row["report_id"])
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
            return alerts, updates

    @staticmethod
    def _originals(db: sqlite_utils.Database, pairs: dict[ChatKey, int], incident: int) -> dict[ChatKey, int]:
        """Each chat's alert id; one recorded as 0 (its alert was still in a record) is looked up now,
        after that record was expanded (an alert that never became a row leaves 0: a short update)."""
        for chat in [c for c, a in pairs.items() if not a]:
            found = next(
                db.query(
                    "SELECT min(id) AS id FROM deliveries WHERE chat = ? AND kind = 'alert'"
                    " AND report_id IN (SELECT id FROM reports WHERE incident = ?)",
                    [chat, incident],
                )
            )["id"]
            pairs[chat] = found or 0
        return pairs

    def drain(self, report_id: ReportId | None = None, chunk: int = CHUNK) -> tuple[int, int]:
        """Expand every record (one report's, or all), a chunk per transaction; (alerts, updates) queued."""
        alerts = updates = 0
        while (done := self.expand(report_id, chunk)) is not None:
            alerts, updates = alerts + done[0], updates + done[1]
        return alerts, updates


def _known(db: sqlite_utils.Database, pairs: dict[ChatKey, int]) -> dict[ChatKey, int]:
    """The pairs whose chat still exists (a chat forgotten since the record was written gets nothing)."""
    chats = list(pairs)
    if not chats:
        return {}
    rows = db.query(f"SELECT key FROM chats WHERE key IN ({','.join('?' * len(chats))})", chats)
    known = {r["key"] for r in rows}
    return {c: a for c, a in pairs.items() if c in known}
