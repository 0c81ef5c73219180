"""One-time notices: which chat was already told something it should hear only once.

The Matrix transport tells an encrypted room it cannot read once ("kind" names the
notice, ``encrypted_room``); kept here, that holds across restarts too. A chat that is
forgotten (the bot left it) loses its notices, so a later invitation is told again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import ChatKey
from storage.database import Connection


class Notices:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def told(self, chat: ChatKey, kind: str) -> bool:
        """Whether ``chat`` already got the notice ``kind``."""
        with self._conn.reading() as db:
            return bool(list(db.query("SELECT 1 FROM notices WHERE chat = ? AND kind = ?", [chat, kind])))

    def record(self, chat: ChatKey, kind: str) -> bool:
        """Remember that ``chat`` got the notice ``kind``; False when it was already remembered."""
        with self._conn.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO notices (chat, kind, sent) VALUES (?, ?, ?)",
                [chat, kind, datetime.now(UTC).isoformat()],
            )
            return cursor.rowcount == 1
