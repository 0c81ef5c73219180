"""The connection: WAL mode, one lock, explicit transactions.

The bot and the CLI share one SQLite file. WAL lets ``marsad ingest`` write while
``marsad run`` reads; ``busy_timeout`` makes the two wait for each other instead
of failing. One re-entrant lock serialises this process's threads on the main connection;
queries that only read committed data (search, /latest) use a second, read-only
connection with its own lock, so they never wait behind an ingest's transaction.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from bot.errors import StorageError


def _import_sqlite_utils() -> ModuleType:
    """sqlite-utils, without the numpy it imports only to map numpy scalars to column types, nor its plugins.

    Marsad never hands it numpy values, and numpy costs most of a CLI command's start-up
    (``marsad latest`` must start in well under a second). When numpy is loaded already
    (analysis, MinHash), the plain import is used.
    """
    # sqlite-utils also looks for its plugins at import (every installed distribution's entry points: a
    # tenth of a second); Marsad uses none, and sqlite-utils skips the search under its test flag.
    flagged = hasattr(sys, "_called_from_test")
    sys._called_from_test = True  # type: ignore[attr-defined]
    try:
        if "numpy" in sys.modules:
            import sqlite_utils

            return sqlite_utils
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy now raises ImportError
        try:
            import sqlite_utils
        finally:
            del sys.modules["numpy"]
        return sqlite_utils
    finally:
        if not flagged:
            del sys._called_from_test  # type: ignore[attr-defined]


if TYPE_CHECKING:
    import sqlite_utils
else:
    sqlite_utils = _import_sqlite_utils()


def unusable(path: Path | str, exc: BaseException) -> str:
    """One line for a database that cannot be opened or written, with the likely cure."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    hint = "; the data dir and the database must be writable" if _refused(reason) else ""
    return f"cannot use database {path}: {reason}{hint}"


def _refused(reason: str) -> bool:
    return any(word in reason.lower() for word in ("readonly", "read-only", "permission", "unable to open"))


BULK_CACHE_MB = 256  # page cache while a bulk load runs (Connection.bulk); the usual one is 32 MB


def _cache_bytes(cache_size: int) -> int:
    """``PRAGMA cache_size`` in bytes: negative values are KiB, positive ones pages (of 4 KiB by default)."""
    return -cache_size * 1024 if cache_size < 0 else cache_size * 4096


class Connection:
    """A sqlite-utils Database with a lock and nestable transactions."""

    writable = True

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
        self._owner: int | None = None  # the thread inside the write transaction
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=30000")
            # 32 MB of page cache (the default is 2 MB): the outbox indexes an alert fan-out touches stay in memory.
            self.db.execute("PRAGMA cache_size=-32768")
        except sqlite3.Error as exc:
            conn.close()
            raise StorageError(unusable(path, exc)) from exc
        self._bulk = False
        self._reader: sqlite_utils.Database | None = None
        self._reader_lock = threading.Lock()

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
            self._depth, self._owner = 1, threading.get_ident()
            try:
                yield self.db
            except BaseException:
                self._depth, self._owner = 0, None
                self.db.execute("ROLLBACK")
                raise
            self._depth, self._owner = 0, None
            self.db.execute("COMMIT")

    @contextmanager
    def bulk(self, cache_mb: int = BULK_CACHE_MB) -> Iterator[None]:
        """A bulk load's page cache for its own duration, then the usual one again.

        A load of thousands of rows touches the same index pages again and again (the hash index, the
        search index, the outbox's): with them all in memory it writes each page once per transaction
        instead of reading it back from disk for every row. A bigger ``cache_size`` already set is kept.
        """
        with self.lock:
            previous = next(self.db.query("PRAGMA cache_size"))["cache_size"]
            wanted = -cache_mb * 1024
            if self._bulk or _cache_bytes(previous) >= _cache_bytes(wanted):
                yield
                return
            self._bulk = True
            self.db.execute(f"PRAGMA cache_size={wanted}")
            try:
                yield
            finally:
                self._bulk = False
                self.db.execute(f"PRAGMA cache_size={int(previous)}")

    @contextmanager
    def reading(self) -> Iterator[sqlite_utils.Database]:
        with self.lock:
            yield self.db

    def writing_here(self) -> bool:
        """Whether this thread is inside a write transaction (whose rows a snapshot would not see)."""
        return self._owner == threading.get_ident()

    @contextmanager
    def snapshot(self) -> Iterator[sqlite_utils.Database]:
        """A read-only connection that sees committed data and never waits for this process's writer.

        Not for reads inside a write transaction (they would not see its rows): use ``reading`` there.
        """
        if str(self.path) == ":memory:":
            with self.reading() as db:
                yield db
            return
        with self._reader_lock:
            if self._reader is None:
                conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
                conn.execute("PRAGMA busy_timeout=30000")
                conn.execute("PRAGMA query_only=1")
                self._reader = sqlite_utils.Database(conn)
            yield self._reader

    def close(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.conn.close()
                self._reader = None
        with self.lock:
            self.db.conn.close()


class ReadOnlyConnection(Connection):
    """A second connection to a migrated database that can only read (``query_only``).

    Each reader thread of ``storage.front.AsyncStore`` holds one: its reads see committed data and
    never wait for this process's writer. A write through it raises StorageError.
    """

    writable = False

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA query_only=1")
        except sqlite3.Error as exc:
            raise StorageError(unusable(path, exc)) from exc
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self._depth = 0
        self._owner = None
        self._reader = None
        self._reader_lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        raise StorageError(f"{self.path}: a write through a read-only connection")
        yield self.db  # pragma: no cover  (a generator, for contextmanager)

    @contextmanager
    def snapshot(self) -> Iterator[sqlite_utils.Database]:
        with self.lock:
            yield self.db
