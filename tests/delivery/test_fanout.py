"""A report many chats want: the first chunk of its alerts (and toll updates) queued as rows, the rest
recorded with the report and made rows by the sender as it claims them, each once, also after a crash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.incidents import Link, merge, signature
from bot.models import Event
from bot.pipeline import Pipeline
from storage import Store
from storage.fanout import Fanout
from tests.helpers import MAARAT, analysis, raw
from tests.ops.conftest import report

CHATS = [f"tg:{n}" for n in range(1, 8)]
AT = datetime(2026, 3, 1, tzinfo=UTC)


def _subscribed(store: Store) -> None:
    for chat in CHATS:
        store.chats.ensure(chat)
        store.subscriptions.add(chat)


def _queued(store: Store, kind: str = "alert") -> list[str]:
    with store.conn.reading() as db:
        return [r["chat"] for r in db.query("SELECT chat FROM deliveries WHERE kind = ? ORDER BY id", [kind])]


def _records(store: Store) -> int:
    with store.conn.reading() as db:
        return db["fanout"].count


def _claim_all(store: Store) -> list[str]:
    """What a sender claims, until nothing is due (the claimed rows are marked sent)."""
    chats = []
    while rows := store.outbox.claim_due(3, now=AT.timestamp() + 10**9):
        for row in rows:
            store.outbox.mark_sent(row.id, "1")
            chats.append(row.chat)
    return chats


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(Fanout.alerts, "__defaults__", (3,))
    monkeypatch.setattr(Fanout.updates, "__defaults__", (3,))
    monkeypatch.setattr(Fanout.expand, "__defaults__", (None, 2))


def _incident(store: Store, chats: list[str]) -> tuple[int, dict[str, int]]:
    """A report of an incident whose alerts went out to ``chats``."""
    first = store.reports.add(raw("Strike on Maarat, 3 killed."), analysis(language="en")).id
    event = Event("airstrike", MAARAT, killed=3)
    incident = store.incidents.record(first, Link(), event, AT, signature("a"), merge(None, event)).id
    alerted = {chat: store.outbox.enqueue(chat, first) for chat in chats}
    for row in alerted.values():
        store.outbox.mark_sent(row, "9")
    return incident, alerted


def test_alerts_past_the_first_chunk_are_recorded_then_claimed_in_chunks(store: Store, small_chunks) -> None:
    _subscribed(store)
    result = Pipeline(store).ingest(report(1))
    assert result.alerts == 7  # all queued: 3 as rows, 4 in the report's record
    assert len(_queued(store)) == 3 and _records(store) == 1
    assert store.outbox.depth() == 7 and store.outbox.next_due() == 0.0
    assert sorted(_claim_all(store)) == sorted(CHATS)  # each once
    assert sorted(_queued(store)) == sorted(CHATS)
    assert _records(store) == 0 and store.outbox.depth() == 0


def test_a_record_left_by_a_crash_is_expanded_after_a_restart_once(db_path) -> None:
    store = Store.open(db_path)
    _subscribed(store)
    stored = store.reports.add(report(2), analysis(language="en"))
    with store.transaction():  # what a process stopped after the report's transaction leaves
        store.fanout.alerts(CHATS, stored.id, chunk=2)
    store.close()
    again = Store.open(db_path)  # a start
    try:
        assert _queued(again) == CHATS[:2]
        assert sorted(_claim_all(again)) == sorted(CHATS)
        assert _queued(again) == CHATS  # the rest, once, in order
        assert _claim_all(again) == [] and _queued(again) == CHATS  # nothing doubled
    finally:
        again.close()


def test_a_crash_inside_an_expansion_loses_and_doubles_nothing(store: Store, small_chunks, monkeypatch) -> None:
    _subscribed(store)
    stored = store.reports.add(report(3), analysis(language="en"))
    with store.transaction():
        store.fanout.alerts(CHATS, stored.id, chunk=1)
    real = store.outbox.enqueue_alerts

    def dies_after_inserting(chats, report_id):
        real(chats, report_id)
        raise OSError("disk gone")  # the process dies after the rows, before the record's rest is written

    monkeypatch.setattr(store.outbox, "enqueue_alerts", dies_after_inserting)
    with pytest.raises(OSError):
        store.fanout.expand()
    assert _queued(store) == CHATS[:1]  # the chunk's rows went with the transaction
    monkeypatch.setattr(store.outbox, "enqueue_alerts", real)
    assert store.fanout.drain() == (6, 0)
    assert _queued(store) == CHATS


def test_toll_updates_past_the_first_chunk_survive_a_crash_and_are_queued_once(db_path) -> None:
    store = Store.open(db_path)
    _subscribed(store)
    incident, alerted = _incident(store, CHATS)
    riser = store.reports.add(raw("Strike on Maarat, toll rises to 8."), analysis(language="en")).id
    with store.transaction():
        assert store.fanout.updates(alerted, riser, incident, chunk=3) == 7
    assert len(_queued(store, "update")) == 3
    store.close()

    again = Store.open(db_path)  # a start; the sender expands the rest
    try:
        again.fanout.drain()
        assert sorted(_queued(again, "update")) == sorted(CHATS)
        with again.conn.reading() as db:
            payloads = {
                r["chat"]: r["payload"] for r in db.query("SELECT chat, payload FROM deliveries WHERE kind = 'update'")
            }
        assert all(f'"original": {alerted[chat]}' in payloads[chat] for chat in CHATS)  # each points at its alert
        again.fanout.drain()
        assert len(_queued(again, "update")) == 7
    finally:
        again.close()


def test_recorded_chats_count_as_alerted_and_their_update_follows_their_alert(store: Store, small_chunks) -> None:
    """A second report of the incident while the first one's alerts are still recorded: no second alert,
    and each toll update comes after its chat's alert, pointing at it."""
    _subscribed(store)
    first = store.reports.add(raw("Strike on Maarat, 3 killed."), analysis(language="en")).id
    event = Event("airstrike", MAARAT, killed=3)
    incident = store.incidents.record(first, Link(), event, AT, signature("a"), merge(None, event)).id
    with store.transaction():
        store.fanout.alerts(CHATS, first)  # 3 rows, 4 recorded
    alerted = store.incidents.alerted(incident)
    assert set(alerted) == set(CHATS)
    assert sorted(c for c, a in alerted.items() if a == 0) == sorted(CHATS[3:])

    riser = store.reports.add(raw("Strike on Maarat, toll rises to 8."), analysis(language="en")).id
    rise = Event("airstrike", MAARAT, killed=8)
    merged = merge(store.incidents.get(incident), rise)
    store.incidents.record(riser, Link(incident=incident, toll=8), rise, AT, signature("b"), merged)
    with store.transaction():
        store.fanout.updates(alerted, riser, incident)
        assert store.fanout.alerts([c for c in CHATS if c not in alerted], riser) == 0  # nobody twice
    assert len(_queued(store, "update")) == 3  # only chats whose alert is a row already

    store.fanout.drain()
    with store.conn.reading() as db:
        rows = list(db.query("SELECT id, chat, kind, report_id, payload FROM deliveries ORDER BY id"))
    alerts = {r["chat"]: r["id"] for r in rows if r["kind"] == "alert"}
    updates = {r["chat"]: r for r in rows if r["kind"] == "update"}
    assert sorted(alerts) == sorted(updates) == sorted(CHATS)
    assert all(r["report_id"] == first for r in rows if r["kind"] == "alert")
    for chat in CHATS:
        assert updates[chat]["id"] > alerts[chat]  # the update after the alert
        assert f'"original": {alerts[chat]}' in updates[chat]["payload"]


def test_a_forgotten_chat_gets_nothing_and_a_moved_one_takes_its_place(store: Store, small_chunks) -> None:
    _subscribed(store)
    stored = store.reports.add(report(4), analysis(language="en"))
    with store.transaction():
        store.fanout.alerts(CHATS, stored.id)  # tg:4 .. tg:7 recorded
    store.chats.forget("tg:5")
    store.chats.move("tg:6", "tg:60")
    store.fanout.drain()
    assert sorted(_queued(store)) == sorted(["tg:1", "tg:2", "tg:3", "tg:4", "tg:60", "tg:7"])
