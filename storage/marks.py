"""The highest message id seen in each chat: where to look for a send whose outcome a crash hid.

Telegram numbers messages per chat. A transport records every id it sees (commands it
receives, replies and alerts it sends); after a crash, a message sent but not recorded
can only have a higher id than the chat's mark (see ``TelegramTransport.locate``).
"""

from __future__ import annotations

from storage.database import Connection


class Marks:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def raise_to(self, chat: str, message_id: int) -> None:
        """Remember ``message_id`` as seen in ``chat`` (the mark only ever goes up)."""
        with self._conn.transaction() as db:
            db.execute(
                "INSERT INTO message_marks (chat, message_id) VALUES (?, ?)"
                " ON CONFLICT(chat) DO UPDATE SET message_id = max(message_id, excluded.message_id)",
                [chat, message_id],
            )

    def high_water(self, chat: str) -> int:
        """The highest id known in ``chat``: its mark, or a message_ref of an alert sent there or in one of
        its topics (``chat/thread`` keys), whichever is higher; 0 when nothing is known."""
        with self._conn.reading() as db:
            rows = list(
                db.query(
                    "SELECT max(coalesce((SELECT message_id FROM message_marks WHERE chat = :chat), 0),"
                    " coalesce((SELECT max(CAST(message_ref AS INTEGER)) FROM deliveries WHERE state = 'sent'"
                    " AND message_ref GLOB '[0-9]*' AND (chat = :chat OR chat LIKE :topics)), 0)) AS n",
                    {"chat": chat, "topics": chat + "/%"},
                )
            )
        return int(rows[0]["n"] or 0)
