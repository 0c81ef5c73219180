"""/subscribe, /unsubscribe and /settings for precise alerts: several subscriptions, mute, quiet hours, digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers import Context, dispatch, parse_command


async def say(store, text, *, chat="tg:1", admin=True):
    command = parse_command(text)
    assert command is not None
    ctx = Context(store=store, chat=chat, user=chat, command=command.name, args=command.args, is_chat_admin=admin)
    return [r.text for r in await dispatch(ctx)]


async def test_several_subscriptions_each_with_an_id_in_either_language(store):
    store.chats.ensure("tg:1", language="en")
    assert await say(store, "/subscribe airstrike shelling in Idlib Hama") == [
        "Subscribed (#1): Airstrike · Shelling · in Idlib, Hama."
    ]
    assert await say(store, "/subscribe in إدلب -هدنة قتلى>=3") == ["Subscribed (#2): in Idlib · -“هدنة” · killed ≥ 3."]
    assert await say(store, "/subscribe casualties severity>=12") == [
        "Subscribed (#3): severity ≥ 12 · with casualties."
    ]
    [subscriptions, *_] = await say(store, "/settings")
    assert subscriptions.splitlines()[:4] == [
        "Subscriptions of this chat:",
        "#1: Airstrike · Shelling · in Idlib, Hama",
        "#2: in Idlib · -“هدنة” · killed ≥ 3",
        "#3: severity ≥ 12 · with casualties",
    ]
    assert await say(store, "/unsubscribe #1 ٣") == ["Removed 2 subscription(s)."]
    assert [s.id for s in store.subscriptions.for_chat("tg:1")] == [2]
    assert await say(store, "/unsubscribe الكل") == ["Removed 1 subscription(s)."]


async def test_arabic_descriptions(store):
    store.chats.ensure("tg:1", language="ar")
    assert await say(store, "/subscribe غارة في حلب وإدلب ضحايا") == [
        "تم الاشتراك (#1): غارة جوية · في حلب، إدلب · مع ضحايا."
    ]


@pytest.mark.parametrize(
    ("command", "check"),
    [
        (
            "/settings mute 2h",
            lambda c: timedelta(hours=1, minutes=59) < c.muted_until - datetime.now(UTC) <= timedelta(hours=2),
        ),
        (
            "/settings كتم ٣٠د",
            lambda c: timedelta(minutes=29) < c.muted_until - datetime.now(UTC) <= timedelta(minutes=30),
        ),
        ("/settings quiet 23:00-07:00", lambda c: (c.quiet_start, c.quiet_end) == ("23:00", "07:00")),
        ("/settings هدوء 22 6", lambda c: (c.quiet_start, c.quiet_end) == ("22:00", "06:00")),
        ("/settings tz Asia/Damascus", lambda c: c.timezone == "Asia/Damascus"),
        ("/settings المنطقة +03:00", lambda c: c.timezone == "+03:00"),
        ("/settings digest daily", lambda c: c.digest == "daily"),
        ("/settings ملخص ساعي", lambda c: c.digest == "hourly"),
    ],
)
async def test_settings_in_arabic_and_english(store, command, check):
    store.chats.ensure("tg:1", language="en")
    await say(store, command)
    assert check(store.chats.get("tg:1"))


async def test_settings_show_quiet_hours_and_digest_and_turn_them_off(store):
    store.chats.ensure("tg:1", language="en")
    await say(store, "/settings tz +03:00")
    await say(store, "/settings quiet 23:00-07:00")
    [text] = await say(store, "/settings digest daily")
    assert text.splitlines()[-2:] == [
        "Quiet hours: 23:00–07:00 (+03:00); alerts wait and come as one digest",
        "Digest: daily",
    ]
    await say(store, "/settings quiet off")
    await say(store, "/settings digest off")
    chat = store.chats.get("tg:1")
    assert (chat.quiet_start, chat.quiet_end, chat.digest) == (None, None, None)


async def test_changing_settings_replans_the_next_digest(store):
    store.chats.ensure("tg:1", language="en")
    store.digests.set_due("tg:1", 123.0)
    await say(store, "/settings unmute")
    assert store.digests.due_at("tg:1") is None


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/settings tz Mars/Olympus", "Unknown time zone “Mars/Olympus”. Try Asia/Damascus or +03:00."),
        (
            "/settings quiet soon",
            "Usage: /settings mute 2h | unmute | quiet 23:00-07:00 | quiet off | tz Asia/Damascus"
            " | digest hourly|daily|off | lang ar|en | type airstrike | gov Idlib | page types|places",
        ),
        ("/settings mute forever", None),
    ],
)
async def test_bad_settings_answer_with_one_line(store, command, answer):
    store.chats.ensure("tg:1", language="en")
    [text] = await say(store, command)
    assert text == (answer or (await say(store, "/settings quiet soon"))[0])


async def test_only_chat_admins_change_settings_in_groups(store):
    store.chats.ensure("tg:-5", language="en")
    [text] = await say(store, "/settings digest daily", chat="tg:-5", admin=False)
    assert text == "Only chat administrators can change this chat's subscriptions and settings."
    assert store.chats.get("tg:-5").digest is None
