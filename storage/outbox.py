"""The delivery outbox: one row per alert per chat, and its state changes.

    pending --claim_due--> claimed --begin--> sending --mark_sent--> sent
       ^                      |                  |
       +-------defer----------+------------------+--give_up--> failed

``claimed`` rows are reserved by a running sender but not yet on the wire; after a
crash they simply go back to pending. A row is marked ``sending`` and committed
*right before* its network call, so after a crash the ``sending`` rows are exactly
the sends whose outcome is unknown (see ``reconcile`` in bot/delivery/sender.py).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from bot.models import ChatKey, Delivery, ReportId
from storage.database import Connection
from storage.rows import delivery_from_row


class Outbox:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def enqueue(
        self,
        chat: ChatKey,
        report_id: ReportId | None,
        *,
        kind: str = "alert",
        payload: dict[str, Any] | None = None,
        not_before: float = 0.0,
        state: str = "pending",
    ) -> int | None:
        """Queue a message; a second alert of the same report for the same chat is ignored.

        Returns the new row's id, or None when it was already queued.
        """
        with self._conn.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    chat,
                    report_id,
                    kind,
                    state,
                    json.dumps(payload or {}, ensure_ascii=False),
                    not_before,
                    datetime.now(UTC).isoformat(),
                ],
            )
            return cursor.lastrowid if cursor.rowcount else None

    def enqueue_alerts(self, chats: list[ChatKey], report_id: ReportId) -> int:
        """Queue one alert of a report for each chat in one statement; chats that have it already are skipped.

        Returns how many rows were queued.
        """
        if not chats:
            return 0
        created = datetime.now(UTC).isoformat()
        with self._conn.transaction() as db:
            cursor = db.conn.executemany(
                "INSERT OR IGNORE INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                " VALUES (?, ?, 'alert', 'pending', '{}', 0, ?)",
                [(chat, report_id, created) for chat in chats],
            )
            return cursor.rowcount

    def claim_due(
        self, limit: int = 50, *, now: float | None = None, exclude_chats: set[ChatKey] = frozenset()
    ) -> list[Delivery]:
        """Reserve up to ``limit`` due rows (state ``claimed``) and return them, oldest first."""
        now = time.time() if now is None else now
        with self._conn.transaction() as db:
            rows = list(
                db.query(
                    "SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt <= ?"
                    " ORDER BY next_attempt, id LIMIT ?",
                    [now, limit + len(exclude_chats) * 4],
                )
            )
            rows = [r for r in rows if r["chat"] not in exclude_chats][:limit]
            if rows:
                ids = [r["id"] for r in rows]
                db.execute(
                    f"UPDATE deliveries SET state = 'claimed' WHERE id IN ({','.join('?' * len(ids))})",
                    ids,
                )
        return [delivery_from_row({**r, "state": "claimed"}) for r in rows]

    def begin(self, delivery_id: int) -> None:
        """Record that this claimed row is about to go on the wire (committed before the call).

        Only a real send counts as an attempt: rows put back because their chat was busy, muted or
        rate-limited before the call keep their count.
        """
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'claimed'",
                [delivery_id],
            )

    def release_claimed(self) -> int:
        """Rows a stopped process had reserved but never sent: back to pending (nothing to reconcile)."""
        with self._conn.transaction() as db:
            return db.execute("UPDATE deliveries SET state = 'pending' WHERE state = 'claimed'").rowcount

    def mark_sent(self, delivery_id: int, message_ref: str | None = None) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET state = 'sent', message_ref = ?, sent_at = ?, last_error = NULL WHERE id = ?",
                [message_ref, datetime.now(UTC).isoformat(), delivery_id],
            )
            # A chat that receives again is no longer on its way to being disabled.
            db.execute(
                "UPDATE chats SET failures = 0 WHERE failures > 0 AND key = (SELECT chat FROM deliveries WHERE id = ?)",
                [delivery_id],
            )

    def defer(self, delivery_id: int, delay: float, error: str | None = None) -> None:
        """Back to pending, not before ``delay`` seconds from now."""
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET state = 'pending', next_attempt = ?, last_error = ? WHERE id = ?",
                [time.time() + delay, error, delivery_id],
            )

    def defer_chat(self, chat: ChatKey, delay: float) -> None:
        """Hold every pending row of one chat (its rate limit), leaving other chats alone."""
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET next_attempt = max(next_attempt, ?) WHERE chat = ? AND state = 'pending'",
                [time.time() + delay, chat],
            )

    def give_up(self, delivery_id: int, error: str) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE deliveries SET state = 'failed', last_error = ? WHERE id = ?", [error, delivery_id])

    def release_held(self, chat: ChatKey) -> int:
        with self._conn.transaction() as db:
            return db.execute(
                "UPDATE deliveries SET state = 'pending', next_attempt = 0 WHERE chat = ? AND state = 'held'",
                [chat],
            ).rowcount

    def prune_sent(self, before: datetime, batch: int = 5000) -> int:
        """Delete rows sent before ``before`` (history only), a batch per transaction so readers get turns."""
        total = 0
        while True:
            with self._conn.transaction() as db:
                deleted = db.execute(
                    "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries"
                    " WHERE state = 'sent' AND sent_at < ? LIMIT ?)",
                    [before.astimezone(UTC).isoformat(), batch],
                ).rowcount
            total += deleted
            if deleted < batch:
                return total

    def in_flight(self) -> list[Delivery]:
        """Rows left ``sending`` by a process that stopped mid-send."""
        with self._conn.reading() as db:
            return [delivery_from_row(r) for r in db.query("SELECT * FROM deliveries WHERE state = 'sending'")]

    def get(self, delivery_id: int) -> Delivery | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT * FROM deliveries WHERE id = ?", [delivery_id]))
        return delivery_from_row(rows[0]) if rows else None

    def for_chat(self, chat: ChatKey) -> list[Delivery]:
        with self._conn.reading() as db:
            return [
                delivery_from_row(r) for r in db.query("SELECT * FROM deliveries WHERE chat = ? ORDER BY id", [chat])
            ]

    def depth(self) -> int:
        """How many messages wait to be sent."""
        with self._conn.reading() as db:
            rows = list(
                db.query("SELECT count(*) AS n FROM deliveries WHERE state IN ('pending', 'claimed', 'sending')")
            )
        return rows[0]["n"]

    def next_due(self) -> float | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT min(next_attempt) AS t FROM deliveries WHERE state = 'pending'"))
        return rows[0]["t"]
