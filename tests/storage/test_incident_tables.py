"""The incidents migration: new tables and columns, and old subscriptions that keep working."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.delivery.match import match_subscriptions
from bot.models import Analysis, Event
from storage import Store
from storage.database import Connection
from storage.migrations import m001_initial, migrate
from tests.incidents.places import ARIHA


def test_a_database_from_before_incidents_is_upgraded_and_its_subscriptions_still_match(db_path):
    conn = Connection(db_path)
    migrate(conn.db, [m001_initial])
    now = datetime.now(UTC).isoformat()
    conn.db.execute("INSERT INTO chats (key, transport, language, created) VALUES ('tg:1', 'tg', 'ar', ?)", [now])
    conn.db.execute(
        "INSERT INTO subscriptions (chat, types, places, created) VALUES ('tg:1', '[\"airstrike\"]', ?, ?)",
        [json.dumps(["إدلب"]), now],
    )
    conn.close()
    store = Store.open(db_path)
    try:
        assert {"incidents", "report_signatures", "digest_schedule"} <= set(store.conn.db.table_names())
        [subscription] = store.subscriptions.active()
        assert (subscription.min_severity, subscription.with_casualties) == (None, False)
        chat = store.chats.get("tg:1")
        assert (chat.timezone, chat.quiet_start, chat.quiet_end) == ("UTC", None, None)
        strike = Analysis("ar", "غارة", "غارة", (Event("airstrike", ARIHA, killed=2),))
        assert match_subscriptions([subscription], strike, "غارة على أريحا") == ["tg:1"]
    finally:
        store.close()


def test_deleting_a_report_keeps_its_incident_and_drops_its_signature(store):
    from bot.incidents import Link, merge, signature
    from bot.models import RawReport

    raw = RawReport(text="غارة على أريحا", source="a")
    stored = store.reports.add(raw, Analysis("ar", "غارة", "غارة", ()))
    event = Event("airstrike", ARIHA)
    incident = store.incidents.record(
        stored.id, Link(), event, datetime.now(UTC), signature(raw.text), merge(None, event)
    )
    assert store.reports.get(stored.id).incident == incident.id
    store.reports.delete_older_than(datetime(2100, 1, 1, tzinfo=UTC))
    assert store.incidents.get(incident.id) is not None
    assert list(store.conn.db.query("SELECT * FROM report_signatures")) == []
