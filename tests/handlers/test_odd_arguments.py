"""Odd arguments to every command answer in one line; none is an internal error."""

from __future__ import annotations

import pytest

from handlers import COMMANDS
from tests.handlers.test_commands import say

HUGE = "9" * 23  # beyond SQLite's 64-bit integers
ODD = ["", "x" * 5000, "إدلب", "🔥💥", '"quoted"', '"unbalanced', "٣", "²", HUGE, "9" * 400, "-1", "0"]


@pytest.mark.parametrize(
    "text",
    [
        f"/unsubscribe {HUGE}",
        "/unsubscribe ٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣",
        "/unsubscribe ²",
        f"/page {HUGE} 1",
        f"/page 1 {HUGE}",
        "/page ² 1",
        "/latest ²",
        f"/settings mute {HUGE}h",
        f"/settings mute {HUGE}d",
        f"/subscribe killed>={HUGE}",
        f"/subscribe killed>={'9' * 400}",
        f"/subscribe severity>={'9' * 400}",
        f"/addfeed https://example.org/feed {HUGE}",
        "/addfeed https://example.org/feed ²",
    ],
)
async def test_huge_and_odd_numbers_are_no_internal_error(store, text, caplog):
    replies = await say(store, text, bot_admin=True)
    assert replies and all("سُجّل" not in r.text for r in replies), replies  # not cmd.error
    assert "failed in" not in caplog.text


async def test_a_huge_minimum_is_kept_as_never():
    from handlers.filters import MAX_MINIMUM, parse_filters

    filters = parse_filters(f"killed>={'9' * 400} severity>={HUGE}")
    assert (filters.min_killed, filters.min_severity) == (MAX_MINIMUM, MAX_MINIMUM)


async def test_mute_longer_than_timedelta_is_the_longest_mute(store):
    await say(store, f"/settings mute {HUGE}d")
    chat = store.chats.get("tg:1")
    assert chat.muted_until is not None


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("args", ODD)
async def test_every_command_survives_odd_arguments(store, name, args, caplog):
    replies = await say(store, f"/{name} {args}".rstrip(), bot_admin=True)
    assert isinstance(replies, list)
    assert "failed in" not in caplog.text
