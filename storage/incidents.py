"""Incidents and report signatures: rows for bot/incidents' decisions, and the outbox rows they cause.

A stored report gets its signature row, its ``incident`` and maybe its
``duplicate_of`` in the same transaction as the report itself (see bot/pipeline.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.incidents.linking import (
    DUPLICATE_WINDOW,
    INCIDENT_WINDOW,
    RELATED_TYPES,
    Candidate,
    IncidentState,
    Link,
    place_key,
)
from bot.incidents.severity import lead_event
from bot.incidents.similarity import band_keys
from bot.models import ChatKey, Event, MergedIncident, Place, ReportId
from bot.places.containment import region
from storage.database import Connection
from storage.outbox import DeliveryState, Outbox
from storage.rows import unpack

_COUNTS = ("killed", "injured", "killed_children", "killed_women")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _place_json(place: Place) -> str:
    return json.dumps(place.to_json() | {"level": place.level}, ensure_ascii=False)


def incident_from_row(row: dict[str, Any]) -> IncidentState:
    return IncidentState(
        id=row["id"],
        type=row["type"],
        place=row["place_key"],
        first_at=datetime.fromisoformat(row["first_at"]),
        killed=row["killed"],
        injured=row["injured"],
        killed_children=row["killed_children"],
        killed_women=row["killed_women"],
        location=Place.from_json(json.loads(row["place"])) if row["place"] else None,
        severity=row["severity"],
        lead_report=row["lead_report"],
    )


def _lead(events: str | bytes | None) -> Event | None:
    """The lead event of a report's stored events column."""
    return lead_event(Event.from_json(e) for e in json.loads(unpack(events) or "[]"))


def _event(stored: str) -> Event | None:
    value = json.loads(stored)
    return Event.from_json(value) if value else None


def _candidate(r: dict[str, Any]) -> Candidate:
    return Candidate(
        report_id=r["report_id"],
        at=datetime.fromisoformat(r["at"]),
        signature=bytes(r["signature"]),
        # NULL: the report's own lead event (not stored twice); else the event given to record()
        event=_event(r["event"]) if r["event"] else _lead(r["events"]),
        incident=r["incident"],
        duplicate_of=r["duplicate_of"],
    )


class Incidents:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._outbox = Outbox(conn)  # toll updates are outbox rows

    def candidates(self, since: datetime, until: datetime) -> list[Candidate]:
        """Reports received with an event time in [since, until], for the duplicate test."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT s.report_id, s.at, s.signature, s.event, r.events, r.incident, r.duplicate_of"
                " FROM report_signatures s JOIN reports r ON r.id = s.report_id"
                " WHERE s.at BETWEEN ? AND ? ORDER BY s.report_id",
                [_utc(since), _utc(until)],
            )
            return [_candidate(r) for r in rows]

    def similar(self, sig: bytes, since: datetime, until: datetime) -> list[Candidate]:
        """Reports with an event time in [since, until] that share an LSH band with ``sig``: the only
        ones that can be near-duplicates of it (``candidates`` without the rest of the window)."""
        keys = band_keys(sig)
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT s.report_id, s.at, s.signature, s.event, r.events, r.incident, r.duplicate_of"
                " FROM report_signatures s JOIN reports r ON r.id = s.report_id"
                " WHERE s.report_id IN"
                f" (SELECT report_id FROM report_bands WHERE key IN ({','.join('?' * len(keys))}))"
                " AND s.at BETWEEN ? AND ? ORDER BY s.report_id",
                [*keys, _utc(since), _utc(until)],
            )
            return [_candidate(r) for r in rows]

    def near(self, event: Event | None, since: datetime, until: datetime) -> list[IncidentState]:
        """The incidents first seen in [since, until] that ``event`` could belong to: of its type or a
        related one, in its governorate (or, without one, at its place). Looked up, not scanned."""
        if event is None or event.location is None:
            return []
        types = sorted({event.type}.union(*(g for g in RELATED_TYPES if event.type in g)))
        area = region(event.location)
        with self._conn.reading() as db:
            if area is not None:
                rows = db.query(
                    f"SELECT * FROM incidents WHERE region = ? AND type IN ({','.join('?' * len(types))})"
                    " AND first_at BETWEEN ? AND ? ORDER BY id",
                    [area, *types, _utc(since), _utc(until)],
                )
            else:
                rows = db.query(
                    "SELECT * FROM incidents WHERE place_key = ? AND first_at BETWEEN ? AND ? ORDER BY id",
                    [place_key(event.location), _utc(since), _utc(until)],
                )
            return [incident_from_row(r) for r in rows]

    def link_inputs(self, sig: bytes, event: Event | None, at: datetime) -> tuple[list[Candidate], list[IncidentState]]:
        """What ``bot.incidents.link`` needs for a new report, looked up rather than loaded whole:
        reports sharing an LSH band with it, incidents of its type (or a related one) in its
        governorate, and the incidents of those reports, each once."""
        candidates = self.similar(sig, at - DUPLICATE_WINDOW, at + DUPLICATE_WINDOW)
        incidents = self.near(event, at - INCIDENT_WINDOW, at + INCIDENT_WINDOW)
        known = {i.id for i in incidents}
        linked = sorted({c.incident for c in candidates if c.incident is not None} - known)
        return candidates, incidents + list(self.many(linked).values())

    def recent(self, since: datetime, until: datetime) -> list[IncidentState]:
        """Incidents first seen in [since, until]."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT * FROM incidents WHERE first_at BETWEEN ? AND ? ORDER BY id", [_utc(since), _utc(until)]
            )
            return [incident_from_row(r) for r in rows]

    def get(self, incident_id: int) -> IncidentState | None:
        with self._conn.reading() as db:
            rows = list(db.query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
        return incident_from_row(rows[0]) if rows else None

    def many(self, incident_ids: list[int]) -> dict[int, IncidentState]:
        if not incident_ids:
            return {}
        with self._conn.reading() as db:
            rows = db.query(
                f"SELECT * FROM incidents WHERE id IN ({','.join('?' * len(incident_ids))})", list(incident_ids)
            )
            return {r["id"]: incident_from_row(r) for r in rows}

    def record(
        self,
        report_id: ReportId,
        link: Link,
        event: Event | None,
        at: datetime,
        signature: bytes,
        merged: MergedIncident | None,
    ) -> IncidentState:
        """Store where a new report belongs: a new incident or the linked one, with ``merged``'s values
        (bot.incidents.merge decides them; call in the same transaction that read the incident)."""
        with self._conn.transaction() as db:
            if link.incident is None:
                assert merged is not None and merged.incident is None
                location = merged.location
                cursor = db.execute(
                    "INSERT INTO incidents (type, place_key, place, first_at, last_at, killed, injured,"
                    " killed_children, killed_women, severity, lead_report, region)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        merged.type,
                        merged.place,
                        _place_json(location) if location else None,
                        _utc(at),
                        _utc(at),
                        *(getattr(merged, k) for k in _COUNTS),
                        merged.severity,
                        report_id,
                        merged.region,
                    ],
                )
                incident_id = cursor.lastrowid
                assert incident_id is not None
            else:
                incident_id = link.incident
                if merged is not None:
                    assert merged.incident == incident_id
                    db.execute(
                        "UPDATE incidents SET killed = ?, injured = ?, killed_children = ?, killed_women = ?,"
                        " severity = ?, first_at = min(first_at, ?), last_at = max(last_at, ?) WHERE id = ?",
                        [*(getattr(merged, k) for k in _COUNTS), merged.severity, _utc(at), _utc(at), incident_id],
                    )
                    if merged.relocated and merged.location is not None:
                        db.execute(
                            "UPDATE incidents SET place_key = ?, place = ?, region = ? WHERE id = ?",
                            [merged.place, _place_json(merged.location), merged.region, incident_id],
                        )
            db.execute(
                "UPDATE reports SET incident = ?, duplicate_of = ? WHERE id = ?",
                [incident_id, link.duplicate_of, report_id],
            )
            stored = list(db.query("SELECT events FROM reports WHERE id = ?", [report_id]))
            own = event == (_lead(stored[0]["events"]) if stored else None)  # the usual case: not stored twice
            # A report recorded again (an inbox file taken before it was complete): its old keys go first.
            previous = list(db.query("SELECT signature FROM report_signatures WHERE report_id = ?", [report_id]))
            if previous and bytes(previous[0]["signature"]) != signature:
                db.conn.executemany(
                    "DELETE FROM report_bands WHERE key = ? AND report_id = ?",
                    [(key, report_id) for key in band_keys(bytes(previous[0]["signature"]))],
                )
            db.execute(
                "INSERT OR REPLACE INTO report_signatures (report_id, at, signature, event) VALUES (?, ?, ?, ?)",
                [
                    report_id,
                    _utc(at),
                    signature,
                    None if own else json.dumps(event.to_json() if event else None, ensure_ascii=False),
                ],
            )
            db.conn.executemany(
                "INSERT OR IGNORE INTO report_bands (key, report_id) VALUES (?, ?)",
                [(key, report_id) for key in band_keys(signature)],
            )
        state = self.get(incident_id)
        assert state is not None
        return state

    def also_reported_by(self, report_id: ReportId) -> list[str]:
        """The other sources that reported this report's incident (copies and other reports), in order."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT other.id, other.source FROM reports me JOIN reports other ON other.duplicate_of = me.id"
                " WHERE me.id = ? AND other.source != me.source UNION"
                " SELECT other.id, other.source FROM reports me JOIN reports other ON other.incident = me.incident"
                " WHERE me.id = ? AND other.id != me.id AND other.source != me.source ORDER BY 1",
                [report_id, report_id],
            )
            return list(dict.fromkeys(r["source"] for r in rows))

    def alerted(self, incident_id: int) -> dict[ChatKey, int]:
        """The chats that have (or will get) an alert for this incident: chat -> that alert's delivery id
        (0: the alert is still in a recorded fan-out, storage/fanout.py)."""
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT d.chat, min(d.id) AS id FROM reports r JOIN deliveries d ON d.report_id = r.id"
                f" WHERE r.incident = ? AND d.kind = 'alert' AND d.state != '{DeliveryState.FAILED.value}'"
                " GROUP BY d.chat",
                [incident_id],
            )
            alerted = {r["chat"]: r["id"] for r in rows}
            # Chats whose alert is still in a recorded fan-out (storage/fanout.py): alerted, no row yet (0).
            recorded = db.query(
                "SELECT f.chats FROM reports r JOIN fanout f ON f.report_id = r.id AND f.kind = 'alert'"
                " WHERE r.incident = ?",
                [incident_id],
            )
            for row in recorded:
                for chat in json.loads(row["chats"]):
                    alerted.setdefault(chat, 0)
            return alerted

    def queue_updates(self, alerted: dict[ChatKey, int], report_id: ReportId, incident_id: int) -> int:
        """``queue_update`` for every alerted chat (chat -> its alert's id) in one transaction; how many are new."""
        return self._outbox.queue_updates(alerted, report_id, incident_id)

    def queue_update(self, chat: ChatKey, report_id: ReportId, incident_id: int, original: int) -> int | None:
        """Queue one toll update for a chat; an update still waiting for this incident is reused, not doubled."""
        return self._outbox.queue_update(chat, report_id, incident_id, original)

    def stamp(self) -> tuple:
        """Changes whenever an incident is added or updated: maps are cached on it."""
        with self._conn.reading() as db:
            row = next(
                db.query(
                    "SELECT count(*) AS n, max(id) AS top, max(last_at) AS last, total(killed) AS killed,"
                    " max(severity) AS s FROM incidents"
                )
            )
        return (row["n"], row["top"], row["last"], row["killed"], row["s"])

    def source_count(self, incident_ids: list[int]) -> int:
        """How many distinct sources reported these incidents (their reports and copies)."""
        if not incident_ids:
            return 0
        sources: set[str] = set()
        with self._conn.reading() as db:
            for start in range(0, len(incident_ids), 500):
                chunk = incident_ids[start : start + 500]
                rows = db.query(
                    f"SELECT DISTINCT source FROM reports WHERE incident IN ({','.join('?' * len(chunk))})", chunk
                )
                sources.update(r["source"] for r in rows)
        return len(sources)

    def map_rows(self, since: datetime, until: datetime) -> list[tuple[int, str, int, float | None, float | None, str]]:
        """(id, type, killed, lat, lon, governorate) of the typed incidents first seen in [since, until]:
        what a map draws, read in SQL (json_extract) rather than by parsing each incident's place."""
        with self._conn.reading() as db:
            rows = db.execute(
                "SELECT id, type, coalesce(killed, 0), json_extract(place, '$.lat'), json_extract(place, '$.lon'),"
                " coalesce(json_extract(place, '$.governorate'), '') FROM incidents"
                " WHERE first_at BETWEEN ? AND ? AND type IS NOT NULL AND place IS NOT NULL ORDER BY id",
                [_utc(since), _utc(until)],
            ).fetchall()
        return [tuple(r) for r in rows]
