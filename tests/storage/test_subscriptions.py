"""Subscriptions.update and update_many: what the /settings toggles change, and only for the chat that owns them."""

from __future__ import annotations

from dataclasses import replace

import pytest


def test_update_replaces_types_and_places_and_keeps_the_rest(store):
    store.chats.ensure("tg:1")
    made = store.subscriptions.add("tg:1", types=("airstrike",), keywords=("سراقب",), min_killed=2)
    updated = store.subscriptions.update("tg:1", made.id, places=("gov:Idlib",))
    assert updated == replace(made, places=("gov:Idlib",))
    updated = store.subscriptions.update("tg:1", made.id, types=())
    assert updated == replace(made, types=(), places=("gov:Idlib",))
    assert store.subscriptions.for_chat("tg:1") == [updated]
    assert store.subscriptions.update("tg:1", made.id) == updated  # nothing given: nothing changes


def test_update_of_another_chats_subscription_changes_nothing(store):
    store.chats.ensure("tg:1")
    store.chats.ensure("tg:2")
    made = store.subscriptions.add("tg:1", types=("airstrike",))
    assert store.subscriptions.update("tg:2", made.id, types=("shelling",)) is None
    assert store.subscriptions.update("tg:1", made.id + 1, types=("shelling",)) is None
    assert store.subscriptions.for_chat("tg:1") == [made]


def test_update_many_changes_each_of_the_chats_subscriptions_in_one_go(store):
    store.chats.ensure("tg:1")
    store.chats.ensure("tg:2")
    first = store.subscriptions.add("tg:1", types=("airstrike",), places=("gov:Idlib",), min_killed=2)
    second = store.subscriptions.add("tg:1", keywords=("سراقب",))
    theirs = store.subscriptions.add("tg:2", types=("protest",))
    after = store.subscriptions.update_many(
        "tg:1",
        {first.id: (("airstrike", "shelling"), None), second.id: (None, ("gov:Hama",)), theirs.id: ((), ())},
    )
    assert after == [
        replace(first, types=("airstrike", "shelling")),
        replace(second, places=("gov:Hama",)),
    ]
    assert store.subscriptions.for_chat("tg:1") == after
    assert store.subscriptions.for_chat("tg:2") == [theirs]  # another chat's id in the changes: untouched


def test_update_many_is_all_or_nothing(store):
    store.chats.ensure("tg:1")
    first = store.subscriptions.add("tg:1", types=("airstrike",))
    second = store.subscriptions.add("tg:1", types=("shelling",))
    unwritable = (object(),)  # fails to serialise after the first UPDATE ran
    with pytest.raises(TypeError):
        store.subscriptions.update_many("tg:1", {first.id: ((), None), second.id: (unwritable, None)})  # type: ignore[dict-item]
    assert store.subscriptions.for_chat("tg:1") == [first, second]
