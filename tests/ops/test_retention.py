"""Retention deletes old reports with their index rows: search stops finding them, the rest stays."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot import metrics
from bot.analysis import analyze
from bot.retention import Retention
from storage import Store
from tests.ops.conftest import report


def add(store: Store, n: int, age_days: float, text: str | None = None) -> int:
    raw = report(n, text=text)
    received = datetime.now(UTC) - timedelta(days=age_days)
    return store.reports.add(raw, analyze(raw.text, title=raw.title), received=received).id


def fts_rows(store: Store) -> int:
    with store.conn.reading() as db:
        return next(db.query("SELECT count(*) AS n FROM reports_fts"))["n"]


def test_old_reports_go_and_search_stops_finding_them(store: Store) -> None:
    old = add(store, 1, 40, "Old news: shelling on Kafr Nabl in Idlib wounded three farmers.")
    add(store, 2, 31, "Also old: clashes near Saraqib.")
    recent = add(store, 3, 2, "Fresh: shelling on Kafr Nabl again, two injured.")
    store.outbox.enqueue("console:local", old)
    assert [r.id for r in store.search("Kafr Nabl")] == [recent, old]
    before = metrics.REPORTS_DELETED._value.get()

    assert Retention(store, days=30).run_once() == 2

    assert [r.id for r in store.search("Kafr Nabl")] == [recent]
    assert store.search("Saraqib") == []
    assert store.reports.get(old) is None
    assert store.reports.count() == 1 and fts_rows(store) == 1  # the index follows the table
    assert store.outbox.for_chat("console:local") == []  # nothing is sent for a deleted report
    with store.conn.reading() as db:
        db.execute("INSERT INTO reports_fts(reports_fts) VALUES ('integrity-check')")
    assert metrics.REPORTS_DELETED._value.get() - before == 2
    assert Retention(store, days=30).run_once() == 0  # idempotent


async def test_retention_runs_as_a_component_until_stopped(store: Store) -> None:
    add(store, 4, 400)
    stop = asyncio.Event()
    job = asyncio.create_task(Retention(store, days=365, interval=3600).run(stop))
    deadline = asyncio.get_running_loop().time() + 15
    while store.reports.count() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    assert store.reports.count() == 0
    stop.set()
    await asyncio.wait_for(job, 5)  # the hour-long wait ends with stop


def test_sent_outbox_rows_go_after_their_age_the_rest_stays(store: Store) -> None:
    ids = [add(store, n, 0) for n in range(1, 5)]
    rows = {
        name: store.outbox.enqueue("console:local", rid)
        for name, rid in zip(("old", "new", "wait", "fail"), ids, strict=True)
    }
    for name in ("old", "new"):
        store.outbox.mark_sent(rows[name], "1")
    store.outbox.give_up(rows["fail"], "blocked")
    with store.transaction() as db:  # sent 40 days ago
        db.execute(
            "UPDATE deliveries SET sent_at = ? WHERE id = ?",
            [(datetime.now(UTC) - timedelta(days=40)).isoformat(), rows["old"]],
        )

    assert Retention(store, None, outbox_days=30).run_once() == 0  # no report deleted: no MARSAD_RETENTION_DAYS

    left = {d.id for d in store.outbox.for_chat("console:local")}
    assert left == {rows["new"], rows["wait"], rows["fail"]}
    assert store.reports.count() == 4
    assert store.outbox.prune_sent(datetime.now(UTC) + timedelta(days=1)) == 1  # the other sent row, by its age
