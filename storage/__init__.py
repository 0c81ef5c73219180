"""Storage: one ``Store`` over one SQLite file, synchronous like sqlite-utils.

store = Store.open(path)
store.reports.add(raw, analysis)
store.search("ادلب")
store.subscriptions.add("tg:42", types=("airstrike",))
store.outbox.claim_due()

Async code uses the Store through its one async front, ``storage.front.AsyncStore``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import StorageError
from storage.chats import Chats
from storage.database import Connection, unusable
from storage.digests import DigestSchedule
from storage.fanout import Fanout
from storage.feeds import Feeds
from storage.incidents import Incidents
from storage.marks import Marks
from storage.migrations import migrate, schema_version
from storage.notices import Notices
from storage.outbox import Outbox
from storage.queries import Queries
from storage.reports import Reports, Stored
from storage.search import Search
from storage.subscriptions import Subscriptions

if TYPE_CHECKING:
    from storage.front import AsyncStore

__all__ = ["Store", "Stored"]


class Store:
    """The one surface over the database: open it, then use its parts."""

    def __init__(self, conn: Connection, *, default_language: str = "ar") -> None:
        self.conn = conn
        self.reports = Reports(conn)
        self.search = Search(conn)
        self.chats = Chats(conn, default_language=default_language)
        self.subscriptions = Subscriptions(conn)
        self.outbox = Outbox(conn)
        self.queries = Queries(conn)
        self.incidents = Incidents(conn)
        self.digests = DigestSchedule(conn)
        self.marks = Marks(conn)
        self.notices = Notices(conn)
        self.feeds = Feeds(conn)
        self.fanout = Fanout(conn, self.outbox, self.incidents)
        self.outbox.expander = self.fanout.expand  # the sender turns recorded fan-outs into rows as it claims
        self.front: AsyncStore | None = None  # its async front, once async code asked for it (storage/front.py)

    @classmethod
    def open(cls, path: Path | str, *, default_language: str = "ar") -> Store:
        """Open (creating if needed) the database and bring its schema up to date."""
        conn = Connection(path)
        try:
            migrate(conn.db)
        except sqlite3.Error as exc:  # a read-only data dir or file, a full disk: one line, not a traceback
            conn.close()
            raise StorageError(unusable(path, exc)) from exc
        return cls(conn, default_language=default_language)

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn.db)

    def transaction(self):
        return self.conn.transaction()

    def close(self) -> None:
        if self.front is not None:  # its queued calls finish first
            self.front.shutdown()
            self.front = None
        self.queries.flush()  # saved queries still in memory (storage/queries.py)
        self.conn.close()
