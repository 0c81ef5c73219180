"""Saved queries behind pagination buttons (callback data holds only an id and a page).

Saving one is off the reply's path: every ``/search`` and ``/latest`` saves its query, and a write
waits for the writer's lock, i.e. behind an ingest's transaction. So ``save`` takes the next id in
memory (one more than the highest stored, read once from the snapshot connection), keeps the row in
memory, and a background thread writes it; ``get`` and ``last`` look in memory first, and
``Store.close`` (``flush``) writes what is left. A row not yet written when the process dies is
lost: its buttons then answer "no more results", as for any unknown query.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from bot.models import ChatKey
from storage.database import Connection

logger = logging.getLogger(__name__)


class Queries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._next: int | None = None
        self._unwritten: dict[int, dict[str, object]] = {}  # id -> row, saved and not yet in the table
        self._writer: threading.Thread | None = None

    def save(self, chat: ChatKey, command: str, args: str) -> int:
        """Keep a query and return its id at once; the row is written to the table in the background."""
        with self._lock:
            if self._next is None:
                self._next = self._highest() + 1
            query_id = self._next
            self._next += 1
            self._unwritten[query_id] = {
                "id": query_id,
                "chat": chat,
                "command": command,
                "args": args,
                "page": 1,
                "created": datetime.now(UTC).isoformat(),
            }
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_behind, name="marsad-queries", daemon=True)
                self._writer.start()
        return query_id

    def _highest(self) -> int:
        """The highest id stored; read without waiting for the writer (inside its transaction: through it)."""
        reader = self._conn.reading() if self._conn.writing_here() else self._conn.snapshot()
        with reader as db:
            return next(db.query("SELECT coalesce(max(id), 0) AS n FROM queries"))["n"]

    def _write_behind(self) -> None:
        try:
            while True:
                with self._lock:
                    if not self._unwritten:
                        self._writer = None  # with the check, under the lock: a save after it starts another
                        return
                self._write()
        except Exception:  # the connection closed under it, a full disk: said here, and flush tries again
            logger.exception("queries: could not write the saved queries")
            with self._lock:
                self._writer = None

    def _write(self) -> int:
        """Write the rows kept in memory in one transaction; how many there were.

        The rows are taken (and dropped from memory) once the transaction is ours, so a page set
        meanwhile is either in them or an UPDATE that waits for this commit.
        """
        with self._conn.transaction() as db, self._lock:
            rows = list(self._unwritten.values())
            if not rows:
                return 0
            cursor = db.conn.executemany(
                "INSERT OR IGNORE INTO queries (id, chat, command, args, page, created)"
                " VALUES (:id, :chat, :command, :args, :page, :created)",
                rows,
            )
            if cursor.rowcount < len(rows):  # another process took these ids: its rows stay
                logger.warning(
                    "queries: %d saved queries not written, their ids were taken", len(rows) - cursor.rowcount
                )
            self._unwritten.clear()
        return len(rows)

    def flush(self) -> None:
        """Write every saved query now (on close), after the background writer stops."""
        with self._lock:
            writer = self._writer
        if writer is not None and writer is not threading.current_thread():
            writer.join()
        self._write()

    def get(self, query_id: int, chat: ChatKey) -> tuple[str, str] | None:
        with self._lock:
            row = self._unwritten.get(query_id)
        if row is not None:
            return (str(row["command"]), str(row["args"])) if row["chat"] == chat else None
        with self._conn.reading() as db:
            rows = list(db.query("SELECT command, args FROM queries WHERE id = ? AND chat = ?", [query_id, chat]))
        return (rows[0]["command"], rows[0]["args"]) if rows else None

    def last(self, chat: ChatKey) -> tuple[int, str, str, int] | None:
        """The chat's most recent query: (id, command, args, page shown last)."""
        with self._lock:
            mine = [r for r in self._unwritten.values() if r["chat"] == chat]
        if mine:  # newer than any stored row: their ids come after the highest stored
            row = max(mine, key=lambda r: int(r["id"]))  # type: ignore[call-overload]
            return int(row["id"]), str(row["command"]), str(row["args"]), int(row["page"])  # type: ignore[call-overload]
        with self._conn.reading() as db:
            rows = list(
                db.query(
                    "SELECT id, command, args, page FROM queries WHERE chat = ? ORDER BY id DESC LIMIT 1",
                    [chat],
                )
            )
        return (rows[0]["id"], rows[0]["command"], rows[0]["args"], rows[0]["page"]) if rows else None

    def set_page(self, query_id: int, page: int) -> None:
        with self._lock:
            row = self._unwritten.get(query_id)
            if row is not None:
                self._unwritten[query_id] = {**row, "page": page}  # a new dict: the writer sees it changed
                return
        with self._conn.transaction() as db:
            db.execute("UPDATE queries SET page = ? WHERE id = ?", [page, query_id])
