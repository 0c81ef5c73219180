"""Search, /latest and a known chat's row are read without the writer's lock: a command is answered
while an ingest's transaction is open (the reader does not wait for it to end)."""

from __future__ import annotations

import threading

from storage import Store
from tests.helpers import analysis, raw


def test_reads_go_on_while_a_write_transaction_is_open(store: Store) -> None:
    store.chats.ensure("tg:1")
    stored = store.reports.add(raw("Shelling on Idlib.", "Idlib"), analysis(language="en")).id
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.transaction():
            store.reports.add(raw("Not committed yet: Idlib again.", "Idlib 2"), analysis(language="en"))
            held.set()
            release.wait(60)

    results: list = []
    write = threading.Thread(target=writer)
    write.start()
    assert held.wait(30)
    read = threading.Thread(
        target=lambda: results.append(
            (store.chats.ensure("tg:1"), store.search("Idlib"), store.reports.latest(5), store.search.count("Idlib"))
        )
    )
    read.start()
    read.join(30)  # generous: it needs no lock, so it does not wait for the writer at all
    answered_while_open = not read.is_alive()
    release.set()
    write.join()
    read.join()
    assert answered_while_open
    chat, found, latest, count = results[0]
    assert chat.key == "tg:1"
    assert [r.id for r in found] == [stored] == [r.id for r in latest] and count == 1  # committed rows only
    assert len(store.search("Idlib")) == 2  # and the other once it commits
