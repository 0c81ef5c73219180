"""``marsad run`` as a subprocess against the Bot API stand-in: commands, alerts, buttons, faults, crashes."""

from __future__ import annotations

import signal

import pytest

from tests.conftest import SEEDS
from tests.e2e.telegram_helpers import assert_no_token_leak, start_bot, stop_bot, until

pytestmark = pytest.mark.e2e

IDLIB_REPORT = SEEDS / "001_shelling_kafranbel.txt"


@pytest.fixture
def processes():
    started = []
    yield started
    for process in started:
        if process.proc is not None and process.proc.poll() is None:
            process.stop(signal.SIGKILL)


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


def _reports(folder, n: int) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"idlib_{i}.txt"
        path.write_text(f"قصف على إدلب رقم {i}\n\nقصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم، يوم {i}.\n")
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
    assert [b["callback_data"] for b in edited.buttons] == [results.buttons[-1]["callback_data"].rsplit(" ", 1)[0] + " 1"]
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
    tg.send_command(group, member, "subscribe", mention=True)  # /subscribe@other_bot is not for us
    tg.send_message(group, member, "/latest@some_other_bot")
    await tg.wait_for_updates_consumed(timeout=15)
    assert await stop_bot(bot) == 0
    assert len(tg.bot_messages(group)) == 4  # the last /subscribe refused again; the other bot's command ignored
    assert len(tg.calls_to("getChatMember")) <= 2  # cached
    tg.assert_no_violations()
