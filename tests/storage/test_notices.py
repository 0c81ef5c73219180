"""Notices: a one-time notice is remembered per chat and kind, across a reopen, and forgotten with its chat."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.front import AsyncStore


def test_a_notice_is_recorded_once_per_chat_and_kind_and_survives_a_reopen(db_path: Path) -> None:
    store = Store.open(db_path)
    assert not store.notices.told("mx:!a:hs", "encrypted_room")
    assert store.notices.record("mx:!a:hs", "encrypted_room") is True
    assert store.notices.record("mx:!a:hs", "encrypted_room") is False  # already remembered
    store.close()

    reopened = Store.open(db_path)
    try:
        assert reopened.notices.told("mx:!a:hs", "encrypted_room")
        assert not reopened.notices.told("mx:!b:hs", "encrypted_room")  # another room
        assert not reopened.notices.told("mx:!a:hs", "other_notice")  # another kind
    finally:
        reopened.close()


def test_forgetting_a_chat_forgets_its_notices(store: Store) -> None:
    store.chats.ensure("mx:!a:hs")
    store.notices.record("mx:!a:hs", "encrypted_room")
    store.notices.record("mx:!b:hs", "encrypted_room")
    store.chats.forget("mx:!a:hs")  # the bot left: a later invitation is told again
    assert not store.notices.told("mx:!a:hs", "encrypted_room")
    assert store.notices.told("mx:!b:hs", "encrypted_room")


async def test_the_async_front_reads_and_writes_notices(store: Store) -> None:
    front = AsyncStore.over(store)
    assert await front.notices.record("mx:!a:hs", "encrypted_room") is True
    assert await front.notices.told("mx:!a:hs", "encrypted_room")
    assert store.notices.told("mx:!a:hs", "encrypted_room")
