"""Chat commands, transport-neutral: a command goes in, replies come out."""

from __future__ import annotations

import pytest

from bot.analysis import analyze
from handlers import COMMANDS, Context, dispatch, parse_command
from tests.helpers import raw


def ctx(store, text, *, chat="tg:1", user="tg:1", kind="private", admin=True, bot_admin=False, button=False):
    command = parse_command(text)
    assert command is not None
    return Context(
        store=store,
        chat=chat,
        user=user,
        command=command.name,
        args=command.args,
        chat_kind=kind,
        is_chat_admin=admin,
        is_bot_admin=bot_admin,
        from_button=button,
    )


async def say(store, text, **kwargs):
    return await dispatch(ctx(store, text, **kwargs))


@pytest.fixture
def reports(store):
    texts = [
        ("غارة على معرة النعمان", "قتل خمسة مدنيين في غارة على معرة النعمان بريف إدلب."),
        ("قصف على أريحا", "قصف مدفعي على أريحا في ريف إدلب."),
        ("Talks in Geneva", "The UN envoy met the delegations in Geneva."),
    ]
    for title, text in texts:
        store.reports.add(raw(text, title, url="https://example.org/" + str(len(title))), analyze(text, title=title))
    return store


@pytest.mark.parametrize(
    ("text", "name", "args", "bot"),
    [
        ("/start", "start", "", None),
        ("/search@MarsadBot إدلب  ", "search", "إدلب", "MarsadBot"),
        ("!latest 3", "latest", "3", None),
        ("/Subscribe airstrike in Idlib", "subscribe", "airstrike in Idlib", None),
    ],
)
def test_parse_command(text, name, args, bot):
    command = parse_command(text)
    assert (command.name, command.args, command.bot_name) == (name, args, bot)


@pytest.mark.parametrize("text", ["hello", "/", "/ latest", "", "//x"])
def test_not_commands(text):
    assert parse_command(text) is None


async def test_every_contract_command_has_a_handler_and_help_line(store):
    for name in ("start", "help", "subscribe", "unsubscribe", "settings", "latest", "search", "sources", "lang"):
        assert name in COMMANDS
        assert COMMANDS[name].help_key
    for language in ("ar", "en"):
        store.chats.ensure("tg:9", language=language)
        [reply] = await say(store, "/help", chat="tg:9")
        for name in ("/start", "/subscribe", "/unsubscribe", "/settings", "/latest", "/search", "/sources", "/lang"):
            assert name in reply.text
        store.chats.forget("tg:9")


async def test_subscribe_then_unsubscribe(store):
    [reply] = await say(store, "/subscribe")
    assert reply.text == "تم الاشتراك (#1): كل التنبيهات."
    [reply] = await say(store, "/subscribe")
    assert reply.text == "لهذه المحادثة هذا الاشتراك من قبل (#1)."
    await say(store, "/lang en")
    [reply] = await say(store, '/subscribe غارة قصف in إدلب حماة -"وقف إطلاق" killed>=3')
    # Places are resolved: a governorate is stored by its gazetteer name and shown in the chat's language.
    assert reply.text == "Subscribed (#2): Airstrike · Shelling · in Idlib, Hama · -“وقف إطلاق” · killed ≥ 3."
    subscription = store.subscriptions.for_chat("tg:1")[1]
    assert (subscription.types, subscription.places, subscription.exclude, subscription.min_killed) == (
        ("airstrike", "shelling"),
        ("gov:Idlib", "gov:Hama"),
        ("وقف إطلاق",),
        3,
    )
    [reply] = await say(store, "/unsubscribe 2")
    assert reply.text == "Removed 1 subscription(s)."
    [reply] = await say(store, "/unsubscribe 2")
    assert reply.text == "No such subscription. /settings lists them."
    [reply] = await say(store, "/unsubscribe all")
    assert reply.text == "Removed 1 subscription(s)."
    [reply] = await say(store, "/unsubscribe soon")
    assert reply.text == "Usage: /unsubscribe ID or /unsubscribe all"


async def test_group_members_who_are_not_admins_cannot_change_settings(store):
    for text in ("/subscribe", "/unsubscribe all", "/lang en", "/settings mute 2h"):
        [reply] = await say(store, text, chat="tg:-5", user="tg:7", kind="group", admin=False)
        assert reply.text == "تغيير اشتراكات المحادثة وإعداداتها لمشرفي المحادثة فقط."
    assert store.subscriptions.for_chat("tg:-5") == []
    [reply] = await say(store, "/latest", chat="tg:-5", user="tg:7", kind="group", admin=False)
    assert reply.text == "لا توجد تقارير بعد."


async def test_latest_pages_with_buttons(reports):
    [reply] = await say(reports, "/latest 2")
    assert reply.text.startswith("أحدث التقارير (1–2):")
    assert "Talks in Geneva" in reply.text and "قصف على أريحا" in reply.text
    assert "معرة" not in reply.text
    [[button]] = reply.buttons
    assert len(button.data.encode()) <= 64
    [page2] = await say(reports, button.data, button=True)
    assert page2.edit
    assert page2.text.startswith("أحدث التقارير (3–3):") and "غارة على معرة النعمان" in page2.text
    [[back]] = page2.buttons
    assert back.label == "▶ السابق"


async def test_latest_filtered_by_place(reports):
    [reply] = await say(reports, "/latest أريحا")
    assert "قصف على أريحا" in reply.text and "Geneva" not in reply.text


async def test_search_and_more(reports):
    [reply] = await say(reports, "/search ادلب")
    assert reply.text.splitlines()[0] == "نتائج «ادلب» (1–2 من 2):"
    assert '<a href="https://example.org/' in reply.html
    [more] = await say(reports, "/more")
    assert more.text == "لا صفحات أخرى. أرسل /latest أو /search أولاً."
    [none] = await say(reports, "/search حلب")
    assert none.text == "لا نتائج لـ «حلب»."
    [usage] = await say(reports, "/search")
    assert usage.text == "الاستخدام: ‎/search نص"


async def test_a_page_of_another_chat_is_not_shown(reports):
    [_reply] = await say(reports, "/search ادلب", chat="tg:1")
    query_id = reports.queries.last("tg:1")[0]
    [other] = await say(reports, f"/page {query_id} 1", chat="tg:2", user="tg:2")
    assert other.text == "لا صفحات أخرى. أرسل /latest أو /search أولاً."


async def test_settings_shows_and_changes(store):
    await say(store, "/subscribe airstrike")
    [reply] = await say(store, "/settings")
    assert "#1: غارة جوية" in reply.text and "اللغة: العربية" in reply.text
    [reply] = await say(store, "/settings mute 2h")
    assert "مكتومة حتى" in reply.text
    assert store.chats.get("tg:1").muted_until is not None
    [reply] = await say(store, "/settings lang en", button=True)
    assert reply.edit and "Language: English" in reply.text


async def test_start_re_enables_a_disabled_chat(store):
    store.chats.ensure("tg:1")
    store.chats.set_disabled("tg:1", True)
    await say(store, "/start")
    assert store.chats.get("tg:1").disabled is False


async def test_unknown_command(store):
    [reply] = await say(store, "/frobnicate")
    assert reply.text == "أمر غير معروف. /help يعرض الأوامر."


async def test_hostile_titles_are_escaped_in_html(store):
    title = "<b>bold</b> & </a> \u202eevil"
    store.reports.add(raw("نص عادي عن قصف.", title), analyze("نص عادي عن قصف.", title=title))
    [reply] = await say(store, "/latest")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/a&gt;" in reply.html
    assert "\u202e" not in reply.html
