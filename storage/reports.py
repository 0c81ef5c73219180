"""Stored reports and their full-text index rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.analysis.normalize import normalize
from bot.models import Analysis, RawReport, Report, ReportId
from storage.database import Connection
from storage.rows import report_from_row


@dataclass(frozen=True, slots=True)
class Stored:
    """The outcome of storing a report: its id, and whether it is new."""

    id: ReportId
    created: bool


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class Reports:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, raw: RawReport, analysis: Analysis, *, received: datetime | None = None) -> Stored:
        """Store a report once: a report whose content hash is known returns the existing id."""
        received = received or datetime.now(UTC)
        with self._conn.transaction() as db:
            existing = self.id_for_hash(raw.content_hash)
            if existing is not None:
                return Stored(existing, created=False)
            title = raw.title or analysis.title
            cursor = db.execute(
                "INSERT INTO reports (hash, source, url, title, text, language, summary, events, published,"
                " received, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    raw.content_hash,
                    raw.source,
                    raw.url,
                    title,
                    raw.text,
                    analysis.language,
                    analysis.summary,
                    json.dumps([e.to_json() for e in analysis.events], ensure_ascii=False),
                    _iso(raw.published),
                    received.isoformat(),
                    raw.origin,
                ],
            )
            report_id = cursor.lastrowid
            assert report_id is not None
            db.execute(
                "INSERT INTO reports_fts (rowid, title, text, summary) VALUES (?, ?, ?, ?)",
                [report_id, normalize(title), normalize(raw.text), normalize(analysis.summary)],
            )
            return Stored(report_id, created=True)

    def replace(self, report_id: ReportId, raw: RawReport, analysis: Analysis) -> bool:
        """Rewrite a report its source has edited (a feed entry with new content), keeping its id.

        Returns False when the report is gone or the new content is already stored as another report.
        """
        with self._conn.transaction() as db:
            existing = self.id_for_hash(raw.content_hash)
            if existing is not None and existing != report_id:
                return False
            title = raw.title or analysis.title
            cursor = db.execute(
                "UPDATE reports SET hash = ?, url = ?, title = ?, text = ?, language = ?, summary = ?, events = ?,"
                " published = COALESCE(?, published) WHERE id = ?",
                [
                    raw.content_hash,
                    raw.url,
                    title,
                    raw.text,
                    analysis.language,
                    analysis.summary,
                    json.dumps([e.to_json() for e in analysis.events], ensure_ascii=False),
                    _iso(raw.published),
                    report_id,
                ],
            )
            if not cursor.rowcount:
                return False
            db.execute("DELETE FROM reports_fts WHERE rowid = ?", [report_id])
            db.execute(
                "INSERT INTO reports_fts (rowid, title, text, summary) VALUES (?, ?, ?, ?)",
                [report_id, normalize(title), normalize(raw.text), normalize(analysis.summary)],
            )
            return True

    def id_for_hash(self, content_hash: str) -> ReportId | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT id FROM reports WHERE hash = ?", [content_hash]))
        return rows[0]["id"] if rows else None

    def get(self, report_id: ReportId) -> Report | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT * FROM reports WHERE id = ?", [report_id]))
        return report_from_row(rows[0]) if rows else None

    def latest(self, limit: int = 5, offset: int = 0) -> list[Report]:
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT * FROM reports WHERE duplicate_of IS NULL ORDER BY received DESC, id DESC LIMIT ? OFFSET ?",
                [limit, offset],
            )
            return [report_from_row(r) for r in rows]

    def count(self) -> int:
        with self._conn.reading() as db:
            return db["reports"].count

    def delete_older_than(self, cutoff: datetime) -> int:
        """Delete reports received before ``cutoff``; the index follows through a trigger."""
        with self._conn.transaction() as db:
            cursor = db.execute("DELETE FROM reports WHERE received < ?", [cutoff.isoformat()])
            return cursor.rowcount
