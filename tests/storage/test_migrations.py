"""The schema is created by migrations, each applied once, atomically."""

from __future__ import annotations

import pytest
import sqlite_utils

from storage import Store
from storage.database import Connection
from storage.migrations import MIGRATIONS, applied, migrate


def test_a_new_database_gets_every_migration(store):
    assert store.schema_version == len(MIGRATIONS)
    assert {"reports", "reports_fts", "chats", "subscriptions", "deliveries", "queries"} <= set(
        store.conn.db.table_names()
    )


def test_reopening_applies_nothing_again(db_path):
    Store.open(db_path).close()
    conn = Connection(db_path)
    assert migrate(conn.db) == []
    assert applied(conn.db) == [m.__name__ for m in MIGRATIONS]


def test_a_failing_migration_leaves_no_trace(db_path):
    def m999_broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    conn = Connection(db_path)
    with pytest.raises(RuntimeError):
        migrate(conn.db, [*MIGRATIONS, m999_broken])
    assert "half" not in conn.db.table_names()
    assert "m999_broken" not in applied(conn.db)
    assert applied(conn.db) == [m.__name__ for m in MIGRATIONS]


def test_wal_mode(store):
    assert store.conn.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
