"""Subscriptions.update: what the /settings toggles change, and only for the chat that owns the subscription."""

from __future__ import annotations

from dataclasses import replace


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
