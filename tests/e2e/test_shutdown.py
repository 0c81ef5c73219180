"""A command received right before SIGTERM still gets its answer, on the console, Telegram and Matrix.

The supervisor sets ``stop`` and gives the components ``SHUTDOWN_GRACE`` to finish before it cancels them; a
transport must finish the command it is running, not drop it. The command here is ``/addfeed`` of a feed whose
server holds its answer: the test knows the command is in flight (the server has the bot's request), sends
SIGTERM, and only then lets the server answer.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.i18n import t
from tests.e2e.process import MarsadProcess
from tests.e2e.telegram_helpers import start_bot
from tests.e2e.test_matrix import DEADLINE, Marsad
from tests.servers.feed_server import FeedServer
from tests.servers.matrix_user import MatrixUser
from tests.servers.synapse import Synapse

pytestmark = pytest.mark.e2e


@pytest.fixture
def held_feed() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.released.set()
    server.stop()


def _added(url: str) -> str:
    """How the answer to /addfeed starts ("Watching "), whatever the feed's title."""
    return t("en", "cmd.feed_added", title="\0", url=url, interval=0, n=0).split("\0")[0]


def test_the_console_answers_a_command_received_right_before_sigterm(tmp_path, held_feed) -> None:
    bot = MarsadProcess(tmp_path, env={"MARSAD_FEEDS_ALLOW_PRIVATE": "1"}).start()
    try:
        bot.send("/lang en")
        bot.wait_for_output(re.escape(t("en", "cmd.lang_set")))
        url = held_feed.url("/held/rss2.xml")
        bot.send(f"/addfeed {url}")
        assert held_feed.held.wait(60), "the bot never fetched the feed"  # the command is in flight now
        assert bot.proc is not None
        bot.proc.send_signal(signal.SIGTERM)
        bot.wait_for_log("stopping")
        held_feed.released.set()
        assert bot.wait_exit() == 0
        answers = [line for line in bot.stdout if line.startswith(_added(url))]
        assert len(answers) == 1 and url in answers[0]
        assert "cancelling" not in bot.log  # finished within the grace period, not cut off
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.stop(signal.SIGKILL)


async def test_telegram_answers_a_command_received_right_before_sigterm(telegram_standin, tmp_path, held_feed):
    tg = telegram_standin
    admin = tg.add_user("Admin", language_code="en")
    chat = tg.private_chat(admin)
    bot = await start_bot(tg, tmp_path, MARSAD_ADMINS=f"tg:{admin.id}", MARSAD_FEEDS_ALLOW_PRIVATE="1")
    try:
        tg.send_command(chat, admin, "lang", "en")
        await tg.wait_for_messages(chat, 1, timeout=30)
        url = held_feed.url("/held/rss2.xml")
        tg.send_command(chat, admin, "addfeed", url)
        assert await asyncio.to_thread(held_feed.held.wait, 60), "the bot never fetched the feed"
        assert bot.proc is not None
        bot.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(bot.wait_for_log, "stopping")
        held_feed.released.set()
        answer = (await tg.wait_for_messages(chat, 2, timeout=30))[1]
        assert answer.text.startswith(_added(url)) and url in answer.text
        assert await asyncio.to_thread(bot.wait_exit) == 0
        assert len(tg.bot_messages(chat)) == 2
        assert "cancelling" not in bot.log
    finally:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.stop(signal.SIGKILL)


@pytest.fixture
async def alice(synapse: Synapse) -> AsyncIterator[MatrixUser]:
    user = MatrixUser.fresh(synapse, "alice")
    yield user
    await user.close()


async def test_matrix_answers_a_command_received_right_before_sigterm(
    synapse: Synapse, alice: MatrixUser, tmp_path: Path, held_feed: FeedServer
) -> None:
    marsad = Marsad(synapse, tmp_path, f"marsad{secrets.token_hex(3)}")
    marsad.env.update({"MARSAD_LANGUAGE": "en", "MARSAD_ADMINS": alice.user_id, "MARSAD_FEEDS_ALLOW_PRIVATE": "1"})
    marsad.start()
    bot = marsad.process
    assert bot is not None and bot.proc is not None
    try:
        room_id = await alice.create_room(invite=[marsad.user_id])
        await alice.wait_joined(room_id, marsad.user_id, deadline=DEADLINE)
        url = held_feed.url("/held/rss2.xml")
        asked = await alice.send_text(room_id, f"!addfeed {url}")
        assert await asyncio.to_thread(held_feed.held.wait, 60), "the bot never fetched the feed"
        bot.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(bot.wait_for_log, "stopping")
        held_feed.released.set()
        answer = (await alice.wait_reply(room_id, asked, deadline=DEADLINE))["content"]["body"]
        assert answer.startswith(_added(url)) and url in answer
        assert await asyncio.to_thread(bot.wait_exit) == 0, bot.log[-3000:]
        assert "cancelling" not in bot.log and "Traceback" not in bot.log, bot.log[-3000:]

        await asyncio.to_thread(marsad.start)  # the next run must not answer it again
        later = await alice.send_text(room_id, "!help")
        await alice.wait_reply(room_id, later, deadline=DEADLINE)  # the next run has synced past the command
        notices = await alice.notices_from(room_id, marsad.user_id)
        threads = [n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") for n in notices]
        assert threads.count(asked) == 1 and threads.count(later) == 1
        assert await asyncio.to_thread(marsad.stop) == 0
    finally:
        for run in marsad.runs:
            if run.proc is not None and run.proc.poll() is None:
                run.stop(signal.SIGKILL)


async def test_matrix_stopping_mid_batch_answers_each_command_once_across_the_restart(
    synapse: Synapse, alice: MatrixUser, tmp_path: Path, held_feed: FeedServer
) -> None:
    """Several commands wait for the bot; SIGTERM while the first is in flight. That one is finished, the rest
    are not answered by the stopped run (left unmarked when they came in the same sync, as they usually do; never
    fetched when Synapse serves them in a later one: the test cannot choose), and the next run answers each once."""
    marsad = Marsad(synapse, tmp_path, f"marsad{secrets.token_hex(3)}")
    marsad.env.update({"MARSAD_LANGUAGE": "en", "MARSAD_ADMINS": alice.user_id, "MARSAD_FEEDS_ALLOW_PRIVATE": "1"})
    marsad.start()
    try:
        room_id = await alice.create_room(invite=[marsad.user_id])
        await alice.wait_joined(room_id, marsad.user_id, deadline=DEADLINE)
        first = await alice.send_text(room_id, "!help")
        await alice.wait_reply(room_id, first, deadline=DEADLINE)  # the saved position is past the invite
        assert await asyncio.to_thread(marsad.stop) == 0

        # Sent while the bot is down, so the next run gets them in one sync batch.
        url = held_feed.url("/held/rss2.xml")
        asked = await alice.send_text(room_id, f"!addfeed {url}")
        rest = [await alice.send_text(room_id, text) for text in ("!help", "!sources", "!help")]
        await asyncio.to_thread(marsad.start)
        bot = marsad.process
        assert bot is not None and bot.proc is not None
        assert await asyncio.to_thread(held_feed.held.wait, 60), "the bot never fetched the feed"
        bot.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(bot.wait_for_log, "stopping")
        held_feed.released.set()
        answer = (await alice.wait_reply(room_id, asked, deadline=DEADLINE))["content"]["body"]
        assert answer.startswith(_added(url)) and url in answer
        assert await asyncio.to_thread(bot.wait_exit) == 0, bot.log[-3000:]
        assert "Traceback" not in bot.log, bot.log[-3000:]

        def threads() -> list[str | None]:
            return [n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") for n in notices]

        notices = await alice.notices_from(room_id, marsad.user_id)
        assert not any(threads().count(event) for event in rest)  # the stopped run did not start them

        await asyncio.to_thread(marsad.start)
        for event in rest:
            await alice.wait_reply(room_id, event, deadline=DEADLINE)
        notices = await alice.notices_from(room_id, marsad.user_id)
        assert [threads().count(event) for event in (first, asked, *rest)] == [1] * 5
        assert await asyncio.to_thread(marsad.stop) == 0
    finally:
        for run in marsad.runs:
            if run.proc is not None and run.proc.poll() is None:
                run.stop(signal.SIGKILL)
