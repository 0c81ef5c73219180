"""Arabic-aware, cross-language full-text search over a contentless FTS5 index.

The index (``reports_fts``, migration m007) keeps no copy of the text: only which
report holds which normalised token (``content=''``, ``detail=none``), with the
report's id as rowid. Ids grow with time, so ``ORDER BY rowid DESC LIMIT`` on the
index walks it newest-first and stops at the page: a query costs what its page
costs, not what all its matches cost. Counts stop at ``COUNT_CAP`` ("more than 1,000"), and
walk ids only: copies are told apart by an index of their own (m014), so no report is read.

Each report is indexed as two columns: ``body`` (title and text, normalised so that
إدلب finds ادلب) and ``tags``: its events' places (English and Arabic names, the
governorate in both languages) and event types (key, Arabic and English label). A
query searches both, so ``Idlib`` finds Arabic reports placed in Idlib and
``معرة النعمان`` English ones about Maarat al-Numan.

A contentless table forgets what it indexed, so deleting a report's row means
telling the index the same values again: :func:`index_values` derives them from the
stored row alone, and :meth:`Search.unindex` is called wherever a report is
rewritten or deleted (storage/reports.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

import sqlite_utils

from bot.analysis.normalize import normalize
from bot.i18n import t
from bot.models import Event, Report
from bot.places import governorate
from storage.database import Connection
from storage.rows import report_from_row, unpack

COUNT_CAP = 1000

_TERM = re.compile(r"[^\W_]+", re.UNICODE)  # the tokens FTS5's unicode61 keeps: "_" separates
# Arabic words often carry a prefix (و ب ل ف ك ال): the index holds the whole word,
# so each query term also matches as a prefix and with its own clitics removed.
# A term of one or two letters matches whole words only: as a prefix, في would also find فيلم and
# فيروس, من every word that starts with من (and at 1M reports such a prefix reads the postings of
# thousands of words: 0.3-0.4 s, against 0.2 ms for the word itself).
PREFIX_FROM = 3
_CLITICS = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")


def _variants(term: str) -> list[str]:
    out = [term]
    for clitic in _CLITICS:
        if term.startswith(clitic) and len(term) - len(clitic) >= 3:
            out.append(term[len(clitic) :])
            break
    return out


def fts_query(query: str) -> str | None:
    """Turn a user's query into an FTS5 expression: every term must match, in any Arabic form."""
    terms = _TERM.findall(normalize(query))
    if not terms:
        return None
    parts = []
    for term in terms:
        options = []
        star = "*" if len(term) >= PREFIX_FROM else ""
        for variant in _variants(term):
            options.append(f'"{variant}"{star}')
            if not variant.startswith("ال") and re.match(r"[\u0621-\u064a]", variant):
                options.append(f'"ال{variant}"{star}')
        parts.append("(" + " OR ".join(dict.fromkeys(options)) + ")")
    return " AND ".join(parts)


@cache
def _type_words(event_type: str) -> str:
    return " ".join((event_type.replace("_", " "), t("en", f"event.{event_type}"), t("ar", f"event.{event_type}")))


def tags(events: Iterable[Event]) -> str:
    """The words a report is found by beyond its text: its places and event types, in both languages."""
    words: dict[str, None] = {}
    for event in events:
        words[_type_words(event.type)] = None
        place = event.location
        if place is None:
            continue
        for name in (place.name, place.name_ar, place.governorate):
            if name:
                words[name] = None
        gov = governorate(place.governorate or "") or (
            governorate(place.name) if place.level == "governorate" else None
        )
        if gov:
            words[gov[0]] = None
            words[gov[1]] = None
    return normalize(" ".join(words))


def index_values(title: str, text: str | bytes, events: Sequence[Event] | str | bytes) -> tuple[str, str]:
    """(body, tags) as indexed for a report: from its stored columns only, so a delete can repeat them."""
    text = unpack(text)
    if isinstance(events, str | bytes):
        events = [Event.from_json(e) for e in json.loads(unpack(events) or "[]")]
    return normalize(f"{title}\n{text}"), tags(events)


def index_row(
    db: sqlite_utils.Database, report_id: int, title: str, text: str | bytes, events: Sequence[Event] | str | bytes
) -> None:
    db.execute(
        "INSERT INTO reports_fts (rowid, body, tags) VALUES (?, ?, ?)",
        [report_id, *index_values(title, text, events)],
    )


FTS_HASH_BYTES = 1024 * 1024  # FTS5's own default in-memory buffer ("hashsize")
BULK_FTS_HASH_BYTES = 256 * 1024 * 1024


@contextmanager
def bulk_index(db: sqlite_utils.Database, hash_bytes: int = BULK_FTS_HASH_BYTES) -> Iterator[None]:
    """Index rows buffered in memory for the length of one bulk write, then FTS5's usual buffer again.

    FTS5 keeps new index rows in memory and writes them out as a segment whenever the buffer passes
    ``hashsize`` (1 MB): a load of 20,000 reports would write some hundred small segments, then merge
    them again and again. With a bigger buffer it writes one segment per transaction (measured: 0.35
    instead of 0.6 ms a report). Call inside the write transaction: the setting goes back before it
    commits, and the buffer is written out at the commit as always.
    """
    stored = list(db.query("SELECT v FROM reports_fts_config WHERE k = 'hashsize'"))
    usual = int(stored[0]["v"]) if stored else FTS_HASH_BYTES
    db.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('hashsize', ?)", [hash_bytes])
    try:
        yield
    finally:
        db.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('hashsize', ?)", [usual])


def unindex_row(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Remove a stored report (a row with id, title, text, events) from the index."""
    db.execute(
        "INSERT INTO reports_fts (reports_fts, rowid, body, tags) VALUES ('delete', ?, ?, ?)",
        [row["id"], *index_values(row["title"], row["text"], row["events"])],
    )


_PAGE = (
    "SELECT r.* FROM reports_fts f JOIN reports r ON r.id = f.rowid"
    " WHERE reports_fts MATCH ? AND r.duplicate_of IS NULL ORDER BY f.rowid DESC LIMIT ? OFFSET ?"
)
# The matching ids, newest first, copies left out through their own small index (m014): no report is read.
_IDS = (
    "SELECT f.rowid AS id FROM reports_fts f WHERE reports_fts MATCH ? AND NOT EXISTS"
    " (SELECT 1 FROM reports c INDEXED BY reports_copies WHERE c.id = f.rowid AND c.duplicate_of IS NOT NULL)"
    " ORDER BY f.rowid DESC LIMIT ?"
)


class Search:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __call__(self, query: str, limit: int = 5, offset: int = 0) -> list[Report]:
        """Reports matching every term of ``query`` (in their text, places or event types), newest first."""
        expression = fts_query(query)
        if expression is None:
            return []
        with self._conn.snapshot() as db:
            return [report_from_row(r) for r in db.query(_PAGE, [expression, limit, offset])]

    def count(self, query: str, cap: int = COUNT_CAP) -> int:
        """How many reports match, counting at most ``cap + 1``: more than ``cap`` means "more than cap"."""
        return self.page(query, 0, 0, cap)[1]

    def page(self, query: str, limit: int, offset: int = 0, cap: int = COUNT_CAP) -> tuple[list[Report], int]:
        """A page of ``__call__`` and the ``count``, from one walk of the index.

        The walk reads ids only (the index's and the copies' index), up to ``cap + 1`` of them or to
        the page's end; then only the page's reports are read.
        """
        expression = fts_query(query)
        if expression is None:
            return [], 0
        with self._conn.snapshot() as db:
            ids = [r["id"] for r in db.query(_IDS, [expression, max(cap + 1, offset + limit)])]
            shown = ids[offset : offset + limit]
            rows = db.query(f"SELECT * FROM reports WHERE id IN ({','.join('?' * len(shown))})", shown) if shown else []
            reports = sorted((report_from_row(r) for r in rows), key=lambda r: r.id, reverse=True)
        return reports, min(len(ids), cap + 1)
