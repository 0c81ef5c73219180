"""A report many chats want: its alerts (and toll updates) are queued in chunks, each once, also after a crash."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.incidents import Link, merge, signature
from bot.models import Event
from bot.pipeline import Pipeline
from storage import Store
from storage.fanout import Fanout
from tests.helpers import MAARAT, analysis, raw
from tests.ops.conftest import report

CHATS = [f"tg:{n}" for n in range(1, 8)]


def _subscribed(store: Store) -> None:
    for chat in CHATS:
        store.chats.ensure(chat)
        store.subscriptions.add(chat)


def _queued(store: Store, kind: str = "alert") -> list[str]:
    with store.conn.reading() as db:
        return [r["chat"] for r in db.query("SELECT chat FROM deliveries WHERE kind = ? ORDER BY id", [kind])]


def test_alerts_past_the_first_chunk_are_queued_in_chunks(store: Store, monkeypatch) -> None:
    _subscribed(store)
    monkeypatch.setattr(Fanout.alerts, "__defaults__", (3,))
    monkeypatch.setattr(Fanout.drain, "__defaults__", (None, 2))
    result = Pipeline(store).ingest(report(1))
    assert result.alerts == 7
    assert sorted(_queued(store)) == sorted(CHATS)  # each once
    with store.conn.reading() as db:
        assert db["fanout"].count == 0


def test_a_fanout_left_by_a_crash_is_finished_at_the_next_start(store: Store) -> None:
    _subscribed(store)
    stored = store.reports.add(report(2), analysis(language="en"))
    with store.transaction():  # what a process stopped after the report's transaction leaves
        store.fanout.alerts(CHATS, stored.id, chunk=2)
    assert _queued(store) == CHATS[:2]

    Pipeline(store)  # a start
    assert _queued(store) == CHATS  # the rest, once, in order
    Pipeline(store)
    assert _queued(store) == CHATS  # nothing doubled by a second start


def test_toll_updates_past_the_first_chunk_survive_a_crash_and_are_queued_once(store: Store) -> None:
    _subscribed(store)
    at = datetime(2026, 3, 1, tzinfo=UTC)
    first = store.reports.add(raw("Strike on Maarat, 3 killed."), analysis(language="en")).id
    event = Event("airstrike", MAARAT, killed=3)
    incident = store.incidents.record(first, Link(), event, at, signature("a"), merge(None, event)).id
    alerted = {chat: store.outbox.enqueue(chat, first) for chat in CHATS}
    for row in alerted.values():
        store.outbox.mark_sent(row, "9")
    riser = store.reports.add(raw("Strike on Maarat, toll rises to 8."), analysis(language="en")).id
    with store.transaction():
        assert store.fanout.updates(alerted, riser, incident, chunk=3) == 3
    assert len(_queued(store, "update")) == 3

    Pipeline(store)  # a start finishes them
    assert sorted(_queued(store, "update")) == sorted(CHATS)
    with store.conn.reading() as db:
        payloads = {
            r["chat"]: r["payload"] for r in db.query("SELECT chat, payload FROM deliveries WHERE kind = 'update'")
        }
    assert all(f'"original": {alerted[chat]}' in payloads[chat] for chat in CHATS)  # each points at its alert
    Pipeline(store)
    assert len(_queued(store, "update")) == 7
