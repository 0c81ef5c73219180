"""Saved queries are kept without waiting for the writer, and reach the table (storage/queries.py)."""

from __future__ import annotations

import threading

from storage import Store


def test_save_does_not_wait_for_a_write_transaction(db_path):
    store = Store.open(db_path)
    held, release = threading.Event(), threading.Event()

    def ingest() -> None:  # a long write transaction, as an ingest fanning out alerts holds it
        with store.transaction():
            held.set()
            release.wait(30)

    writer = threading.Thread(target=ingest)
    writer.start()
    held.wait(30)
    try:
        first = store.queries.save("tg:1", "search", "ادلب")  # returns while the transaction is still open
        second = store.queries.save("tg:1", "latest", "")
        assert writer.is_alive() and not release.is_set()
        assert (first, second) == (1, 2)
        assert store.queries.get(first, "tg:1") == ("search", "ادلب")
        assert store.queries.get(first, "tg:2") is None  # another chat's query is not shown
        assert store.queries.last("tg:1") == (2, "latest", "", 1)
        store.queries.set_page(second, 3)
        assert store.queries.last("tg:1") == (2, "latest", "", 3)
    finally:
        release.set()
        writer.join()
    store.close()  # writes what is left
    again = Store.open(db_path)
    try:
        with again.conn.reading() as db:
            rows = [(r["id"], r["command"], r["args"], r["page"]) for r in db.query("SELECT * FROM queries")]
        assert rows == [(1, "search", "ادلب", 1), (2, "latest", "", 3)]
        assert again.queries.save("tg:1", "search", "حلب") == 3  # ids go on after the stored ones
        assert again.queries.last("tg:1")[0] == 3
    finally:
        again.close()


def test_saved_queries_are_written_in_the_background(store):
    query_id = store.queries.save("tg:1", "search", "Idlib")
    store.queries.flush()
    with store.conn.reading() as db:
        assert [r["args"] for r in db.query("SELECT args FROM queries WHERE id = ?", [query_id])] == ["Idlib"]
    store.queries.set_page(query_id, 2)  # a written row: updated in the table
    assert store.queries.last("tg:1") == (query_id, "search", "Idlib", 2)


async def test_the_async_fronts_readers_see_a_query_saved_a_moment_before(store):
    """/search then /more at once: ``last`` and ``get`` run on reader threads (other Stores, read-only
    connections to the same file) and see the query while it is still kept in memory."""
    from storage.front import AsyncStore

    front = AsyncStore.over(store)
    held, release = threading.Event(), threading.Event()

    def ingest() -> None:  # a write transaction open: the kept row cannot be written yet
        with store.transaction():
            held.set()
            release.wait(30)

    writer = threading.Thread(target=ingest)
    writer.start()
    held.wait(30)
    try:
        query_id = await front.queries.save("tg:1", "search", "ادلب")
        assert await front.queries.last("tg:1") == (query_id, "search", "ادلب", 1)
        assert await front.queries.get(query_id, "tg:1") == ("search", "ادلب")
    finally:
        release.set()
        writer.join()
