"""A report many chats want: its alerts are queued in chunks, each once, also after a crash."""

from __future__ import annotations

from bot.pipeline import Pipeline
from storage import Store
from storage.outbox import Outbox
from tests.ops.conftest import report

CHATS = [f"tg:{n}" for n in range(7)]


def _subscribed(store: Store) -> None:
    for chat in CHATS:
        store.chats.ensure(chat)
        store.subscriptions.add(chat)


def _queued(store: Store) -> list[str]:
    with store.conn.reading() as db:
        return [r["chat"] for r in db.query("SELECT chat FROM deliveries WHERE kind = 'alert' ORDER BY id")]


def test_alerts_past_the_first_chunk_are_queued_in_chunks(store: Store, monkeypatch) -> None:
    _subscribed(store)
    monkeypatch.setattr(Outbox.fan_out, "__defaults__", (3,))
    monkeypatch.setattr(Outbox.drain_fanout, "__defaults__", (None, 2))
    result = Pipeline(store).ingest(report(1))
    assert result.alerts == 7
    assert sorted(_queued(store)) == sorted(CHATS)  # each once
    with store.conn.reading() as db:
        assert db["fanout"].count == 0


def test_a_fanout_left_by_a_crash_is_finished_at_the_next_start(store: Store, db_path) -> None:
    _subscribed(store)
    stored = store.reports.add(report(2), Pipeline(store).analyzer(report(2).text, title=report(2).title))
    with store.transaction():  # what a process stopped after the report's transaction leaves
        store.outbox.fan_out(CHATS, stored.id, chunk=2)
    assert _queued(store) == CHATS[:2]

    Pipeline(store)  # a start
    assert _queued(store) == CHATS  # the rest, once, in order
    Pipeline(store)
    assert _queued(store) == CHATS  # nothing doubled by a second start
