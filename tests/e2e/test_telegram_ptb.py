"""``marsad run`` opts in to PTB 22's timedelta time periods by itself, and a command reply answered 429 is
waited out once, counted on /metrics, with no PTBDeprecationWarning (as in the container, where nothing sets
``PTB_TIMEDELTA``). With the operator's ``PTB_TIMEDELTA=false`` (int seconds) it works the same."""

from __future__ import annotations

import socket

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.telegram_helpers import assert_no_token_leak, start_bot, stop_bot

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _counter(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return 0.0


@pytest.mark.parametrize("setting", [None, "false"], ids=["unset", "operator says false"])
async def test_a_429_on_a_reply_is_waited_out_without_ptb_warnings(
    telegram_standin, tmp_path, processes, monkeypatch, setting
):
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)  # the test process opted in (tests/conftest.py)
    if setting is not None:
        monkeypatch.setenv("PTB_TIMEDELTA", setting)
    tg = telegram_standin
    alice = tg.add_user("Alice", language_code="en")
    chat = tg.private_chat(alice)
    port = _free_port()
    # default::DeprecationWarning: show every deprecation (Python hides them outside __main__ by default).
    bot = await start_bot(tg, tmp_path, MARSAD_HTTP=f"127.0.0.1:{port}", PYTHONWARNINGS="default::DeprecationWarning")
    processes.append(bot)
    tg.inject_429(1, retry_after=2, chat=chat, methods="sendMessage")
    tg.send_command(chat, alice, "help")
    [answer] = await tg.wait_for_messages(chat, 1, timeout=30)
    async with httpx.AsyncClient() as client:
        scraped = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    assert await stop_bot(bot) == 0

    assert answer.text and len(tg.bot_messages(chat)) == 1  # sent once, after the wait
    assert [c.status for c in tg.calls_to("sendMessage")] == [429, 200]
    tg.assert_no_violations()  # not sent again before the 2 s Telegram asked for
    labels = {"transport": "tg", "kind": "command"}
    assert _counter(scraped, "marsad_replies_rate_limited_total", **labels, outcome="waited") == 1
    assert _counter(scraped, "marsad_reply_wait_seconds_total", **labels) >= 1.9
    warned = "PTBDeprecationWarning" in bot.log
    assert warned == (setting == "false"), bot.log  # opted in by itself; the operator's choice is kept
    assert_no_token_leak(tg, bot)
