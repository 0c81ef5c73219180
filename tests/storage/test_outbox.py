"""The outbox: each alert once per chat, and the state changes delivery relies on."""

from __future__ import annotations

import time

from bot.analysis import analyze
from tests.helpers import raw


def _report(store, text="نص تقرير للاختبار."):
    return store.reports.add(raw(text), analyze(text)).id


def test_an_alert_is_queued_once_per_chat(store):
    report = _report(store)
    first = store.outbox.enqueue("tg:1", report)
    assert first is not None
    assert store.outbox.enqueue("tg:1", report) is None
    assert store.outbox.enqueue("tg:2", report) is not None
    assert store.outbox.depth() == 2


def test_claim_reserves_begin_marks_sending_and_sent_is_final(store):
    report = _report(store)
    row_id = store.outbox.enqueue("tg:1", report)
    claimed = store.outbox.claim_due(10)
    assert [(d.id, d.state, d.attempts) for d in claimed] == [(row_id, "claimed", 0)]  # claimed is not tried
    assert store.outbox.claim_due(10) == []  # not claimed twice
    assert store.outbox.in_flight() == []  # reserved, not yet on the wire
    store.outbox.begin(row_id)
    assert [d.id for d in store.outbox.in_flight()] == [row_id]
    store.outbox.mark_sent(row_id, "42")
    row = store.outbox.get(row_id)
    assert (row.state, row.message_ref) == ("sent", "42")
    assert store.outbox.in_flight() == []


def test_defer_and_defer_chat_hold_rows_until_due(store):
    a = store.outbox.enqueue("tg:1", _report(store, "الأول"))
    b = store.outbox.enqueue("tg:2", _report(store, "الثاني"))
    store.outbox.claim_due(10)
    store.outbox.defer(a, 60, "429")
    store.outbox.defer(b, 0, None)
    assert [d.id for d in store.outbox.claim_due(10)] == [b]
    assert [d.id for d in store.outbox.claim_due(10, now=time.time() + 61)] == [a]


def test_claim_skips_busy_chats(store):
    store.outbox.enqueue("tg:1", _report(store, "الأول"))
    b = store.outbox.enqueue("tg:2", _report(store, "الثاني"))
    assert [d.id for d in store.outbox.claim_due(10, exclude_chats={"tg:1"})] == [b]


def test_give_up_is_final(store):
    a = store.outbox.enqueue("tg:1", _report(store))
    store.outbox.claim_due(10)
    store.outbox.give_up(a, "bad")
    assert store.outbox.get(a).state == "failed"
    assert store.outbox.claim_due(10) == []
    assert store.outbox.depth() == 0


def test_chat_move_carries_pending_rows_and_subscriptions(store):
    store.chats.ensure("tg:-1", kind="group")
    store.subscriptions.add("tg:-1", types=("airstrike",))
    a = store.outbox.enqueue("tg:-1", _report(store))
    store.chats.move("tg:-1", "tg:-100")
    assert store.chats.get("tg:-1") is None
    assert store.chats.get("tg:-100").kind == "group"
    assert [s.types for s in store.subscriptions.for_chat("tg:-100")] == [("airstrike",)]
    assert store.outbox.get(a).chat == "tg:-100"


def test_release_claimed_returns_reserved_rows_to_pending(store):
    row_id = store.outbox.enqueue("tg:1", _report(store))
    store.outbox.claim_due(10)
    assert store.outbox.release_claimed() == 1
    assert store.outbox.get(row_id).state == "pending"


def test_marks_only_go_up_and_include_sent_alerts(store):
    store.marks.raise_to("tg:1", 5)
    store.marks.raise_to("tg:1", 3)
    assert store.marks.high_water("tg:1") == 5
    row_id = store.outbox.enqueue("tg:1/7", _report(store))  # an alert in a forum topic of the same chat
    store.outbox.mark_sent(row_id, "9")
    assert (store.marks.high_water("tg:1"), store.marks.high_water("tg:2")) == (9, 0)


def test_a_move_onto_a_chat_that_already_has_the_alert_sends_it_once(store):
    report = _report(store)
    store.chats.ensure("tg:-1", kind="group")
    store.chats.ensure("tg:-100", kind="group")
    store.outbox.enqueue("tg:-1", report)
    store.outbox.enqueue("tg:-100", report)  # already queued under the new id
    store.chats.move("tg:-1", "tg:-100")
    assert [d.chat for d in store.outbox.claim_due(10)] == ["tg:-100"]
    assert store.outbox.depth() == 1


def test_only_a_send_on_the_wire_counts_as_an_attempt(store):
    row_id = store.outbox.enqueue("tg:1", _report(store))
    for _ in range(3):  # claimed, then put back (chat busy or muted): never tried
        store.outbox.claim_due(10)
        store.outbox.defer(row_id, 0, None)
    assert store.outbox.get(row_id).attempts == 0
    store.outbox.claim_due(10)
    store.outbox.begin(row_id)
    store.outbox.defer(row_id, 0, "502")
    assert store.outbox.get(row_id).attempts == 1
