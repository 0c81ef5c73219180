"""``marsad run`` as a subprocess against the Bot API stand-in: commands, alerts, buttons, faults, crashes."""

from __future__ import annotations

import json
import signal

import pytest

from tests.conftest import SEEDS
from tests.e2e.telegram_helpers import (
    HeldAnswers,
    assert_no_token_leak,
    delivery_states,
    seed_subscribers,
    start_bot,
    stop_bot,
    until,
)

pytestmark = pytest.mark.e2e

IDLIB_REPORT = SEEDS / "001_shelling_kafranbel.txt"


async def test_start_subscribe_and_an_alert_arrives_once(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    alice = tg.add_user("Alice", language_code="ar")
    chat = tg.private_chat(alice)
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    tg.send_command(chat, alice, "start")
    [welcome] = await tg.wait_for_messages(chat, 1, timeout=15)
    assert "مرصد" in welcome.text and welcome.buttons
    tg.send_command(chat, alice, "subscribe")
    await tg.wait_for_messages(chat, 2, timeout=15)
    bot.drop(IDLIB_REPORT)
    messages = await tg.wait_for_messages(chat, 3, timeout=30)
    alert = messages[2]
    assert alert.parse_mode == "HTML"
    assert "bold" in {e["type"] for e in alert.entities}
    assert "كفرنبل" in alert.text or "Kafr Nabl" in alert.text
    assert await stop_bot(bot) == 0
    assert len(tg.bot_messages(chat)) == 3  # nothing doubled
    # The command menu in both languages.
    assert {c["command"] for c in tg.bot_commands(language_code="ar")} >= {"start", "subscribe", "latest", "search"}
    assert tg.bot_commands(language_code="en")
    tg.assert_no_violations()
    assert_no_token_leak(tg, bot)


_STORIES = [
    "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي بالمدفعية الثقيلة صباح اليوم.",
    "شنت طائرات حربية غارات على مدينة سراقب شرق إدلب ودمرت عدة منازل.",
    "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام قرب جسر الشغور غرب إدلب.",
    "نزحت مئات العائلات من قرى جبل الزاوية نحو المخيمات الحدودية شمال إدلب خلال الأسبوع.",
    "خرجت مظاهرة في مدينة بنش بريف إدلب تطالب بالإفراج عن المعتقلين.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق أريحا في محافظة إدلب مساء أمس.",
    "دخلت قافلة مساعدات أممية عبر معبر باب الهوى إلى إدلب محملة بالأغذية والأدوية.",
]


def _reports(folder, n: int) -> list:
    """``n`` distinct reports about Idlib (distinct enough not to be taken as duplicates of each other)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, story in enumerate(_STORIES[:n]):
        path = folder / f"idlib_{i}.txt"
        path.write_text(f"{story.split(' ', 3)[3][:40]}\n\n{story}\n")
        paths.append(path)
    return paths


async def test_latest_and_search_page_in_place_and_settings_toggle(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    alice = tg.add_user("Alice", language_code="ar")
    chat = tg.private_chat(alice)
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    for path in _reports(tmp_path / "src", 7):
        bot.drop(path)
    await until(lambda: bot.log.count("stored report") >= 7, 30, "7 stored reports")
    tg.send_command(chat, alice, "search", "إدلب")
    [results] = await tg.wait_for_messages(chat, 1, timeout=15)
    assert "1–5" in results.text and results.buttons
    first_page = results.text
    tg.press_button(results, alice, data=results.buttons[-1]["callback_data"])
    edited = await tg.wait_for(lambda: tg.bot_messages(chat)[0].edit_date and tg.bot_messages(chat)[0], 15, "edit")
    assert len(tg.bot_messages(chat)) == 1  # edited in place, not a new message
    assert edited.text != first_page and "6–7" in edited.text
    back = results.buttons[-1]["callback_data"].rsplit(" ", 1)[0] + " 1"
    assert [b["callback_data"] for b in edited.buttons] == [back]
    tg.send_command(chat, alice, "latest")
    latest = (await tg.wait_for_messages(chat, 2, timeout=15))[1]
    assert latest.buttons and all(len(b["callback_data"].encode()) <= 64 for b in latest.buttons)
    # /settings: the language toggle edits the message in place, in English now.
    tg.send_command(chat, alice, "settings")
    settings = (await tg.wait_for_messages(chat, 3, timeout=15))[2]
    toggle = next(b for b in settings.buttons if "lang" in b["callback_data"])
    query = tg.press_button(settings, alice, data=toggle["callback_data"])
    await tg.wait_for_callback_answer(query, timeout=15)
    await tg.wait_for(lambda: tg.bot_messages(chat)[2].edit_date, 15, "the settings message to change")
    assert "Language: English" in tg.bot_messages(chat)[2].text
    assert len(tg.bot_messages(chat)) == 3
    assert await stop_bot(bot) == 0
    tg.assert_no_violations()
    assert_no_token_leak(tg, bot)


async def test_in_a_group_only_admins_change_subscriptions(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    owner, member = tg.add_user("Owner"), tg.add_user("Member")
    group = tg.add_supergroup("Idlib news", creator=owner, members=[member])
    bot = await start_bot(tg, tmp_path, MARSAD_LANGUAGE="en")
    processes.append(bot)
    tg.send_command(group, member, "subscribe")
    [refused] = await tg.wait_for_messages(group, 1, timeout=15)
    assert "Only chat administrators" in refused.text
    tg.send_command(group, member, "latest")  # anyone may ask
    await tg.wait_for_messages(group, 2, timeout=15)
    tg.send_command(group, owner, "subscribe")
    subscribed = (await tg.wait_for_messages(group, 3, timeout=15))[2]
    assert "Subscribed" in subscribed.text
    tg.send_command(group, member, "subscribe", mention=True)  # /subscribe@<this bot>: refused again
    tg.send_message(group, member, "/latest@some_other_bot")  # not for us
    await tg.wait_for_messages(group, 4, timeout=15)  # the refusal, before stopping (the stop races it otherwise)
    await tg.wait_for_updates_consumed(timeout=15)
    assert await stop_bot(bot) == 0
    assert len(tg.bot_messages(group)) == 4  # the last /subscribe refused again; the other bot's command ignored
    assert len(tg.calls_to("getChatMember")) <= 2  # cached
    tg.assert_no_violations()


def _alert_counts(tg, chats) -> list[int]:
    return [len(tg.bot_messages(c)) for c in chats]


async def test_sigkill_mid_fan_out_then_restart_each_chat_gets_the_alert_once(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    chats = [tg.private_chat(tg.add_user(f"U{i}")) for i in range(200)]
    seed_subscribers(tmp_path, [c.id for c in chats])
    held = HeldAnswers(tg)
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    bot.drop(IDLIB_REPORT)
    await tg.wait_for(lambda: sum(_alert_counts(tg, chats)) >= 60, 60, "60 alerts sent")
    held.holding = True  # from now on Telegram receives the alerts but the bot never hears back
    await tg.wait_for(lambda: held.held >= 3, 30, "alerts received but not answered")
    await stop_bot(bot, signal.SIGKILL)
    held.holding = False
    in_doubt = delivery_states(tmp_path).get("sending", 0)
    assert in_doubt >= 3  # the crash really left sends whose outcome the bot cannot know
    restarted = await start_bot(tg, tmp_path)
    processes.append(restarted)
    await tg.wait_for(lambda: all(n >= 1 for n in _alert_counts(tg, chats)), 60, "every chat to get the alert")
    await until(lambda: set(delivery_states(tmp_path)) == {"sent"}, 30, "every delivery to be settled")
    assert await stop_bot(restarted) == 0
    assert _alert_counts(tg, chats) == [1] * 200  # each chat got the alert exactly once
    assert "had arrived before the crash" in restarted.log  # found by locate, not sent again
    tg.assert_no_violations()
    assert_no_token_leak(tg, restarted)


async def test_429_storms_and_a_5xx_burst_lose_and_double_nothing(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    chats = [tg.private_chat(tg.add_user(f"U{i}")) for i in range(40)]
    seed_subscribers(tmp_path, [c.id for c in chats])
    for chat in chats[:10]:
        tg.inject_429(3, retry_after=2, chat=chat)  # a storm: each of these chats answers 429 three times
    tg.inject_5xx(8, status=502)  # and the next eight sends anywhere fail with Bad Gateway
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    bot.drop(IDLIB_REPORT)
    await tg.wait_for(lambda: all(n >= 1 for n in _alert_counts(tg, chats)), 90, "every chat to get the alert")
    await until(lambda: set(delivery_states(tmp_path)) == {"sent"}, 30, "every delivery to be settled")
    assert await stop_bot(bot) == 0
    assert _alert_counts(tg, chats) == [1] * 40
    assert sum(1 for c in tg.calls_to("sendMessage") if c.status == 429) == 30
    tg.assert_no_violations()  # every retry_after honoured, no limit exceeded
    assert_no_token_leak(tg, bot)


async def test_a_blocked_chat_is_disabled_then_restarted_and_a_migrated_group_follows(
    telegram_standin, tmp_path, processes
):
    tg = telegram_standin
    alice, bob, owner = tg.add_user("Alice"), tg.add_user("Bob"), tg.add_user("Owner")
    chat, gone = tg.private_chat(alice), tg.private_chat(bob)
    group = tg.add_group("Old group", creator=owner)
    seed_subscribers(tmp_path, [chat.id, gone.id])
    seed_subscribers(tmp_path, [group.id], kind="group")
    tg.block_bot(chat)  # Telegram tells the bot (my_chat_member): alerts stop at once
    tg.vanish(gone)  # no word from Telegram: "chat not found" answers disable it after three strikes
    bot = await start_bot(tg, tmp_path, MARSAD_LANGUAGE="en")
    processes.append(bot)
    await until(lambda: f"alerts to tg:{chat.id} stop" in bot.log, 30, "the blocked chat to be switched off")
    supergroup = tg.migrate_to_supergroup(group)
    bot.drop(IDLIB_REPORT)
    await tg.wait_for_messages(supergroup, 1, timeout=30)
    await until(lambda: "alerts disabled until /start" in bot.log, 60, "the vanished chat to be disabled")
    assert not [c for c in tg.calls_to("sendMessage") if str(c.params.get("chat_id")) == str(chat.id)]
    tg.block_bot(chat, blocked=False)
    tg.send_command(chat, alice, "start")
    await tg.wait_for_messages(chat, 1, timeout=15)
    bot.drop(SEEDS / "003_car_bomb_azaz.json")
    await tg.wait_for_messages(chat, 2, timeout=30)  # the new alert arrives after /start
    await tg.wait_for_messages(supergroup, 2, timeout=30)
    assert await stop_bot(bot) == 0
    assert "Azaz" in tg.bot_messages(chat)[1].text
    assert len(tg.bot_messages(supergroup)) == 2 and not tg.bot_messages(group)
    tg.assert_no_violations()


async def test_a_hostile_report_arrives_readable_and_valid(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    alice = tg.add_user("Alice")
    chat = tg.private_chat(alice)
    seed_subscribers(tmp_path, [chat.id])
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    title = "قصف <b>عنيف</b> & دمار على إدلب </a> \u202eمعكوس\u202c " + "كلمة " * 2000
    body = ("سقطت قذائف على مدينة إدلب صباح اليوم وأصيب مدنيون. " * 200)[:10_000]
    report = tmp_path / "hostile.json"
    report.write_text(json.dumps({"title": title, "text": body, "url": "https://example.org/a?b=1&c=<2>"}))
    bot.drop(report)
    [alert] = await tg.wait_for_messages(chat, 1, timeout=30)
    assert await stop_bot(bot) == 0
    tg.assert_no_violations()  # Telegram parsed the HTML
    assert "<b>عنيف</b> & دمار" in alert.text and "</a>" in alert.text  # shown as written, not as markup
    assert "\u202e" not in alert.text and "معكوس" in alert.text
    assert len(alert.text.encode("utf-16-le")) // 2 <= 4096
    assert len(tg.bot_messages(chat)) == 1


async def test_health_lists_telegram_polling(telegram_standin, tmp_path, processes):
    import re

    import httpx

    tg = telegram_standin
    bot = await start_bot(tg, tmp_path, MARSAD_HTTP="127.0.0.1:0")
    processes.append(bot)
    log = await until(lambda: re.search(r"health and metrics on (http://127\.0\.0\.1:\d+)", bot.log), 30, "health")
    url = log.group(1)

    def healthy():
        answer = httpx.get(f"{url}/healthz", timeout=5)
        return answer if answer.status_code == 200 and "telegram" in answer.json()["components"] else None

    answer = await until(healthy, 30, "/healthz to list telegram")
    assert answer.json()["components"]["telegram"]["ok"] is True
    assert await stop_bot(bot) == 0
    assert_no_token_leak(tg, bot)
