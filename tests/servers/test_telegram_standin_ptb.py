"""python-telegram-bot 22 against the stand-in: every request PTB makes must pass the spec checks."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .telegram.standin import TelegramStandIn


def make_bot(tg: TelegramStandIn) -> telegram.Bot:
    return telegram.Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url)


async def test_bot_methods_round_trip(telegram_standin: TelegramStandIn) -> None:
    tg = telegram_standin
    alice = tg.add_user("Alice", language_code="ar")
    chat = tg.private_chat(alice)
    async with make_bot(tg) as bot:
        assert (bot.username, bot.id) == ("marsad_test_bot", tg.bot.id)
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("التالي ◀", callback_data="latest:2")]])
        sent = await bot.send_message(
            chat.id, "<b>غارة</b> &amp; قصف", parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        assert (sent.text, sent.entities[0].type, sent.reply_markup) == ("غارة & قصف", "bold", keyboard)
        query_id = tg.press_button(tg.bot_messages(chat)[0], alice, data="latest:2")
        [update] = await bot.get_updates(timeout=1)
        assert (update.callback_query.id, update.callback_query.data) == (query_id, "latest:2")
        assert await bot.answer_callback_query(query_id, text="…")
        edited = await bot.edit_message_text(
            "<i>page 2</i>", chat.id, sent.message_id, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
        assert (edited.text, edited.edit_date is not None) == ("page 2", True)
        await bot.send_chat_action(chat.id, "typing")
        commands = [BotCommand("start", "ابدأ"), BotCommand("latest", "آخر التنبيهات")]
        assert await bot.set_my_commands(commands, language_code="ar")
        assert await bot.set_my_commands(commands[:1], scope=BotCommandScopeAllGroupChats(), language_code="en")
        assert tuple(await bot.get_my_commands(language_code="ar")) == tuple(commands)
        await bot.delete_webhook(drop_pending_updates=False)
        member = await bot.get_chat_member(chat.id, alice.id)
        assert member.status == "member"
        assert (await bot.get_chat(chat.id)).first_name == "Alice"
        assert await bot.set_my_description("مرصد", language_code="ar")
        assert (await bot.get_my_description(language_code="ar")).description == "مرصد"
        assert await bot.delete_message(chat.id, sent.message_id)
    tg.assert_no_violations()
    assert tg.unimplemented == []


async def test_errors_reach_ptb_as_its_exceptions(telegram_standin: TelegramStandIn) -> None:
    tg = telegram_standin
    owner = tg.add_user("Owner")
    blocked = tg.private_chat(tg.add_user("Blocker"))
    tg.block_bot(blocked)
    group = tg.add_group("g", creator=owner)
    supergroup = tg.migrate_to_supergroup(group)
    limited = tg.add_group("limited", creator=owner)
    tg.inject_429(1, retry_after=7, chat=limited)
    tg.inject_5xx(1, status=502, chat=limited)
    async with make_bot(tg) as bot:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(blocked.id, "x")
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(group.id, "x")
        assert migrated.value.new_chat_id == supergroup.id
        await bot.send_message(supergroup.id, "moved")
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(limited.id, "x")
        assert flood.value.retry_after == timedelta(seconds=7)  # PTB_TIMEDELTA: opted in (tests/conftest.py)
        tg.flood.waits.clear()  # the test skips the wait; a bot must not
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(limited.id, "x")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(-42, "x")
        with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag"):
            await bot.send_message(supergroup.id, "<p>x</p>", parse_mode=ParseMode.HTML)
    assert [v.kind for v in tg.violations] == ["bad entities"]


async def test_hostile_text_escaped_by_the_bot_arrives_intact(telegram_standin: TelegramStandIn) -> None:
    import html

    tg = telegram_standin
    chat = tg.add_group("g", creator=tg.add_user())
    hostile = "<b>عنوان</b> & </a> \u202eevil\u202c " + "ب" * 3900
    async with make_bot(tg) as bot:
        await bot.send_message(chat.id, f"<b>{html.escape(hostile, quote=False)}</b>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(chat.id, html.escape("x" * 10_000), parse_mode=ParseMode.HTML)
    [message] = tg.bot_messages(chat)
    assert message.text == hostile and message.entity_texts("bold") == [hostile]


async def test_application_polling_answers_start(
    telegram_standin: TelegramStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    tg = telegram_standin

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("اشترك", callback_data="subscribe")]])
        await update.effective_message.reply_text(f"أهلاً {update.effective_user.first_name}", reply_markup=keyboard)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("تم")
        await update.callback_query.edit_message_text("مشترك ✓")

    app = Application.builder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    alice, owner = tg.add_user("Alice"), tg.add_user("Owner")
    private = tg.private_chat(alice)
    group = tg.add_supergroup("Newsroom", creator=owner)
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        tg.send_command(private, alice, "start")
        tg.send_command(group, owner, "start")  # "/start@marsad_test_bot" in a group
        [welcome] = await tg.wait_for_messages(private, 1)
        [group_welcome] = await tg.wait_for_messages(group, 1)
        assert (welcome.text, group_welcome.text) == ("أهلاً Alice", "أهلاً Owner")
        try:
            query_id = tg.press_button(welcome, alice, data="subscribe")
            assert (await tg.wait_for_callback_answer(query_id))["text"] == "تم"
            await tg.wait_for(lambda: tg.bot_messages(private)[0].text == "مشترك ✓", what="the edit")
        finally:
            await app.updater.stop()
            await app.stop()
    assert tg.updates == [], "PTB confirmed every update on shutdown"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    tg.assert_no_violations()
