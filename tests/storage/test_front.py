"""The store's async front (storage/front.py): reads that never wait for the writer, one writer thread, and a
command's calls ahead of background work."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from bot.errors import StorageError
from storage import Store
from storage.database import ReadOnlyConnection
from storage.front import AsyncStore
from tests.helpers import analysis, raw


@pytest.fixture
def front(store: Store) -> AsyncStore:
    return AsyncStore.over(store)


def test_one_front_per_store(store: Store, front: AsyncStore) -> None:
    assert AsyncStore.over(store) is front and AsyncStore.over(front) is front and store.front is front


async def test_a_read_does_not_wait_for_a_write_transaction(store: Store, front: AsyncStore) -> None:
    store.reports.add(raw("Shelling on Idlib.", "Idlib"), analysis(language="en"))
    store.chats.ensure("tg:1")
    inside, release = threading.Event(), threading.Event()

    def ingest() -> None:  # the pipeline's thread, in the middle of a report's transaction
        with store.transaction():
            store.chats.set_language("tg:1", "en")
            inside.set()
            release.wait()

    writer = threading.Thread(target=ingest)
    writer.start()
    try:
        assert await asyncio.to_thread(inside.wait, 30)
        # Bounded only so that a regression fails instead of hanging: the transaction is held until after this.
        chat, latest = await asyncio.wait_for(
            asyncio.gather(front.chats.get("tg:1"), front.reports.latest(limit=5)), timeout=30
        )
        assert not release.is_set()
        assert chat is not None and chat.language == "ar"  # committed data only: the change is not committed yet
        assert [r.title for r in latest] == ["Idlib"]
    finally:
        release.set()
        writer.join()
    assert (await front.chats.get("tg:1")).language == "en"  # type: ignore[union-attr]


async def test_writes_run_on_one_thread_off_the_loop(front: AsyncStore) -> None:
    threads = set()

    def note(key: str) -> None:
        threads.add(threading.get_ident())
        front.sync.chats.ensure(key)

    await asyncio.gather(*(front.write(note, f"tg:{i + 1}") for i in range(20)))
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert all([await front.chats.get(f"tg:{i + 1}") for i in range(20)])


async def test_a_command_goes_ahead_of_the_background_work_queued(front: AsyncStore) -> None:
    busy, release = threading.Event(), threading.Event()
    order: list[str] = []

    def hold() -> None:
        busy.set()
        release.wait()

    blocker = asyncio.ensure_future(front.write(hold))
    assert await asyncio.to_thread(busy.wait, 30)  # the writer thread is busy: what follows is queued
    background = [asyncio.ensure_future(front.write(order.append, f"sender {i}")) for i in range(3)]
    await asyncio.sleep(0)  # the sender's calls are queued first
    with front.answering():
        command = asyncio.ensure_future(front.write(order.append, "command"))
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(blocker, command, *background)
    assert order == ["command", "sender 0", "sender 1", "sender 2"]


def test_a_read_only_connection_refuses_to_write(store: Store) -> None:
    reader = Store(ReadOnlyConnection(store.conn.path))
    try:
        with pytest.raises(StorageError):
            reader.chats.set_language("tg:1", "en")
        with pytest.raises(sqlite3.OperationalError):  # query_only, even past the Store's own transaction()
            reader.conn.db.execute("INSERT INTO queries (chat, command, args, created) VALUES ('a', 'b', 'c', 'd')")
    finally:
        reader.close()


async def test_closing_the_store_finishes_the_queued_calls_and_closes_the_front(store: Store) -> None:
    front = AsyncStore.over(store)
    await front.chats.get("tg:1")  # a reader thread opened its connection
    pending = asyncio.ensure_future(front.write(store.chats.ensure, "tg:9"))
    await asyncio.sleep(0)
    await asyncio.to_thread(store.close)
    assert (await pending).key == "tg:9" and store.front is None
    with pytest.raises(StorageError):
        await front.chats.get("tg:9")
