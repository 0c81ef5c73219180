"""Saved queries behind pagination buttons (callback data holds only an id and a page)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import ChatKey
from storage.database import Connection


class Queries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def save(self, chat: ChatKey, command: str, args: str) -> int:
        with self._conn.transaction() as db:
            cursor = db.execute(
                "INSERT INTO queries (chat, command, args, created) VALUES (?, ?, ?, ?)",
                [chat, command, args, datetime.now(UTC).isoformat()],
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def get(self, query_id: int, chat: ChatKey) -> tuple[str, str] | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT command, args FROM queries WHERE id = ? AND chat = ?", [query_id, chat]))
        return (rows[0]["command"], rows[0]["args"]) if rows else None

    def last(self, chat: ChatKey) -> tuple[int, str, str, int] | None:
        """The chat's most recent query: (id, command, args, page shown last)."""
        with self._conn.reading() as db:
            rows = list(
                db.query(
                    "SELECT id, command, args, page FROM queries WHERE chat = ? ORDER BY id DESC LIMIT 1",
                    [chat],
                )
            )
        return (rows[0]["id"], rows[0]["command"], rows[0]["args"], rows[0]["page"]) if rows else None

    def set_page(self, query_id: int, page: int) -> None:
        with self._conn.transaction() as db:
            db.execute("UPDATE queries SET page = ? WHERE id = ?", [page, query_id])
