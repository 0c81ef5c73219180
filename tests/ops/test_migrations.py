"""Every earlier schema version, with data in it, migrates to the head and keeps its data.

For each prefix of MIGRATIONS (the empty database included) a database is built at
that version, every table gets a row, then ``Store.open`` brings it to the head.
A new migration is covered by this test the day it is appended.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from bot.models import Event
from bot.pipeline import Pipeline
from storage import Store
from storage.migrations import MIGRATIONS, applied, migrate
from tests.helpers import MAARAT
from tests.ops.conftest import CHAT, report

_SAMPLE = {"INTEGER": 1, "REAL": 1.0, "TEXT": "2024-01-01T00:00:00+00:00", "BLOB": b"x"}


def user_tables(db: sqlite_utils.Database) -> list[str]:
    virtual = {t.name for t in db.tables if "VIRTUAL TABLE" in (t.schema or "").upper()}
    shadow = {t.name for t in db.tables for v in virtual if t.name.startswith(v + "_")}
    return [t.name for t in db.tables if t.name not in virtual | shadow and not t.name.startswith(("_", "sqlite_"))]


def fill(db: sqlite_utils.Database) -> dict[str, int]:
    """One row in every table, each required column given a value of its declared type.

    Every text key gets the same value, so references between tables (a subscription's chat) hold.
    """
    db.execute("PRAGMA foreign_keys=OFF")
    for name in user_tables(db):
        row = {}
        single_pk = sum(c.is_pk for c in db[name].columns) == 1
        for column in db[name].columns:
            rowid = column.is_pk and single_pk and column.type.upper() == "INTEGER"  # an alias of the rowid
            if (column.notnull or column.is_pk) and column.default_value is None and not rowid:
                row[column.name] = _SAMPLE.get(column.type.upper(), "x")
        db[name].insert(row)
    db.execute("PRAGMA foreign_keys=ON")
    return {name: db[name].count for name in user_tables(db)}


@pytest.mark.parametrize("version", range(len(MIGRATIONS) + 1), ids=lambda v: f"from-v{v}")
def test_every_schema_version_with_data_migrates_to_head(tmp_path: Path, version: int) -> None:
    path = tmp_path / "marsad.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrate(db, MIGRATIONS[:version])
    assert len(applied(db)) == version
    counts = fill(db)
    db.conn.close()

    store = Store.open(path, default_language="en")
    try:
        assert store.schema_version == len(MIGRATIONS)
        assert applied(store.conn.db) == [m.__name__ for m in MIGRATIONS]
        with store.conn.reading() as head:
            assert {name: head[name].count for name in counts} == counts  # nothing lost on the way
            assert next(head.query("PRAGMA integrity_check"))["integrity_check"] == "ok"
            assert list(head.query("PRAGMA foreign_key_check")) == []
        # The migrated database works: a report flows in, is found and queues its alert.
        store.chats.ensure(CHAT)
        store.subscriptions.add(CHAT)
        result = Pipeline(store).ingest(report(1))
        assert result.created and result.alerts >= 1
        assert [r.id for r in store.search("Maarat")] == [result.report_id]
    finally:
        store.close()


def test_migrating_twice_applies_nothing(tmp_path: Path) -> None:
    Store.open(tmp_path / "marsad.db").close()
    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "marsad.db", isolation_level=None))
    assert migrate(db) == []


def test_search_index_is_rebuilt_without_a_copy_of_the_text(tmp_path: Path) -> None:
    """m007: reports stored under the old index (its own copy of the text) are found after the upgrade,
    by their text and, across languages, by their places; retention still removes them from the index."""
    path = tmp_path / "marsad.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    before = [m.__name__ for m in MIGRATIONS].index("m007_contentless_search")
    migrate(db, MIGRATIONS[:before])
    events = json.dumps([Event("airstrike", MAARAT, killed=4).to_json()], ensure_ascii=False)
    rows = [
        ("h1", "غارة على معرة النعمان", "قتل أربعة مدنيين في غارة على معرة النعمان.", events, "2024-01-01T00:00+00:00"),
        ("h2", "Talks in Geneva", "The envoy met the delegations in Geneva.", "[]", "2024-01-02T00:00:00+00:00"),
    ]
    for n, (digest, title, text, ev, received) in enumerate(rows, start=1):
        db.execute(
            "INSERT INTO reports (id, hash, source, title, text, language, summary, events, received)"
            " VALUES (?, ?, 'test', ?, ?, 'ar', ?, ?, ?)",
            [n, digest, title, text, text, ev, received],
        )
        db.execute("INSERT INTO reports_fts (rowid, title, text, summary) VALUES (?, ?, ?, ?)", [n, title, text, text])
    db.conn.close()

    store = Store.open(path, default_language="en")
    try:
        assert [r.id for r in store.search("معره")] == [1]
        assert [r.id for r in store.search("Maarat al-Numan")] == [1]  # its place, in English
        assert [r.id for r in store.search("Idlib airstrike")] == [1]  # governorate and type, in English
        assert [r.id for r in store.search("geneva")] == [2]
        assert store.reports.get(1).text == rows[0][2]  # m011: stored compressed, read as it was
        assert store.reports.get(1).events[0].location == MAARAT
        with store.conn.reading() as head:
            assert {r["t"] for r in head.query("SELECT typeof(text) AS t FROM reports")} == {"blob"}
            columns = [c.name for c in head["reports_fts"].columns]
            assert columns == ["body", "tags"]
            assert "content=''" in head["reports_fts"].schema
            head.execute("INSERT INTO reports_fts(reports_fts) VALUES ('integrity-check')")
        assert store.reports.delete_older_than(datetime(2024, 1, 1, 12, tzinfo=UTC)) == 1
        assert store.search("معره") == [] and [r.id for r in store.search("geneva")] == [2]
        with store.conn.reading() as head:
            head.execute("INSERT INTO reports_fts(reports_fts) VALUES ('integrity-check')")
    finally:
        store.close()


def test_main_branch_migrations_keep_their_names_and_places(tmp_path: Path) -> None:
    """A database migrated by main (m005_report_note, m006_alert_maps) goes on from there: the scale migrations
    come after them, and a report's note and a chat's alert_maps survive the index rebuild and the compression."""
    names = [m.__name__ for m in MIGRATIONS]
    assert names[4:6] == ["m005_report_note", "m006_alert_maps"]
    path = tmp_path / "marsad.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrate(db, MIGRATIONS[:6])
    db.execute(
        "INSERT INTO reports (id, hash, source, title, text, language, summary, events, received, note)"
        " VALUES (1, 'h1', 'test', 'غارة على معرة النعمان', 'قتل أربعة مدنيين في غارة على معرة النعمان.', 'ar',"
        " 's', '[]', '2024-01-01T00:00:00+00:00', 'analysis stopped at its 10 s budget')"
    )
    db.execute(
        "INSERT INTO chats (key, transport, language, created, alert_maps)"
        " VALUES ('tg:1', 'telegram', 'ar', '2024-01-01T00:00:00+00:00', 1)"
    )
    db.execute("INSERT INTO reports_fts (rowid, title, text, summary) VALUES (1, 'غارة على معرة النعمان', '', '')")
    db.conn.close()

    store = Store.open(path, default_language="en")
    try:
        assert applied(store.conn.db) == names
        with store.conn.reading() as head:
            row = next(head.query("SELECT note, typeof(text) AS t FROM reports WHERE id = 1"))
            assert row == {"note": "analysis stopped at its 10 s budget", "t": "blob"}
            assert next(head.query("SELECT alert_maps FROM chats WHERE key = 'tg:1'"))["alert_maps"] == 1
        assert [r.id for r in store.search("معره")] == [1]
        assert store.reports.get(1).text == "قتل أربعة مدنيين في غارة على معرة النعمان."
    finally:
        store.close()
