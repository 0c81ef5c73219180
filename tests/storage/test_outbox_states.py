"""The outbox's states: the transition table is walked, every step either taken or refused as it says.

Every pair of states is tried through the Outbox method that makes that step: a legal one moves the row,
an illegal one leaves the row exactly as it was. The table itself carries a CHECK, so a state no version
knows cannot be written at all, and m013 brings older databases to it without losing a row or an index.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from itertools import product

import pytest
import sqlite_utils

from bot.analysis import analyze
from storage import Store
from storage.migrations import M013_STATES, MIGRATIONS, migrate
from storage.outbox import TRANSITIONS, DeliveryState, sources
from tests.helpers import raw

S = DeliveryState
CHAT = "tg:1"


def _row_in(store: Store, state: DeliveryState) -> int:
    """A row brought to ``state`` by the outbox's own steps."""
    report = store.reports.add(raw("نص تقرير للاختبار."), analyze("نص تقرير للاختبار.")).id
    row = store.outbox.enqueue(CHAT, report)
    assert row is not None
    path = {
        S.PENDING: [],
        S.CLAIMED: [S.CLAIMED],
        S.SENDING: [S.CLAIMED, S.SENDING],
        S.SENT: [S.CLAIMED, S.SENDING, S.SENT],
        S.FAILED: [S.FAILED],
        S.HELD: [S.HELD],
        S.DIGESTED: [S.HELD, S.DIGESTED],
    }[state]
    for step in path:
        _step(store, row, step)
    assert store.outbox.get(row).state == state
    return row


def _step(store: Store, row: int, to: DeliveryState) -> None:
    """Ask the outbox to move ``row`` to ``to``, through the method that makes that step."""
    outbox = store.outbox
    match to:
        case S.PENDING:
            outbox.defer(row, 0, "again")
        case S.CLAIMED:
            outbox.claim_due(10)
        case S.SENDING:
            outbox.begin(row)
        case S.SENT:
            outbox.mark_sent(row, "77")
        case S.FAILED:
            outbox.give_up(row, "no")
        case S.HELD:
            outbox.hold(row, "quiet hours")
        case S.DIGESTED:
            outbox.digest(CHAT, [row], None)


def test_the_table_names_every_state_and_the_final_ones_lead_nowhere():
    assert set(TRANSITIONS) == set(DeliveryState)
    assert all(nexts <= set(DeliveryState) for nexts in TRANSITIONS.values())
    assert {s for s, nexts in TRANSITIONS.items() if not nexts} == {S.SENT, S.FAILED, S.DIGESTED}
    assert sources(S.DIGESTED) == (S.HELD,)
    assert tuple(s.value for s in DeliveryState) == M013_STATES  # the migration's copy agrees


@pytest.mark.parametrize(("start", "to"), list(product(DeliveryState, DeliveryState)), ids=lambda s: s.value)
def test_every_legal_step_is_taken_and_every_illegal_one_refused(store, start, to):
    row = _row_in(store, start)
    before = store.outbox.get(row)
    _step(store, row, to)
    after = store.outbox.get(row)
    if to in TRANSITIONS[start]:
        assert after.state == to
    else:
        assert after == before  # not the state, not the error, not the message id: nothing changed


def test_the_table_refuses_a_state_it_does_not_know(store):
    report = store.reports.add(raw("نص تقرير للاختبار."), analyze("نص تقرير للاختبار.")).id
    with pytest.raises(ValueError):
        store.outbox.enqueue(CHAT, report, state="lost")
    with pytest.raises(sqlite3.IntegrityError), store.conn.transaction() as db:
        db.execute(
            "INSERT INTO deliveries (chat, report_id, state, created) VALUES (?, ?, 'lost', ?)",
            [CHAT, report, datetime.now(UTC).isoformat()],
        )
    row = store.outbox.enqueue(CHAT, report)
    with pytest.raises(sqlite3.IntegrityError), store.conn.transaction() as db:
        db.execute("UPDATE deliveries SET state = 'lost' WHERE id = ?", [row])
    assert store.outbox.get(row).state == S.PENDING


def _indexes(db: sqlite_utils.Database) -> set[tuple[str, str]]:
    rows = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries'")
    return {(r["name"], r["sql"]) for r in rows}


def test_m013_keeps_every_row_column_and_index(tmp_path):
    path = tmp_path / "marsad.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    before = MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__ == "m013_delivery_states"))
    migrate(db, MIGRATIONS[:before])
    indexes = _indexes(db)
    columns = [(c.name, c.type, c.notnull, c.default_value, c.is_pk) for c in db["deliveries"].columns]
    created = datetime.now(UTC).isoformat()
    for i, state in enumerate([*M013_STATES, "lost"]):
        db.execute(
            "INSERT INTO deliveries (id, chat, kind, state, attempts, last_error, payload, message_ref, created)"
            " VALUES (?, ?, 'notice', ?, ?, 'why', '{\"text\": \"x\"}', ?, ?)",
            [100 + i, f"tg:{i}", state, i, str(i), created],
        )
    old = [dict(r) for r in db.query("SELECT * FROM deliveries ORDER BY id")]
    db.conn.close()

    store = Store.open(path)
    try:
        db = store.conn.db
        assert _indexes(db) == indexes
        assert [(c.name, c.type, c.notnull, c.default_value, c.is_pk) for c in db["deliveries"].columns] == columns
        new = [dict(r) for r in db.query("SELECT * FROM deliveries ORDER BY id")]
        lost = {**old[-1], "state": "failed", "last_error": "unknown state: lost"}
        assert new == [*old[:-1], lost]
        assert store.outbox.depth() == 3  # pending, claimed and sending still wait
    finally:
        store.close()
