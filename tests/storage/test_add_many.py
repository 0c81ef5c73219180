"""The bulk path (``Reports.add_many``): the same rows and index rows as ``add``, nothing doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.analysis import analyze
from bot.models import Event
from storage import Store
from tests.helpers import IDLIB, MAARAT, analysis, raw

TEXTS = [
    ("قصف على مدينة إدلب", "استهدفت غارات جوية أحياء مدينة إدلب صباح اليوم."),
    ("غارة على معرة النعمان", "قتل مدنيون في معرة النعمان بريف إدلب الجنوبي."),
    ("Shelling in Douma", "Artillery shelling hit Douma in Eastern Ghouta, killing 4 people."),
]
AT = datetime(2026, 3, 1, tzinfo=UTC)


def _items():
    return [
        (raw(text, title), analyze(text, title=title), AT + timedelta(minutes=n))
        for n, (title, text) in enumerate(TEXTS)
    ]


def _vocab(store: Store) -> dict[str, int]:
    """Every term of the search index with the number of reports holding it (an fts5vocab view of it)."""
    with store.transaction() as db:
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, reports_fts, row)")
        return {r["term"]: r["doc"] for r in db.query("SELECT term, doc FROM temp.fts_terms")}


def test_add_many_stores_what_add_stores(tmp_path):
    one, many = Store.open(tmp_path / "one.db"), Store.open(tmp_path / "many.db")
    try:
        for item in _items():
            one.reports.add(item[0], item[1], received=item[2])
        ids = many.reports.add_many(_items())
        assert ids == [1, 2, 3]
        columns = "id, hash, source, url, title, text, language, summary, events, published, received, origin"
        with one.conn.reading() as a, many.conn.reading() as b:
            assert list(a.query(f"SELECT {columns} FROM reports")) == list(b.query(f"SELECT {columns} FROM reports"))
        assert _vocab(one) == _vocab(many) != {}
        assert [r.id for r in many.search("ادلب", limit=10)] == [r.id for r in one.search("ادلب", limit=10)] == [2, 1]
    finally:
        one.close()
        many.close()


def test_add_many_skips_known_and_repeated_hashes(store):
    first = store.reports.add(*_items()[0][:2])
    items = _items()
    ids = store.reports.add_many([*items, items[1]])
    assert first.created and ids == [2, 3]
    assert store.reports.count() == 3
    assert store.reports.add_many(items) == []
    # ids follow the highest, also after a gap
    store.reports.delete_older_than(AT + timedelta(minutes=1))
    (new,) = store.reports.add_many([(raw("نص جديد عن إدلب"), analysis(Event("airstrike", IDLIB)), AT)])
    assert new == 4


def test_index_rows_of_add_many_delete_cleanly(store):
    """A contentless index forgets what it indexed: deleting must repeat exactly what add_many indexed."""
    events = (Event("airstrike", MAARAT, killed=3), Event("shelling", IDLIB))
    store.reports.add_many([(raw("غارة على معرة النعمان وقصف في إدلب", "غارة"), analysis(*events), AT)])
    assert store.search("Idlib") and _vocab(store)
    store.reports.delete_older_than(AT + timedelta(days=1))
    assert all(n == 0 for n in _vocab(store).values())
    assert store.search("Idlib") == []


def test_bulk_settings_go_back(store):
    with store.conn.reading() as db:
        cache = next(db.query("PRAGMA cache_size"))["cache_size"]
    store.reports.add_many(_items())
    with store.conn.reading() as db:
        assert next(db.query("PRAGMA cache_size"))["cache_size"] == cache
        assert next(db.query("SELECT v FROM reports_fts_config WHERE k = 'hashsize'"))["v"] == 1024 * 1024
