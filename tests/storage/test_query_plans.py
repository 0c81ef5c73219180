"""No table scans on hot paths: every statement the per-report and per-message paths run is planned
with EXPLAIN QUERY PLAN, and a SCAN of reports, deliveries or incidents fails the test.

The statements are not listed by hand: they are recorded (sqlite3's trace callback) while the real
code runs (an ingest that links, alerts and raises a toll, the per-row work of sending an update,
search, /latest with and without filters, the sender's outbox calls), so a new query on these paths
is checked the day it is written. The planner is left without statistics (no ANALYZE), as on a
fresh database, where it assumes every table is large.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from bot.delivery.updates import edit_target, short_update
from bot.models import Chat, RawReport
from bot.pipeline import Pipeline
from handlers import Context, dispatch
from storage import Store

HOT_TABLES = ("reports", "deliveries", "incidents")
# Walks in index order that stop at LIMIT (newest first): not scans of the table, though SQLite says SCAN.
ORDERED_WALKS = {"SCAN reports USING INDEX reports_received"}


def _strike(n: int, killed: int, town: str = "Maarat al-Numan", source: str = "inbox") -> RawReport:
    return RawReport(
        text=f"An airstrike hit the town of {town} in Idlib on Monday, killing {killed} civilians, sources said ({n}).",
        title=f"Airstrike on {town}",
        source=source,
        published=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=n),
    )


def _record(store: Store) -> list[str]:
    statements: list[str] = []
    store.conn.db.conn.set_trace_callback(statements.append)
    reader = None
    with store.conn.snapshot() as db:
        reader = db.conn
    reader.set_trace_callback(statements.append)

    pipeline = Pipeline(store)
    for n in range(3):
        store.chats.ensure(f"tg:{n + 1}")
    store.subscriptions.add("tg:1")
    store.subscriptions.add("tg:2", types=("airstrike",), places=("gov:Idlib",))
    store.subscriptions.add("tg:3", keywords=("civilians",), exclude=("ceasefire",))
    first = pipeline.ingest(_strike(1, 3))
    for row in store.outbox.claim_due():
        store.outbox.begin(row.id)
        store.outbox.mark_sent(row.id, "5")
    pipeline.ingest(_strike(2, 3, source="other outlet"))  # the same strike elsewhere: linked, no alert
    risen = pipeline.ingest(_strike(3, 9, source="third outlet"))  # the toll rises: updates
    assert risen.updates >= 1 and first.alerts >= 1
    for row in store.outbox.claim_due():
        chat = store.chats.get(row.chat) or Chat(row.chat)
        edit_target(store, row, chat) or short_update(store, row, chat)
        store.outbox.defer(row.id, 0)
    store.incidents.also_reported_by(first.report_id)
    store.incidents.alerted(first.incident)
    # A recorded fan-out (storage/fanout.py): alerted() reads it, the sender's claim expands it, and an
    # update recorded behind it finds its chat's alert.
    with store.transaction():
        store.fanout.alerts(["tg:1", "tg:2", "tg:3"], first.report_id, chunk=1)
        store.incidents.alerted(first.incident)
        store.fanout.updates({"tg:2": 0, "tg:3": 0}, risen.report_id, first.incident, chunk=1)
    store.outbox.depth()
    store.outbox.next_due()
    store.outbox.claim_due()
    store.search("Idlib", limit=5)
    store.search.count("Idlib")
    store.reports.latest(5)
    for args in ("", "airstrike", "Idlib", "airstrike Idlib"):
        asyncio.run(dispatch(Context(store=store, chat="tg:1", user="tg:1", command="latest", args=args)))
    asyncio.run(dispatch(Context(store=store, chat="tg:1", user="tg:1", command="search", args="Maarat")))
    store.conn.db.conn.set_trace_callback(None)
    reader.set_trace_callback(None)
    return statements


_PLANNED = re.compile(r"^\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b", re.IGNORECASE)
_ALIAS = re.compile(
    r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|USING\b|ORDER\b|GROUP\b|LIMIT\b)(\w+))?", re.I
)


def _tables(sql: str) -> dict[str, str]:
    """alias -> table for every FROM/JOIN of a statement (a table with no alias is its own)."""
    found: dict[str, str] = {}
    for table, alias in _ALIAS.findall(sql):
        found[table] = table
        if alias:
            found[alias] = table
    return found


def _scans(db, sql: str) -> list[str]:
    """The plan lines of ``sql`` that scan a hot table (through any alias)."""
    names = _tables(sql)
    found = []
    for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall():
        detail = row[-1]
        match = re.match(r"SCAN (\w+)", detail)
        if match and detail not in ORDERED_WALKS and names.get(match.group(1), match.group(1)) in HOT_TABLES:
            found.append(detail)
    return found


def test_hot_paths_never_scan_reports_deliveries_or_incidents(store: Store) -> None:
    statements = [s for s in dict.fromkeys(_record(store)) if _PLANNED.match(s)]
    assert len(statements) > 20  # the paths really ran
    with store.conn.reading() as db:
        scans = [f"{line}\n    in {sql}" for sql in statements for line in _scans(db, sql)]
    assert not scans, "table scans on hot paths:\n" + "\n".join(scans)


def test_the_check_sees_a_scan_through_an_alias(store: Store) -> None:
    """The query ``also_reported_by`` ran before m009 (an OR join, no index on duplicate_of): caught."""
    old = (
        "SELECT other.source FROM reports me JOIN reports other ON other.id != me.id"
        " AND (other.duplicate_of = me.id OR other.incident = me.incident) WHERE me.id = 1"
    )
    with store.conn.transaction() as db:
        db.execute("DROP INDEX reports_duplicate_of")
        assert _scans(db, old) == ["SCAN other"]
