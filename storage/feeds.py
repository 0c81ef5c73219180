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

__all__ = ["Feed", "FeedStore", "SeenEntry", "create_feed_tables"]


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def create_feed_tables(db: sqlite_utils.Database) -> None:
    """The migration: create both tables and their indexes."""
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "interval": int,
            "etag": str,
            "last_modified": str,
            "redirect_url": str,
            "last_success": str,
            "last_error": str,
            "last_error_at": str,
            "next_poll": str,
            "failures": int,
            "active": int,
            "primed": int,
            "added_by": str,
            "added": str,
        },
        pk="id",
        not_null={"url", "failures", "active", "primed", "added"},
        defaults={"failures": 0, "active": 1, "primed": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    db["feeds"].create_index(["active", "next_poll"])
    db["feed_entries"].create(
        {"feed_id": int, "entry_id": str, "content_hash": str, "report_id": int, "seen": str},
        pk=("feed_id", "entry_id"),
        not_null={"feed_id", "entry_id", "content_hash", "seen"},
        foreign_keys=[("feed_id", "feeds", "id")],
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
            last_success=_dt(row["last_success"]),
            last_error=row["last_error"],
            last_error_at=_dt(row["last_error_at"]),
            next_poll=_dt(row["next_poll"]),
            failures=row["failures"],
            active=bool(row["active"]),
            primed=bool(row["primed"]),
            added_by=row["added_by"],
            added=_dt(row["added"]) or _now(),
        )


@dataclass(frozen=True, slots=True)
class SeenEntry:
    entry_id: str
    content_hash: str
    report_id: int | None


class FeedStore:
    """Feed rows over one ``sqlite_utils.Database``; synchronous, like the rest of storage."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # -- feeds -------------------------------------------------------------------------------
    def get(self, url: str) -> Feed | None:
        rows = list(self.db["feeds"].rows_where("url = ?", [url], limit=1))
        return Feed.from_row(rows[0]) if rows else None

    def get_by_id(self, feed_id: int) -> Feed | None:
        rows = list(self.db["feeds"].rows_where("id = ?", [feed_id], limit=1))
        return Feed.from_row(rows[0]) if rows else None

    def list(self, *, active_only: bool = False) -> list[Feed]:
        where = "active = 1" if active_only else None
        return [Feed.from_row(r) for r in self.db["feeds"].rows_where(where, order_by="id")]

    def due(self, now: datetime) -> list[Feed]:
        """Active feeds whose next poll is at or before ``now`` (never-polled feeds first)."""
        rows = self.db["feeds"].rows_where(
            "active = 1 and (next_poll is null or next_poll <= ?)", [_iso(now)], order_by="next_poll, id"
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
        with self.db.conn:
            existing = self.get(url)
            if existing is None:
                self.db["feeds"].insert(
                    {
                        "url": url,
                        "title": title,
                        "interval": interval,
                        "added_by": added_by,
                        "added": _iso(_now()),
                        "next_poll": _iso(next_poll),
                        "failures": 0,
                        "active": 1,
                        "primed": 0,
                    }
                )
            else:
                changes: dict[str, Any] = {"active": 1, "failures": 0, "next_poll": _iso(next_poll)}
                if interval is not None:
                    changes["interval"] = interval
                if title and not existing.title:
                    changes["title"] = title
                self.db["feeds"].update(existing.id, changes)
        feed = self.get(url)
        assert feed is not None
        return feed

    def remove(self, url: str) -> bool:
        """Delete a feed and its entry memory; ``False`` when it was not there."""
        feed = self.get(url)
        if feed is None:
            return False
        with self.db.conn:
            self.db.execute("delete from feed_entries where feed_id = ?", [feed.id])
            self.db.execute("delete from feeds where id = ?", [feed.id])
        return True

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
        changes: dict[str, Any] = {
            "last_success": _iso(at),
            "next_poll": _iso(next_poll),
            "failures": 0,
            "etag": etag,
            "last_modified": last_modified,
        }
        if title:
            changes["title"] = title
        if redirect_url:
            changes["redirect_url"] = redirect_url
        self.db["feeds"].update(feed_id, changes)

    def record_failure(
        self, feed_id: int, *, at: datetime, error: str, failures: int, next_poll: datetime, active: bool
    ) -> None:
        self.db["feeds"].update(
            feed_id,
            {
                "last_error": error[:500],
                "last_error_at": _iso(at),
                "failures": failures,
                "next_poll": _iso(next_poll),
                "active": int(active),
            },
        )

    # -- entries -------------------------------------------------------------------------------
    def seen(self, feed_id: int, entry_ids: Iterable[str]) -> dict[str, SeenEntry]:
        """What we remember of these entries, by entry id."""
        ids = list(entry_ids)
        found: dict[str, SeenEntry] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"select entry_id, content_hash, report_id from feed_entries "
                f"where feed_id = ? and entry_id in ({marks})",
                [feed_id, *chunk],
            ):
                found[row["entry_id"]] = SeenEntry(row["entry_id"], row["content_hash"], row["report_id"])
        return found

    _UPSERT_ENTRY = (
        "insert into feed_entries (feed_id, entry_id, content_hash, report_id, seen) values (?, ?, ?, ?, ?) "
        "on conflict (feed_id, entry_id) do update set content_hash = excluded.content_hash, "
        "report_id = excluded.report_id, seen = excluded.seen"
    )

    def mark_seen(self, feed_id: int, entries: Iterable[tuple[str, str]], *, primed: bool = True) -> None:
        """Remember entries without a report (a new feed's back catalogue), in one transaction."""
        now = _iso(_now())
        with self.db.conn:
            self.db.conn.executemany(self._UPSERT_ENTRY, [(feed_id, eid, h, None, now) for eid, h in entries])
            if primed:
                self.db.conn.execute("update feeds set primed = 1 where id = ?", [feed_id])

    def record_entry(self, feed_id: int, entry_id: str, content_hash: str, report_id: int | None) -> None:
        """Remember one entry and the report it became (or now is, after an edit).

        (Plain SQL: sqlite-utils 3's ``upsert`` silently skips rows on tables with NOT NULL columns.)
        """
        with self.db.conn:
            self.db.conn.execute(
                self._UPSERT_ENTRY, (feed_id, entry_id, content_hash, report_id, _iso(_now()))
            )

    def entry_count(self, feed_id: int) -> int:
        return self.db.execute("select count(*) from feed_entries where feed_id = ?", [feed_id]).fetchone()[0]
