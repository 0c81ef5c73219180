"""Arabic-aware full-text search over the normalised FTS5 index."""

from __future__ import annotations

import re

from bot.analysis.normalize import normalize
from bot.models import Report
from storage.database import Connection
from storage.rows import report_from_row

_TERM = re.compile(r"\w+", re.UNICODE)
# Arabic words often carry a prefix (و ب ل ف ك ال): the index holds the whole word,
# so each query term also matches as a prefix and with its own clitics removed.
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
        for variant in _variants(term):
            options.append(f'"{variant}"*')
            if not variant.startswith("ال") and re.match(r"[\u0621-\u064a]", variant):
                options.append(f'"ال{variant}"*')
        parts.append("(" + " OR ".join(dict.fromkeys(options)) + ")")
    return " AND ".join(parts)


class Search:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __call__(self, query: str, limit: int = 5, offset: int = 0) -> list[Report]:
        """Reports matching every term of ``query``, newest first."""
        expression = fts_query(query)
        if expression is None:
            return []
        with self._conn.reading() as db:
            rows = db.query(
                "SELECT reports.* FROM reports_fts JOIN reports ON reports.id = reports_fts.rowid"
                " WHERE reports_fts MATCH ? AND reports.duplicate_of IS NULL"
                " ORDER BY reports.received DESC, reports.id DESC LIMIT ? OFFSET ?",
                [expression, limit, offset],
            )
            return [report_from_row(r) for r in rows]

    def count(self, query: str) -> int:
        expression = fts_query(query)
        if expression is None:
            return 0
        with self._conn.reading() as db:
            rows = list(
                db.query(
                    "SELECT count(*) AS n FROM reports_fts JOIN reports ON reports.id = reports_fts.rowid"
                    " WHERE reports_fts MATCH ? AND reports.duplicate_of IS NULL",
                    [expression],
                )
            )
        return rows[0]["n"]
