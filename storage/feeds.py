"""The ``feeds`` and ``feed_entries`` tables: which feeds we watch and what we saw.

``feeds`` keeps everything a restart needs to poll politely: the validators
(ETag, Last-Modified), a remembered permanent redirect, the failure run and
the next poll time. ``feed_entries`` remembers each entry's id and content
hash, and the report it became, so an entry is stored once and an edited
entry updates its report instead of alerting twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from storage.database import Connection
from storage.rows import parse_time

__all__ = ["Feed", "Feeds", "SeenEntry", "create_feed_tables"]


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def create_feed_tables(db: sqlite_utils.Database) -> None:
    """The migration body: both tables and their indexes (plain SQL, inside the migration's transaction)."""
    db.execute(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            interval INTEGER,
            etag TEXT,
            last_modified TEXT,
            redirect_url TEXT,
            last_success TEXT,
            last_error TEXT,
            last_error_at TEXT,
            next_poll TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            primed INTEGER NOT NULL DEFAULT 0,
            added_by TEXT,
            added TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX feeds_due ON feeds(active, next_poll)")
    db.execute(
        """
        CREATE TABLE feed_entries (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            entry_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            report_id INTEGER REFERENCES reports(id) ON DELETE SET NULL,
            seen TEXT NOT NULL,
            PRIMARY KEY (feed_id, entry_id)
        )
        """
    )


@dataclass(frozen=True, slots=True)
class Feed:
    """One watched feed. ``fetch_url`` is where to poll (a remembered 301 wins)."""

    id: int
    url: str
    title: str | None
    interval: int | None
    etag: str | None
    last_modified: str | None
    redirect_url: str | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    next_poll: datetime | None
    failures: int
    active: bool
    primed: bool
    added_by: str | None
    added: datetime

    @property
    def fetch_url(self) -> str:
        return self.redirect_url or self.url

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Feed:
        return cls(
            id=row["id"],
            url=row["url"],
            title=row["title"],
            interval=row["interval"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            redirect_url=row["redirect_url"],
            last_success=parse_time(row["last_success"]),
            last_error=row["last_error"],
            last_error_at=parse_time(row["last_error_at"]),
            next_poll=parse_time(row["next_poll"]),
            failures=row["failures"],
            active=bool(row["active"]),
            primed=bool(row["primed"]),
            added_by=row["added_by"],
            added=parse_time(row["added"]) or _now(),
        )


@dataclass(frozen=True, slots=True)
class SeenEntry:
    entry_id: str
    content_hash: str
    report_id: int | None


class Feeds:
    """Feed rows and entry memory; synchronous, like the rest of storage."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- feeds -------------------------------------------------------------------------------
    def _one(self, where: str, params: list[Any]) -> Feed | None:
        with self._conn.reading() as db:
            rows = list(db.query(f"SELECT * FROM feeds WHERE {where} LIMIT 1", params))
        return Feed.from_row(rows[0]) if rows else None

    def get(self, url: str) -> Feed | None:
        return self._one("url = ?", [url])

    def list(self, *, active_only: bool = False) -> list[Feed]:
        where = "WHERE active = 1" if active_only else ""
        with self._conn.reading() as db:
            return [Feed.from_row(r) for r in db.query(f"SELECT * FROM feeds {where} ORDER BY id")]

    def due(self, now: datetime) -> list[Feed]:
        """Active feeds whose next poll is at or before ``now`` (never-polled feeds first)."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT * FROM feeds WHERE active = 1 AND (next_poll IS NULL OR next_poll <= ?) ORDER BY next_poll, id",
                [_iso(now)],
            )
            return [Feed.from_row(r) for r in rows]

    def add(
        self,
        url: str,
        *,
        title: str | None = None,
        interval: int | None = None,
        added_by: str | None = None,
        next_poll: datetime | None = None,
    ) -> Feed:
        """Insert a feed, or switch an existing one back on (failures cleared, interval updated)."""
        with self._conn.transaction() as db:
            existing = self.get(url)
            if existing is None:
                db.execute(
                    "INSERT INTO feeds (url, title, interval, added_by, added, next_poll, failures, active, primed)"
                    " VALUES (?, ?, ?, ?, ?, ?, 0, 1, 0)",
                    [url, title, interval, added_by, _iso(_now()), _iso(next_poll)],
                )
            else:
                db.execute(
                    "UPDATE feeds SET active = 1, failures = 0, next_poll = ?,"
                    " interval = COALESCE(?, interval), title = COALESCE(title, ?) WHERE id = ?",
                    [_iso(next_poll), interval, title, existing.id],
                )
            feed = self.get(url)
        assert feed is not None
        return feed

    def remove(self, url: str) -> bool:
        """Delete a feed and its entry memory; ``False`` when it was not there."""
        with self._conn.transaction() as db:
            feed = self.get(url)
            if feed is None:
                return False
            db.execute("DELETE FROM feed_entries WHERE feed_id = ?", [feed.id])
            db.execute("DELETE FROM feeds WHERE id = ?", [feed.id])
        return True

    def update(self, feed_id: int, **changes: Any) -> None:
        """Set columns directly (tests and repairs); values are stored as given."""
        if not changes:
            return
        columns = ", ".join(f"{name} = ?" for name in changes)
        values = [_iso(v) if isinstance(v, datetime) else v for v in changes.values()]
        with self._conn.transaction() as db:
            db.execute(f"UPDATE feeds SET {columns} WHERE id = ?", [*values, feed_id])

    def record_success(
        self,
        feed_id: int,
        *,
        at: datetime,
        next_poll: datetime,
        etag: str | None,
        last_modified: str | None,
        title: str | None = None,
        redirect_url: str | None = None,
    ) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE feeds SET last_success = ?, next_poll = ?, failures = 0, etag = ?, last_modified = ?,"
                " title = COALESCE(?, title), redirect_url = COALESCE(?, redirect_url) WHERE id = ?",
                [_iso(at), _iso(next_poll), etag, last_modified, title, redirect_url, feed_id],
            )

    def record_failure(
        self, feed_id: int, *, at: datetime, error: str, failures: int, next_poll: datetime, active: bool
    ) -> None:
        with self._conn.transaction() as db:
            db.execute(
                "UPDATE feeds SET last_error = ?, last_error_at = ?, failures = ?, next_poll = ?, active = ?"
                " WHERE id = ?",
                [error[:500], _iso(at), failures, _iso(next_poll), int(active), feed_id],
            )

    # -- entries -------------------------------------------------------------------------------
    _UPSERT_ENTRY = (
        "INSERT INTO feed_entries (feed_id, entry_id, content_hash, report_id, seen) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (feed_id, entry_id) DO UPDATE SET content_hash = excluded.content_hash,"
        " report_id = excluded.report_id, seen = excluded.seen"
    )

    def seen(self, feed_id: int, entry_ids: Iterable[str]) -> dict[str, SeenEntry]:
        """What we remember of these entries, by entry id."""
        ids = list(entry_ids)
        found: dict[str, SeenEntry] = {}
        with self._conn.reading() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in db.query(
                    "SELECT entry_id, content_hash, report_id FROM feed_entries"
                    f" WHERE feed_id = ? AND entry_id IN ({marks})",
                    [feed_id, *chunk],
                ):
                    found[row["entry_id"]] = SeenEntry(row["entry_id"], row["content_hash"], row["report_id"])
        return found

    def mark_seen(self, feed_id: int, entries: Iterable[tuple[str, str]], *, primed: bool = True) -> None:
        """Remember entries without a report (a new feed's back catalogue), in one transaction."""
        now = _iso(_now())
        with self._conn.transaction() as db:
            db.conn.executemany(self._UPSERT_ENTRY, [(feed_id, eid, h, None, now) for eid, h in entries])
            if primed:
                db.execute("UPDATE feeds SET primed = 1 WHERE id = ?", [feed_id])

    def record_entry(self, feed_id: int, entry_id: str, content_hash: str, report_id: int | None) -> None:
        """Remember one entry and the report it became (or now is, after an edit)."""
        with self._conn.transaction() as db:
            db.execute(self._UPSERT_ENTRY, [feed_id, entry_id, content_hash, report_id, _iso(_now())])

    def entry_count(self, feed_id: int) -> int:
        with self._conn.reading() as db:
            return db.execute("SELECT COUNT(*) FROM feed_entries WHERE feed_id = ?", [feed_id]).fetchone()[0]
