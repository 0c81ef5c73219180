"""The schema as a list of named migrations, each applied once in its own transaction.

Once released, a migration stays as it is; a change goes into a new function
appended to ``MIGRATIONS``. Every migration runs in one transaction together with
the row that records it, so a crash never leaves a half-applied schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

logger = logging.getLogger(__name__)

Migration = Callable[[sqlite_utils.Database], None]


def m001_initial(db: sqlite_utils.Database) -> None:
    """Reports with their full-text index, chats, subscriptions and the delivery outbox."""
    db.execute(
        """
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL,
            summary TEXT NOT NULL,
            events TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            received TEXT NOT NULL,
            origin TEXT,
            incident INTEGER,
            duplicate_of INTEGER REFERENCES reports(id) ON DELETE SET NULL
        )
        """
    )
    db.execute("CREATE INDEX reports_received ON reports(received)")
    # The index holds normalised text (see bot.analysis.normalize): queries are
    # normalised the same way, so إدلب finds ادلب and معره finds معرة.
    db.execute(
        "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, summary, tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(
        "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
        "DELETE FROM reports_fts WHERE rowid = old.id; END"
    )
    db.execute(
        """
        CREATE TABLE chats (
            key TEXT PRIMARY KEY,
            transport TEXT NOT NULL,
            language TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'private',
            muted_until TEXT,
            digest TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            chat TEXT NOT NULL REFERENCES chats(key) ON UPDATE CASCADE ON DELETE CASCADE,
            types TEXT NOT NULL DEFAULT '[]',
            places TEXT NOT NULL DEFAULT '[]',
            keywords TEXT NOT NULL DEFAULT '[]',
            exclude TEXT NOT NULL DEFAULT '[]',
            min_killed INTEGER,
            active INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX subscriptions_chat ON subscriptions(chat)")
    db.execute(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            chat TEXT NOT NULL,
            report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'alert',
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            payload TEXT NOT NULL DEFAULT '{}',
            message_ref TEXT,
            created TEXT NOT NULL,
            sent_at TEXT
        )
        """
    )
    # Nothing doubled: one alert per report per chat, whatever retries or restarts do.
    db.execute("CREATE UNIQUE INDEX deliveries_once ON deliveries(chat, report_id, kind) WHERE report_id IS NOT NULL")
    db.execute("CREATE INDEX deliveries_due ON deliveries(state, next_attempt)")
    db.execute(
        """
        CREATE TABLE queries (
            id INTEGER PRIMARY KEY,
            chat TEXT NOT NULL,
            command TEXT NOT NULL,
            args TEXT NOT NULL,
            page INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL
        )
        """
    )


def m002_feeds(db: sqlite_utils.Database) -> None:
    """Watched feeds (validators, schedule, failures) and the entries seen in each."""
    from storage.feeds import create_feed_tables

    create_feed_tables(db)


def m003_incidents_and_digests(db: sqlite_utils.Database) -> None:
    """Incidents, report signatures for near-duplicates, finer filters, quiet hours, digest due times."""
    db.execute(
        """
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            type TEXT,
            place_key TEXT,
            place TEXT,
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            killed INTEGER,
            injured INTEGER,
            killed_children INTEGER,
            killed_women INTEGER,
            severity REAL NOT NULL DEFAULT 0,
            lead_report INTEGER REFERENCES reports(id) ON DELETE SET NULL
        )
        """
    )
    db.execute("CREATE INDEX incidents_first_at ON incidents(first_at)")
    # One MinHash signature per report (bot/incidents/similarity.py) and its lead event,
    # so a new report is compared with recent ones without re-reading their text.
    db.execute(
        """
        CREATE TABLE report_signatures (
            report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            signature BLOB NOT NULL,
            event TEXT
        )
        """
    )
    db.execute("CREATE INDEX report_signatures_at ON report_signatures(at)")
    db.execute("CREATE INDEX reports_incident ON reports(incident)")
    db.execute("ALTER TABLE subscriptions ADD COLUMN min_severity REAL")
    db.execute("ALTER TABLE subscriptions ADD COLUMN with_casualties INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE chats ADD COLUMN quiet_start TEXT")
    db.execute("ALTER TABLE chats ADD COLUMN quiet_end TEXT")
    db.execute("ALTER TABLE chats ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC'")
    # When each chat's next digest is due (epoch seconds): persisted, so a restart
    # neither forgets a digest nor sends one twice.
    db.execute(
        """
        CREATE TABLE digest_schedule (
            chat TEXT PRIMARY KEY REFERENCES chats(key) ON UPDATE CASCADE ON DELETE CASCADE,
            due REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX deliveries_chat_state ON deliveries(chat, state)")


def m004_message_marks(db: sqlite_utils.Database) -> None:
    """The highest message id seen per chat, so a send hidden by a crash can be found (storage/marks.py)."""
    db.execute("CREATE TABLE message_marks (chat TEXT PRIMARY KEY, message_id INTEGER NOT NULL)")


def m005_report_note(db: sqlite_utils.Database) -> None:
    """Why a report's analysis is incomplete (its time budget ran out), shown with the report."""
    db.execute("ALTER TABLE reports ADD COLUMN note TEXT")


def m006_alert_maps(db: sqlite_utils.Database) -> None:
    """Whether a chat's alerts come with a locator map (``/settings map on``)."""
    db.execute("ALTER TABLE chats ADD COLUMN alert_maps INTEGER NOT NULL DEFAULT 0")


def m007_contentless_search(db: sqlite_utils.Database) -> None:
    """The search index without its own copy of the text, with places and types in both languages.

    ``content=''`` keeps only the postings, ``detail=none`` only which report holds a token (queries are
    single tokens and prefixes, never phrases), and the rowid is the report id, so search walks the
    index newest-first (storage/search.py). Every stored report is indexed again, in id order.
    """
    from storage.search import index_values

    db.execute("DROP TRIGGER IF EXISTS reports_fts_delete")
    db.execute("DROP TABLE IF EXISTS reports_fts")
    db.execute(
        "CREATE VIRTUAL TABLE reports_fts USING fts5(body, tags, content='', detail=none,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    last = 0
    while True:
        rows = list(db.query("SELECT id, title, text, events FROM reports WHERE id > ? ORDER BY id LIMIT 2000", [last]))
        if not rows:
            break
        db.conn.executemany(
            "INSERT INTO reports_fts (rowid, body, tags) VALUES (?, ?, ?)",
            [(r["id"], *index_values(r["title"], r["text"], r["events"])) for r in rows],
        )
        last = rows[-1]["id"]
        logger.info("search index: %d reports indexed", last)


def m008_subscription_changes(db: sqlite_utils.Database) -> None:
    """A log of the chats whose alert filters changed, so a process keeps its compiled matcher
    (bot/delivery/matcher.py) and recompiles only those chats, also after another process's change."""
    db.execute("CREATE TABLE subscription_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chat TEXT NOT NULL)")
    log = "INSERT INTO subscription_changes (chat) VALUES"
    db.execute(f"CREATE TRIGGER subscriptions_insert_log AFTER INSERT ON subscriptions BEGIN {log} (new.chat); END")
    db.execute(f"CREATE TRIGGER subscriptions_delete_log AFTER DELETE ON subscriptions BEGIN {log} (old.chat); END")
    db.execute(
        "CREATE TRIGGER subscriptions_update_log AFTER UPDATE ON subscriptions"
        f" BEGIN {log} (old.chat); {log} (new.chat); END"
    )
    db.execute(
        "CREATE TRIGGER chats_update_log AFTER UPDATE OF key, disabled ON chats"
        f" WHEN old.key IS NOT new.key OR old.disabled IS NOT new.disabled BEGIN {log} (old.key); {log} (new.key); END"
    )
    db.execute(f"CREATE TRIGGER chats_delete_log AFTER DELETE ON chats BEGIN {log} (old.key); END")


def m009_hot_path_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the queries run per report and per toll update (tests/storage/test_query_plans.py).

    Who was alerted for an incident (deliveries by report), who also reported a report (reports by
    ``duplicate_of``, only the copies are in it), and the sent rows the outbox retention deletes (only
    sent rows are in it, so queueing an alert does not pay for it).
    """
    db.execute("CREATE INDEX deliveries_report ON deliveries(report_id, kind)")
    db.execute("CREATE INDEX reports_duplicate_of ON reports(duplicate_of) WHERE duplicate_of IS NOT NULL")
    db.execute("CREATE INDEX deliveries_sent ON deliveries(sent_at) WHERE state = 'sent'")


def m010_indexed_linking(db: sqlite_utils.Database) -> None:
    """Linking looks candidates up instead of loading the whole window (bot/pipeline.py).

    ``report_bands``: the LSH band keys of each report's MinHash signature (bot/incidents/similarity.py),
    so near-duplicates are found by key. ``incidents.region``: the governorate an incident lies in, so
    the incidents a report may belong to are found by (region, type, time).
    """
    import json

    from bot.incidents.similarity import band_keys
    from bot.models import Place
    from bot.places.containment import region

    db.execute(
        "CREATE TABLE report_bands (key INTEGER NOT NULL, report_id INTEGER NOT NULL,"
        " PRIMARY KEY (key, report_id)) WITHOUT ROWID"
    )
    last = 0
    while rows := list(
        db.query(
            "SELECT report_id, signature FROM report_signatures WHERE report_id > ? ORDER BY report_id LIMIT 5000",
            [last],
        )
    ):
        db.conn.executemany(
            "INSERT OR IGNORE INTO report_bands (key, report_id) VALUES (?, ?)",
            [(key, r["report_id"]) for r in rows for key in band_keys(bytes(r["signature"]))],
        )
        last = rows[-1]["report_id"]
    db.execute("ALTER TABLE incidents ADD COLUMN region TEXT")
    last = 0
    while rows := list(db.query("SELECT id, place FROM incidents WHERE id > ? ORDER BY id LIMIT 5000", [last])):
        db.conn.executemany(
            "UPDATE incidents SET region = ? WHERE id = ?",
            [
                (region(Place.from_json(json.loads(r["place"]))) if r["place"] else None, r["id"])
                for r in rows
                if r["place"]
            ],
        )
        last = rows[-1]["id"]
    db.execute("CREATE INDEX incidents_region ON incidents(region, type, first_at)")
    db.execute("CREATE INDEX incidents_place ON incidents(place_key, first_at)")


def m011_packed_text(db: sqlite_utils.Database) -> None:
    """Reports' text and events stored zlib-compressed (storage/rows.py pack/unpack): together about
    two thirds of a report's bytes before, a third after. A signature's event that is its report's own
    lead event is no longer stored twice (NULL: read from the report, storage/incidents.py)."""
    import json

    from bot.incidents.severity import lead_event
    from bot.models import Event
    from storage.rows import pack, unpack

    last = 0
    while rows := list(
        db.query(
            "SELECT id, text, events FROM reports WHERE id > ? AND typeof(text) = 'text' ORDER BY id LIMIT 2000",
            [last],
        )
    ):
        db.conn.executemany(
            "UPDATE reports SET text = ?, events = ? WHERE id = ?",
            [
                (pack(r["text"]), r["events"] if isinstance(r["events"], bytes) else pack(r["events"] or "[]"), r["id"])
                for r in rows
            ],
        )
        last = rows[-1]["id"]
    last = 0
    while rows := list(
        db.query(
            "SELECT s.report_id, s.event, r.events FROM report_signatures s JOIN reports r ON r.id = s.report_id"
            " WHERE s.report_id > ? AND s.event IS NOT NULL ORDER BY s.report_id LIMIT 2000",
            [last],
        )
    ):
        own = []
        for r in rows:
            lead = lead_event(Event.from_json(e) for e in json.loads(unpack(r["events"]) or "[]"))
            stored = json.loads(r["event"])
            if lead is not None and stored is not None and Event.from_json(stored) == lead:
                own.append((r["report_id"],))
        db.conn.executemany("UPDATE report_signatures SET event = NULL WHERE report_id = ?", own)
        last = rows[-1]["report_id"]


def m012_fanout(db: sqlite_utils.Database) -> None:
    """Alerts and toll updates still to be queued for a widely wanted report (storage/fanout.py).

    The report and this row commit together, so nothing is lost; the outbox rows then go in chunks,
    each its own short transaction, so no command waits for thousands of inserts.
    """
    db.execute(
        "CREATE TABLE fanout (report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
        " kind TEXT NOT NULL, incident INTEGER, chats TEXT NOT NULL, PRIMARY KEY (report_id, kind))"
    )


# The outbox's states as m013 checks them: a released migration stays as it is, so this is a copy of
# storage.outbox.DeliveryState at the time (tests/storage/test_outbox_states.py checks they agree).
M013_STATES = ("pending", "claimed", "sending", "sent", "failed", "held", "digested")


def m013_delivery_states(db: sqlite_utils.Database) -> None:
    """A CHECK on ``deliveries.state`` (storage/outbox.py's states): SQLite adds one only by rebuilding the table.

    The new table gets every column of the old one, the rows keep their ids, and every index on the old
    table is made again from its own SQL; all inside the migration's transaction. A row in a state no
    version writes (added by hand) is kept as ``failed``, with the state it had in ``last_error``.
    """
    states = ", ".join(f"'{s}'" for s in M013_STATES)
    indexes = [
        r["sql"]
        for r in db.query(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL"
        )
    ]
    columns = [c.name for c in db["deliveries"].columns]
    db.execute(
        f"""
        CREATE TABLE deliveries_new (
            id INTEGER PRIMARY KEY,
            chat TEXT NOT NULL,
            report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'alert',
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ({states})),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            payload TEXT NOT NULL DEFAULT '{{}}',
            message_ref TEXT,
            created TEXT NOT NULL,
            sent_at TEXT
        )
        """
    )
    known = [
        "id",
        "chat",
        "report_id",
        "kind",
        "state",
        "attempts",
        "next_attempt",
        "last_error",
        "payload",
        "message_ref",
        "created",
        "sent_at",
    ]
    if columns != known:
        raise RuntimeError(f"m013: deliveries has columns {columns}, expected {known}")
    select = [
        f"CASE WHEN state IN ({states}) THEN state ELSE 'failed' END"
        if c == "state"
        else f"CASE WHEN state IN ({states}) THEN last_error ELSE 'unknown state: ' || state END"
        if c == "last_error"
        else c
        for c in known
    ]
    db.execute(f"INSERT INTO deliveries_new ({', '.join(known)}) SELECT {', '.join(select)} FROM deliveries")
    db.execute("DROP TABLE deliveries")
    db.execute("ALTER TABLE deliveries_new RENAME TO deliveries")
    for sql in indexes:
        db.execute(sql)


def m014_search_copies(db: sqlite_utils.Database) -> None:
    """The ids of the reports that copy another, in an index of their own (storage/search.py).

    A search leaves copies out: with this index it tells a copy from the search index's row id alone,
    without reading the report's row, so counting a thousand matches reads no reports.
    """
    db.execute("CREATE INDEX reports_copies ON reports(id, duplicate_of) WHERE duplicate_of IS NOT NULL")


def m015_notices(db: sqlite_utils.Database) -> None:
    """One-time notices already sent, by chat and kind (storage/notices.py): the Matrix "cannot read
    encrypted rooms" notice was remembered in memory only, so it came again after every restart."""
    db.execute(
        "CREATE TABLE notices (chat TEXT NOT NULL, kind TEXT NOT NULL, sent TEXT NOT NULL, PRIMARY KEY (chat, kind))"
    )


MIGRATIONS: list[Migration] = [
    m001_initial,
    m002_feeds,
    m003_incidents_and_digests,
    m004_message_marks,
    m005_report_note,
    m006_alert_maps,
    m007_contentless_search,
    m008_subscription_changes,
    m009_hot_path_indexes,
    m010_indexed_linking,
    m011_packed_text,
    m012_fanout,
    m013_delivery_states,
    m014_search_copies,
    m015_notices,
]


def applied(db: sqlite_utils.Database) -> list[str]:
    if not db["_migrations"].exists():
        return []
    return [row["name"] for row in db.query("SELECT name FROM _migrations ORDER BY id")]


def migrate(db: sqlite_utils.Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every migration not yet applied; return the names applied now."""
    migrations = MIGRATIONS if migrations is None else migrations
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations"
        " (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, applied TEXT NOT NULL)"
    )
    done = set(applied(db))
    now_applied: list[str] = []
    for migration in migrations:
        name = migration.__name__
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            migration(db)
            db.execute("INSERT INTO _migrations (name, applied) VALUES (?, ?)", [name, datetime.now(UTC).isoformat()])
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        logger.info("applied migration %s", name)
        now_applied.append(name)
    return now_applied


def schema_version(db: sqlite_utils.Database) -> int:
    return len(applied(db))
