"""Held alerts and digest due times.

    pending --hold--> held --digest--> digested   (and one new ``digest`` row, pending)

A digest is written in one transaction: the digest's outbox row, its held rows
marked ``digested`` and the chat's next due time. A crash before the commit
leaves everything as it was (the digest is built again); after it, the digest is
an ordinary outbox row. So a digest is sent once, also across restarts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.models import ChatKey, Delivery
from storage.database import Connection
from storage.rows import delivery_from_row


class DigestSchedule:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def hold(self, delivery_id: int, reason: str) -> None:
        """Keep an alert for the chat's next digest instead of sending it now."""
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE deliveries SET state = 'held', last_error = ? WHERE id = ? AND state IN ('pending', 'sending')",
                [reason, delivery_id],
            )

    def held(self, chat: ChatKey) -> list[Delivery]:
        with self._conn.reading() as db:
            rows = db.query("SELECT * FROM deliveries WHERE chat = ? AND state = 'held' ORDER BY id", [chat])
            return [delivery_from_row(r) for r in rows]

    def due_at(self, chat: ChatKey) -> float | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT due FROM digest_schedule WHERE chat = ?", [chat]))
        return rows[0]["due"] if rows else None

    def set_due(self, chat: ChatKey, due: float | None) -> None:
        """Set (or with None, clear) when the chat's next digest is due, in epoch seconds."""
        with self._conn.transaction() as db:
            if due is None:
                db.execute("DELETE FROM digest_schedule WHERE chat = ?", [chat])
            else:
                db.execute(
                    "INSERT INTO digest_schedule (chat, due) VALUES (?, ?)"
                    " ON CONFLICT(chat) DO UPDATE SET due = excluded.due",
                    [chat, due],
                )

    def due(self, now: float) -> list[ChatKey]:
        """Chats whose digest is due at ``now``, the most overdue first."""
        with self._conn.reading() as db:
            rows = db.query("SELECT chat FROM digest_schedule WHERE due <= ? ORDER BY due, chat", [now])
            return [r["chat"] for r in rows]

    def next_due(self) -> float | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT min(due) AS due FROM digest_schedule"))
        return rows[0]["due"]

    def unscheduled(self) -> list[ChatKey]:
        """Chats that hold alerts or want digests but have no due time yet (new settings, old data)."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT key FROM chats WHERE disabled = 0 AND key NOT IN (SELECT chat FROM digest_schedule)"
                " AND (digest IS NOT NULL OR key IN (SELECT chat FROM deliveries WHERE state = 'held'))"
                " ORDER BY key"
            )
            return [r["key"] for r in rows]

    def write(
        self, chat: ChatKey, held_ids: list[int], payload: dict[str, Any] | None, next_due: float | None
    ) -> int | None:
        """Queue one digest of ``held_ids`` (none when ``payload`` is None) and set the next due time, atomically."""
        with self._conn.transaction() as db:
            digest_id = None
            if payload is not None:
                cursor = db.execute(
                    "INSERT INTO deliveries (chat, report_id, kind, state, payload, next_attempt, created)"
                    " VALUES (?, NULL, 'digest', 'pending', ?, 0, ?)",
                    [chat, json.dumps(payload, ensure_ascii=False), datetime.now(UTC).isoformat()],
                )
                digest_id = cursor.lastrowid
            if held_ids:
                db.execute(
                    f"UPDATE deliveries SET state = 'digested', last_error = NULL"
                    f" WHERE state = 'held' AND id IN ({','.join('?' * len(held_ids))})",
                    held_ids,
                )
            self.set_due(chat, next_due)
            return digest_id
