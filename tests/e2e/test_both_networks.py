"""One ``marsad run`` serving Telegram (the Bot API stand-in) and Matrix (a real Synapse) side by side.

Both networks share the handlers, the outbox and the data dir: one report dropped in
the inbox reaches the Telegram chat and the Matrix room once each, answers come back
on the network that asked, and a restart neither repeats nor loses anything on either.
"""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest

from tests.e2e.process import MarsadProcess
from tests.e2e.telegram_helpers import assert_no_token_leak, telegram_env
from tests.servers.matrix_user import MatrixUser

pytestmark = pytest.mark.e2e

DEADLINE = 40.0
FIRST = "غارة على سراقب\n\nشنت طائرات حربية غارات على مدينة سراقب شرق إدلب، ما أدى إلى مقتل 4 مدنيين بينهم طفلان."
SECOND = (
    "Shelling in Aleppo\n\nArtillery shells hit the Salaheddine district of Aleppo city on Tuesday, injuring 12 "
    "people, according to a local hospital."
)


def _drop(process: MarsadProcess, text: str) -> None:
    process.inbox.mkdir(parents=True, exist_ok=True)
    name = f"report-{secrets.token_hex(4)}.txt"
    partial = process.inbox / f".{name}.part"
    partial.write_text(text, encoding="utf-8")
    partial.rename(process.inbox / name)


def _alerts(events: list[dict], sender: str) -> list[str]:
    """Bodies of the bot's alerts in a room (answers are threaded to a command; alerts are not)."""
    return [
        e["content"]["body"]
        for e in events
        if e.get("sender") == sender
        and e.get("content", {}).get("msgtype") == "m.notice"
        and "m.relates_to" not in e["content"]
    ]


async def test_one_process_serves_telegram_and_matrix(synapse, telegram_standin, tmp_path):
    tg = telegram_standin
    bot_name = f"marsad{secrets.token_hex(3)}"
    password = f"pw-{bot_name}"
    synapse.register(bot_name, password)
    bot_user = synapse.user_id(bot_name)
    env = {
        **telegram_env(tg),
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": bot_user,
        "MATRIX_PASSWORD": password,
    }
    alice_tg = tg.add_user("Alice", language_code="ar")
    chat = tg.private_chat(alice_tg)
    alice_mx = MatrixUser.fresh(synapse, "alice")
    runs: list[MarsadProcess] = []

    def start() -> MarsadProcess:
        process = MarsadProcess(tmp_path, env=env).start()
        runs.append(process)
        return process

    try:
        bot = await asyncio.to_thread(start)
        await tg.wait_for_call("setMyCommands", timeout=30)

        # Telegram: subscribe in a private chat.
        tg.send_command(chat, alice_tg, "subscribe")
        await tg.wait_for_messages(chat, 1, timeout=30)
        # Matrix: invite -> join, then subscribe the room.
        room = await alice_mx.create_room(invite=[bot_user])
        await alice_mx.wait_joined(room, bot_user, deadline=DEADLINE)
        asked = await alice_mx.send_text(room, "!subscribe")
        await alice_mx.wait_reply(room, asked, deadline=DEADLINE)

        _drop(bot, FIRST)
        [_, alert] = await tg.wait_for_messages(chat, 2, timeout=30)
        assert "سراقب" in alert.text and alert.parse_mode == "HTML"
        await alice_mx.wait_for(room, lambda e: any("سراقب" in b for b in _alerts([e], bot_user)))

        # Each network answers its own commands.
        tg.send_command(chat, alice_tg, "search", "ادلب")
        [*_, found] = await tg.wait_for_messages(chat, 3, timeout=30)
        assert "سراقب" in found.text
        searched = await alice_mx.send_text(room, "!search ادلب")
        reply = await alice_mx.wait_reply(room, searched, deadline=DEADLINE)
        assert "سراقب" in reply["content"]["body"]

        assert await asyncio.to_thread(bot.stop) == 0

        # While stopped: a new report. After the restart it arrives once on each network, the old one not again.
        bot = await asyncio.to_thread(start)
        _drop(bot, SECOND)
        await tg.wait_for(
            lambda: sum("Salaheddine" in m.text or "حلب" in m.text for m in tg.bot_messages(chat)) == 1,
            30,
            "the second alert on Telegram",
        )
        await alice_mx.wait_for(
            room, lambda e: any("Salaheddine" in b or "حلب" in b for b in _alerts([e], bot_user)), deadline=DEADLINE
        )
        assert await asyncio.to_thread(bot.stop) == 0

        telegram_alerts = [m.text for m in tg.bot_messages(chat)]
        assert sum("سراقب" in text for text in telegram_alerts[:2]) == 1
        assert len(telegram_alerts) == 4  # subscribed, alert, search answer, second alert: nothing doubled
        matrix_alerts = _alerts(await alice_mx.notices_from(room, bot_user), bot_user)
        assert sum("سراقب" in body for body in matrix_alerts) == 1
        assert sum("Salaheddine" in body or "حلب" in body for body in matrix_alerts) == 1
        tg.assert_no_violations()
        for run in runs:
            assert_no_token_leak(tg, run)
            assert password not in run.log + run.output
        session = json.loads((tmp_path / "data" / "matrix" / "session.json").read_text())
        assert all(session["access_token"] not in run.log for run in runs)
    finally:
        for run in runs:
            if run.proc is not None and run.proc.poll() is None:
                run.proc.kill()
        await alice_mx.close()
