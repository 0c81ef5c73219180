"""Stored reports and their full-text index rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from bot.incidents.similarity import band_keys
from bot.models import Analysis, RawReport, Report, ReportId
from storage.database import Connection
from storage.rows import pack, report_from_row
from storage.search import bulk_index, index_row, index_values, unindex_row


@dataclass(frozen=True, slots=True)
class Stored:
    """The outcome of storing a report: its id, and whether it is new."""

    id: ReportId
    created: bool


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _content(
    raw: RawReport, analysis: Analysis, note: str | None, content_hash: str | None = None
) -> dict[str, object]:
    """The columns a report's content and analysis fill (shared by a new report and an edited one)."""
    return {
        "hash": content_hash or raw.content_hash,
        "url": raw.url,
        "title": raw.title or analysis.title,
        "text": pack(raw.text),
        "language": analysis.language,
        "summary": analysis.summary,
        "events": pack(json.dumps([e.to_json() for e in analysis.events], ensure_ascii=False)),
        "published": _iso(raw.published),
        "note": note,
    }


def _index(db: sqlite_utils.Database, report_id: ReportId, row: dict[str, object]) -> None:
    """The report's full-text row (storage/search.py): normalised, places and types in both languages."""
    index_row(db, report_id, str(row["title"]), row["text"], row["events"])  # type: ignore[arg-type]


class Reports:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self, raw: RawReport, analysis: Analysis, *, received: datetime | None = None, note: str | None = None
    ) -> Stored:
        """Store a report once: a report whose content hash is known returns the existing id.

        ``note`` says why the analysis is incomplete (its time budget ran out); ``None`` when it is whole.
        """
        received = received or datetime.now(UTC)
        with self._conn.transaction() as db:
            existing = self.id_for_hash(raw.content_hash)
            if existing is not None:
                return Stored(existing, created=False)
            row = {
                **_content(raw, analysis, note),
                "source": raw.source,
                "received": received.isoformat(),
                "origin": raw.origin,
            }
            cursor = db.execute(
                f"INSERT INTO reports ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
            )
            report_id = cursor.lastrowid
            assert report_id is not None
            _index(db, report_id, row)
            return Stored(report_id, created=True)

    def add_many(self, items: list[tuple[RawReport, Analysis, datetime]]) -> list[ReportId]:
        """Store many new reports in one transaction (bulk loads: benchmarks, imports); known hashes are skipped.

        Returns the new ids in the order given. No linking and no alerts: that is the pipeline's job.
        The same rows and index rows as ``add``, written as a bulk load: the new reports take the next ids
        (what SQLite would give them), go in with one prepared statement, and their index rows follow in
        id order, computed from the texts in hand (not unpacked again), under ``Connection.bulk``.
        """
        ids: list[ReportId] = []
        with self._conn.bulk(), self._conn.transaction() as db:
            hashes = [raw.content_hash for raw, _, _ in items]
            known = self._known(hashes)
            columns: list[str] = []
            rows: list[list[object]] = []
            index: list[tuple[int, str, str]] = []
            next_id = next(db.query("SELECT coalesce(max(id), 0) + 1 AS n FROM reports"))["n"]
            for (raw, analysis, received), content_hash in zip(items, hashes, strict=True):
                if content_hash in known:
                    continue
                known.add(content_hash)
                row = {
                    **_content(raw, analysis, None, content_hash),
                    "source": raw.source,
                    "received": received.isoformat(),
                }
                row["origin"] = raw.origin
                columns = columns or list(row)
                rows.append([next_id, *row.values()])
                index.append((next_id, *index_values(str(row["title"]), raw.text, analysis.events)))
                ids.append(next_id)
                next_id += 1
            if rows:
                db.conn.executemany(
                    f"INSERT INTO reports (id, {', '.join(columns)}) VALUES ({', '.join('?' * (len(columns) + 1))})",
                    rows,
                )
                with bulk_index(db):
                    db.conn.executemany("INSERT INTO reports_fts (rowid, body, tags) VALUES (?, ?, ?)", index)
        return ids

    def _known(self, hashes: list[str]) -> set[str]:
        """Which of these content hashes are stored already (looked up 500 at a time)."""
        known: set[str] = set()
        with self._conn.reading() as db:
            for start in range(0, len(hashes), 500):
                part = hashes[start : start + 500]
                rows = db.query(f"SELECT hash FROM reports WHERE hash IN ({','.join('?' * len(part))})", part)
                known.update(r["hash"] for r in rows)
        return known

    def replace(self, report_id: ReportId, raw: RawReport, analysis: Analysis, *, note: str | None = None) -> bool:
        """Rewrite a report its source has edited (a feed entry with new content), keeping its id.

        Returns False when the report is gone or the new content is already stored as another report.
        """
        with self._conn.transaction() as db:
            existing = self.id_for_hash(raw.content_hash)
            if existing is not None and existing != report_id:
                return False
            old = list(db.query("SELECT id, title, text, events FROM reports WHERE id = ?", [report_id]))
            if not old:
                return False
            row = _content(raw, analysis, note)
            assignments = ", ".join(f"{k} = COALESCE(?, {k})" if k == "published" else f"{k} = ?" for k in row)
            cursor = db.execute(f"UPDATE reports SET {assignments} WHERE id = ?", [*row.values(), report_id])
            if not cursor.rowcount:
                return False
            unindex_row(db, old[0])
            _index(db, report_id, row)
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
        with self._conn.snapshot() as db:
            rows = db.query(
                "SELECT * FROM reports WHERE duplicate_of IS NULL ORDER BY received DESC, id DESC LIMIT ? OFFSET ?",
                [limit, offset],
            )
            return [report_from_row(r) for r in rows]

    def count(self) -> int:
        with self._conn.reading() as db:
            return db["reports"].count

    def delete_older_than(self, cutoff: datetime) -> int:
        """Delete reports received before ``cutoff``, and their index rows (told what was indexed)."""
        with self._conn.transaction() as db:
            old = list(db.query("SELECT id, title, text, events FROM reports WHERE received < ?", [cutoff.isoformat()]))
            for row in old:
                unindex_row(db, row)
            # Their LSH band keys go too (report_bands has no index by report: the keys come from the signatures).
            signatures = db.query(
                "SELECT s.report_id, s.signature FROM report_signatures s JOIN reports r ON r.id = s.report_id"
                " WHERE r.received < ?",
                [cutoff.isoformat()],
            )
            db.conn.executemany(
                "DELETE FROM report_bands WHERE key = ? AND report_id = ?",
                [(key, s["report_id"]) for s in list(signatures) for key in band_keys(bytes(s["signature"]))],
            )
            cursor = db.execute("DELETE FROM reports WHERE received < ?", [cutoff.isoformat()])
            return cursor.rowcount
