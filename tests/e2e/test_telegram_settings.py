"""``marsad run`` against the Bot API stand-in: /settings toggles edit one message in place and steer alerts."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from tests.e2e.telegram_helpers import assert_no_token_leak, delivery_states, start_bot, stop_bot, until

pytestmark = pytest.mark.e2e

SHELLING_IN_IDLIB = SEEDS / "001_shelling_kafranbel.txt"
AIRSTRIKE_IN_IDLIB = "غارات جوية على سراقب\n\nشنت طائرات حربية غارات على مدينة سراقب شرق إدلب ودمرت عدة منازل.\n"


async def test_settings_toggles_edit_in_place_and_choose_which_alerts_come(telegram_standin, tmp_path, processes):
    tg = telegram_standin
    alice = tg.add_user("Alice", language_code="ar")
    chat = tg.private_chat(alice)
    bot = await start_bot(tg, tmp_path)
    processes.append(bot)
    tg.send_command(chat, alice, "settings")
    [settings] = await tg.wait_for_messages(chat, 1, timeout=15)

    async def press(data: str, then: str) -> None:
        """Press a button and wait until the settings message shows a button with callback ``then``."""
        edits = len(tg.bot_messages(chat)[0].history)
        query = tg.press_button(settings, alice, data=data)
        await tg.wait_for_callback_answer(query, timeout=15)
        await tg.wait_for(
            lambda: (
                len(tg.bot_messages(chat)[0].history) > edits
                and any(b["callback_data"] == then for b in tg.bot_messages(chat)[0].buttons)
            ),
            15,
            f"the settings message to change after {data}",
        )

    await press("/settings page types", then="/settings type airstrike")
    await press("/settings type airstrike", then="/settings type all")
    labels = [b["text"] for b in tg.bot_messages(chat)[0].buttons]
    assert "✅ غارة جوية" in labels and "▫️ قصف" in labels
    await press("/settings", then="/settings page places")
    await press("/settings page places", then="/settings gov Idlib")
    await press("/settings gov Idlib", then="/settings gov all")
    current = tg.bot_messages(chat)[0]
    assert "✅ إدلب" in [b["text"] for b in current.buttons]
    assert current.message_id == settings.message_id and current.edit_date
    assert len(current.history) == 5  # five edits of one message, no new message
    assert len(tg.bot_messages(chat)) == 1

    # A shelling report in Idlib is stored but alerts nobody; an airstrike in Idlib alerts the chat.
    bot.drop(SHELLING_IN_IDLIB)
    await until(lambda: bot.log.count("stored report") >= 1, 30, "the shelling report to be stored")
    airstrike = tmp_path / "airstrike_saraqib.txt"
    airstrike.write_text(AIRSTRIKE_IN_IDLIB, encoding="utf-8")
    bot.drop(airstrike)
    [_, alert] = await tg.wait_for_messages(chat, 2, timeout=30)
    assert "سراقب" in alert.text and "كفرنبل" not in alert.text
    assert await stop_bot(bot) == 0
    assert bot.log.count("stored report") == 2
    assert delivery_states(tmp_path) == {"sent": 1}  # the shelling report was never queued for this chat
    assert len(tg.bot_messages(chat)) == 2
    tg.assert_no_violations()
    assert_no_token_leak(tg, bot)
