"""Held alerts and digest due times.

    pending --hold--> held --digest--> digested   (and one new ``digest`` row, pending)

The rows themselves are the outbox's (storage/outbox.py makes every state change);
this module keeps when each chat's next digest is due. A digest is written in one
transaction: the digest's outbox row, its held rows marked ``digested`` and the
chat's next due time. A crash before the commit
leaves everything as it was (the digest is built again); after it, the digest is
an ordinary outbox row. So a digest is sent once, also across restarts.
"""

from __future__ import annotations

from typing import Any

from bot.models import ChatKey, Delivery
from storage.database import Connection
from storage.outbox import DeliveryState, Outbox


class DigestSchedule:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._outbox = Outbox(conn)

    def hold(self, delivery_id: int, reason: str) -> None:
        """Keep an alert for the chat's next digest instead of sending it now."""
        self._outbox.hold(delivery_id, reason)

    def held(self, chat: ChatKey) -> list[Delivery]:
        return self._outbox.held(chat)

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
                " AND (digest IS NOT NULL OR key IN"
                f" (SELECT chat FROM deliveries WHERE state = '{DeliveryState.HELD.value}'))"
                " ORDER BY key"
            )
            return [r["key"] for r in rows]

    def write(
        self, chat: ChatKey, held_ids: list[int], payload: dict[str, Any] | None, next_due: float | None
    ) -> int | None:
        """Queue one digest of ``held_ids`` (none when ``payload`` is None) and set the next due time, atomically."""
        with self._conn.transaction():
            digest_id = self._outbox.digest(chat, held_ids, payload)
            self.set_due(chat, next_due)
            return digest_id
