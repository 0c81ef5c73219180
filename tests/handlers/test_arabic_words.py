"""The Arabic help names the Arabic keyword, and that keyword works (issue 12, item 9)."""

from __future__ import annotations

from bot.places import PlaceKey
from tests.handlers.test_commands import say


async def test_arabic_help_shows_fi_not_in(store):
    [reply] = await say(store, "/help")
    line = next(line for line in reply.text.splitlines() if line.startswith("/subscribe"))
    assert "[في مكان…]" in line
    assert "in " not in line


async def test_the_fi_of_the_help_places_a_subscription(store):
    [reply] = await say(store, "/subscribe غارة في إدلب")
    [subscription] = store.subscriptions.for_chat("tg:1")
    assert subscription.types == ("airstrike",)
    assert subscription.places == (str(PlaceKey("gov", "Idlib", "Idlib")),)
    assert reply.text == "تم الاشتراك (#1): غارة جوية · في إدلب."
