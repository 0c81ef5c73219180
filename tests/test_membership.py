"""The chat policy's decisions, on a real SQLite store: what moved, gone, back, left and strikes do to a chat."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from bot.membership import GONE_STRIKES, Membership
from tests.helpers import raw


@pytest.fixture
def membership(store) -> Membership:
    return Membership(store.chats)


def _report(store, text: str = "غارة جوية على مدينة إدلب صباح اليوم.") -> int:
    return store.reports.add(raw(text), analyze(text)).id


def test_moved_subscriptions_settings_and_pending_alerts_follow(store, membership):
    store.chats.ensure("tg:-1", kind="group", language="en")
    store.subscriptions.add("tg:-1", types=("airstrike",))
    report = _report(store)
    pending = store.outbox.enqueue("tg:-1", report)
    sent = store.outbox.enqueue("tg:-1", _report(store, "قصف مدفعي على ريف حلب الغربي."))
    store.outbox.mark_sent(sent, "5")

    assert membership.moved("tg:-1", "tg:-100") is True

    assert store.chats.get("tg:-1") is None
    moved = store.chats.get("tg:-100")
    assert (moved.kind, moved.language) == ("group", "en")
    assert [s.types for s in store.subscriptions.for_chat("tg:-100")] == [("airstrike",)]
    assert store.subscriptions.for_chat("tg:-1") == []
    assert store.outbox.get(pending).chat == "tg:-100"
    assert store.outbox.get(sent).chat == "tg:-1"  # what was sent stays where it was sent


def test_moved_from_an_unknown_chat_moves_nothing(store, membership):
    store.chats.ensure("mx:!new:server")
    assert membership.moved("mx:!old:server", "mx:!new:server") is False
    assert store.chats.get("mx:!new:server") is not None
    assert store.chats.get("mx:!old:server") is None


def test_gone_disables_at_once_and_back_enables(store, membership):
    store.chats.ensure("tg:7")
    assert membership.gone("tg:7") is True
    assert store.chats.get("tg:7").disabled
    assert membership.gone("tg:7") is False  # already stopped
    assert membership.back("tg:7") is True
    assert not store.chats.get("tg:7").disabled
    assert membership.back("tg:7") is False  # nothing to resume


def test_gone_and_back_of_a_chat_never_seen_write_nothing(store, membership):
    assert membership.gone("tg:8") is False
    assert membership.back("tg:8") is False
    assert store.chats.get("tg:8") is None


def test_left_forgets_the_chat_its_subscriptions_and_unsent_alerts(store, membership):
    store.chats.ensure("mx:!room:server")
    store.subscriptions.add("mx:!room:server", types=("shelling",))
    pending = store.outbox.enqueue("mx:!room:server", _report(store))
    membership.left("mx:!room:server")
    assert store.chats.get("mx:!room:server") is None
    assert store.subscriptions.for_chat("mx:!room:server") == []
    assert store.outbox.get(pending) is None


def test_strikes_disable_after_the_third_until_start(store, membership):
    store.chats.ensure("tg:9")
    verdicts = [membership.strike("tg:9") for _ in range(GONE_STRIKES)]
    assert verdicts == [False] * (GONE_STRIKES - 1) + [True]
    assert GONE_STRIKES == 3
    assert store.chats.get("tg:9").disabled
    assert membership.back("tg:9") is True  # /start
    chat = store.chats.get("tg:9")
    assert not chat.disabled
    assert membership.strike("tg:9") is False  # the count starts again after /start


def test_a_gone_chat_needs_three_fresh_strikes_after_it_came_back(store, membership):
    store.chats.ensure("tg:10")
    membership.strike("tg:10")
    membership.strike("tg:10")
    membership.gone("tg:10")
    membership.back("tg:10")
    assert [membership.strike("tg:10") for _ in range(3)] == [False, False, True]
