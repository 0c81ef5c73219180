"""The connection: WAL mode, one lock, explicit transactions.

The bot and the CLI share one SQLite file. WAL lets ``marsad ingest`` write while
``marsad run`` reads; ``busy_timeout`` makes the two wait for each other instead
of failing. One re-entrant lock serialises this process's threads.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from bot.errors import StorageError


def unusable(path: Path | str, exc: BaseException) -> str:
    """One line for a database that cannot be opened or written, with the likely cure."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    hint = "; the data dir and the database must be writable" if _refused(reason) else ""
    return f"cannot use database {path}: {reason}{hint}"


def _refused(reason: str) -> bool:
    return any(word in reason.lower() for word in ("readonly", "read-only", "permission", "unable to open"))


class Connection:
    """A sqlite-utils Database with a lock and nestable transactions."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(unusable(path, exc)) from exc
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self._depth = 0
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as exc:
            conn.close()
            raise StorageError(unusable(path, exc)) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """Run the block in one write transaction; nested blocks join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.db
                finally:
                    self._depth -= 1
                return
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.db
            except BaseException:
                self._depth = 0
                self.db.execute("ROLLBACK")
                raise
            self._depth = 0
            self.db.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        with self.lock:
            yield self.db

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()
