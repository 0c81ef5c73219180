"""Saved queries behind pagination buttons (callback data holds only an id and a page).

Saving one is off the reply's path: every ``/search`` and ``/latest`` saves its query, and a write
waits for the writer's lock, i.e. behind an ingest's transaction. So ``save`` takes the next id in
memory (one more than the highest stored, read once from the snapshot connection), keeps the row in
memory, and a background thread writes it; ``get`` and ``last`` look in memory first, and
``Store.close`` (``flush``) writes what is left. A row not yet written when the process dies is
lost: its buttons then answer "no more results", as for any unknown query.

The rows kept in memory belong to the database file, not to one ``Queries``: the async front
(storage/front.py) reads ``get`` and ``last`` through other Stores over read-only connections to the
same file, and they must see a query saved a moment before. The writable Store's ``close`` writes
them and forgets them.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from bot.models import ChatKey
from storage.database import Connection

logger = logging.getLogger(__name__)


class _Kept:
    """The saved queries of one database file not yet written, and the thread writing them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next: int | None = None
        self.rows: dict[int, dict[str, object]] = {}  # id -> row
        self.writer: threading.Thread | None = None


_KEPT: dict[str, _Kept] = {}
_KEPT_LOCK = threading.Lock()


def _key(conn: Connection) -> str:
    return f"memory:{id(conn)}" if str(conn.path) == ":memory:" else str(conn.path.resolve())


class Queries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        with _KEPT_LOCK:
            self._kept = _KEPT.setdefault(_key(conn), _Kept())
        self._lock = self._kept.lock
        self._unwritten = self._kept.rows

    def save(self, chat: ChatKey, command: str, args: str) -> int:
        """Keep a query and return its id at once; the row is written to the table in the background."""
        kept = self._kept
        with self._lock:
            if kept.next is None:
                kept.next = self._highest() + 1
            query_id = kept.next
            kept.next += 1
            self._unwritten[query_id] = {
                "id": query_id,
                "chat": chat,
                "command": command,
                "args": args,
                "page": 1,
                "created": datetime.now(UTC).isoformat(),
            }
            if kept.writer is None:
                kept.writer = threading.Thread(target=self._write_behind, name="marsad-queries", daemon=True)
                kept.writer.start()
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
                        self._kept.writer = None  # with the check, under the lock: a save after it starts another
                        return
                self._write()
        except Exception:  # the connection closed under it, a full disk: said here, and flush tries again
            logger.exception("queries: could not write the saved queries")
            with self._lock:
                self._kept.writer = None

    def _write(self) -> int:
        """Write the rows kept in memory in one transaction; how many there were.

        The rows are taken (and dropped from memory) once the transaction is ours, so a page set
        meanwhile is either in them or an UPDATE that waits for this commit.
        """
        with self._lock:
            if not self._unwritten:  # nothing kept: no transaction (a closed Store's second close too)
                return 0
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
        """Write every saved query now and forget the file's kept state (the writable Store's close);
        a Store over a read-only connection leaves them to the writable one."""
        if not self._conn.writable:
            return
        with self._lock:
            writer = self._kept.writer
        if writer is not None and writer is not threading.current_thread():
            writer.join()
        self._write()
        with _KEPT_LOCK, self._lock:
            if not self._unwritten and _KEPT.get(_key(self._conn)) is self._kept:
                del _KEPT[_key(self._conn)]  # a file made again at this path starts from its own ids
                self._kept.next = None

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
