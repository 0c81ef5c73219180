"""The sender's decisions: retry, hold a rate-limited chat only, follow a moved chat, disable a gone one.

The transport here is a scripted recorder: these tests are about delivery's
decisions. The real networks are exercised end to end in tests/e2e.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest

from bot.analysis import analyze
from bot.delivery.sender import Sender
from bot.errors import BadMessage, ChatGone, ChatMoved, RateLimited, TransportDown
from bot.membership import GONE_STRIKES
from bot.models import Chat, Reply
from bot.pipeline import Pipeline
from tests.helpers import raw


class ScriptedTransport:
    name = "tg"
    global_rate = 0.0

    def __init__(self) -> None:
        self.sent: dict[str, list[str]] = defaultdict(list)
        self.script: dict[str, list[Exception]] = defaultdict(list)  # chat -> errors to raise first

    def chat_interval(self, chat: Chat) -> float:
        return 0.0

    async def send(self, chat: Chat, reply: Reply) -> str:
        if self.script[chat.key]:
            raise self.script[chat.key].pop(0)
        self.sent[chat.key].append(reply.text)
        return str(len(self.sent[chat.key]))

    async def edit(self, chat: Chat, message_ref: str, reply: Reply) -> None:
        raise NotImplementedError


@pytest.fixture
def transport():
    return ScriptedTransport()


@pytest.fixture
def sender(store, transport):
    return Sender(store, {"tg": transport})


def _subscribe(store, *chats):
    for chat in chats:
        store.chats.ensure(chat)
        store.subscriptions.add(chat)


def _ingest(store, text):
    return Pipeline(store).ingest(raw(text))


async def _drain(sender, store, rounds=20):
    for _ in range(rounds):
        await sender.run_once()
        for row in store.conn.db.query("SELECT id FROM deliveries WHERE state = 'pending'"):
            store.outbox.defer(row["id"], 0)  # skip the backoff wait: we test decisions, not time
        if store.outbox.depth() == 0:
            return


async def test_every_subscriber_gets_each_alert_once(store, sender, transport):
    _subscribe(store, "tg:1", "tg:2", "tg:3")
    first = _ingest(store, "غارة على حلب.")
    _ingest(store, "غارة على حلب.")  # the same report again
    second = _ingest(store, "قصف على حماة.")
    assert (first.alerts, second.alerts) == (3, 3)
    await _drain(sender, store)
    assert {chat: len(texts) for chat, texts in transport.sent.items()} == {"tg:1": 2, "tg:2": 2, "tg:3": 2}


async def test_a_rate_limited_chat_waits_while_others_go_on(store, sender, transport):
    _subscribe(store, "tg:1", "tg:2")
    transport.script["tg:1"] = [RateLimited(30)]
    _ingest(store, "غارة على حلب.")
    await sender.run_once()
    assert list(transport.sent) == ["tg:2"]
    row = store.outbox.for_chat("tg:1")[0]
    assert row.state == "pending"
    assert "tg:1" in sender.pacers["tg"].busy_chats()


async def test_transient_errors_retry_then_deliver(store, sender, transport):
    _subscribe(store, "tg:1")
    transport.script["tg:1"] = [TransportDown("502"), TransportDown("timeout")]
    _ingest(store, "غارة على حلب.")
    await _drain(sender, store)
    assert len(transport.sent["tg:1"]) == 1
    assert store.outbox.for_chat("tg:1")[0].attempts == 3


async def test_a_moved_chat_takes_its_subscriptions_and_alert_along(store, sender, transport):
    _subscribe(store, "tg:-1")
    transport.script["tg:-1"] = [ChatMoved("tg:-1001")]
    _ingest(store, "غارة على حلب.")
    await _drain(sender, store)
    assert list(transport.sent) == ["tg:-1001"]
    assert [s.chat for s in store.subscriptions.active()] == ["tg:-1001"]


async def test_a_gone_chat_is_disabled_after_repeated_failures_and_others_are_unaffected(store, sender, transport):
    _subscribe(store, "tg:1", "tg:2")
    transport.script["tg:1"] = [ChatGone("blocked")] * GONE_STRIKES
    _ingest(store, "غارة على حلب.")
    await _drain(sender, store)
    assert store.chats.get("tg:1").disabled
    assert store.outbox.for_chat("tg:1")[0].state == "failed"
    assert len(transport.sent["tg:2"]) == 1
    assert _ingest(store, "قصف على حماة.").alerts == 1  # only tg:2 now


async def test_a_refused_message_is_not_retried(store, sender, transport):
    _subscribe(store, "tg:1")
    transport.script["tg:1"] = [BadMessage("can't parse entities")]
    _ingest(store, "غارة على حلب.")
    await _drain(sender, store)
    assert store.outbox.for_chat("tg:1")[0].state == "failed"


async def test_rows_in_flight_at_a_crash_are_sent_again(store, sender, transport):
    _subscribe(store, "tg:1")
    _ingest(store, "غارة على حلب.")
    [row] = store.outbox.claim_due(10)
    store.outbox.begin(row.id)  # a previous process put it on the wire, then died
    assert sender.reconcile() == 1
    assert await sender.resolve() == 0  # this transport cannot locate messages: send again
    await _drain(sender, store)
    assert len(transport.sent["tg:1"]) == 1


async def test_rows_claimed_but_never_sent_go_back_without_doubt(store, sender, transport):
    _subscribe(store, "tg:1")
    _ingest(store, "غارة على حلب.")
    store.outbox.claim_due(10)  # reserved by a process that died before sending it
    assert sender.reconcile() == 0
    await _drain(sender, store)
    assert len(transport.sent["tg:1"]) == 1


async def test_run_stops_on_the_stop_event(store, sender):
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop, idle=0.05))
    await asyncio.sleep(0)
    stop.set()
    await asyncio.wait_for(task, timeout=5)


def test_alert_leads_with_event_and_place_then_counts_then_the_report(store):
    text = "قتل خمسة مدنيين بينهم طفلان في غارة جوية على مدينة حلب."
    store.reports.add(raw(text, "عنوان"), analyze(text, title="عنوان"))
    report = store.reports.latest(1)[0]
    from bot.delivery.render import render_alert

    reply = render_alert(report, "ar")
    assert reply.text == f"✈️ غارة جوية — حلب\nقتلى 5 (طفلان)\n\nعنوان\n{report.summary}\n\nالمصدر: test"
    assert reply.html == f"<b>✈️ غارة جوية — حلب</b>\nقتلى 5 (طفلان)\n\n<b>عنوان</b>\n{report.summary}\n\nالمصدر: test"
    english = render_alert(report, "en")
    assert english.text.splitlines()[:2] == ["✈️ Airstrike — Aleppo", "Killed 5 (2 children)"]


@pytest.mark.parametrize(
    ("language", "children", "women", "expected"),
    [
        ("ar", 3, 1, "قتلى 5 (3 أطفال، امرأة واحدة) · جرحى 8"),
        ("ar", 1, 2, "قتلى 5 (طفل واحد، امرأتان) · جرحى 8"),
        ("ar", 12, 11, "قتلى 5 (12 طفلاً، 11 امرأة) · جرحى 8"),
        ("en", 3, 1, "Killed 5 (3 children, 1 woman) · Injured 8"),
        ("en", 1, 2, "Killed 5 (1 child, 2 women) · Injured 8"),
    ],
)
def test_counts_read_naturally_in_both_languages(language, children, women, expected):
    from bot.delivery.render import counts
    from bot.models import Event

    event = Event("airstrike", killed=5, injured=8, killed_children=children, killed_women=women)
    assert counts(event, language) == expected


def test_the_governorate_is_named_in_the_chat_language():
    from bot.delivery.render import place_label
    from bot.models import Event
    from tests.helpers import MAARAT

    assert place_label(Event("airstrike", location=MAARAT), "ar") == "معرة النعمان، إدلب"
    assert place_label(Event("airstrike", location=MAARAT), "en") == "Maarat al-Numan, Idlib"


@pytest.mark.parametrize(
    ("place", "ar", "en"),
    [
        (("As-Sweida", "السويداء", "As-Suwayda"), "السويداء", "As-Sweida"),
        (("Idleb", "إدلب", "Idlib"), "إدلب", "Idleb"),
        (("Hama", "حماة", "Hama"), "حماة", "Hama"),
        (("Shahba", "شهبا", "As-Suwayda"), "شهبا، السويداء", "Shahba, As-Suwayda"),
    ],
)
def test_a_town_named_like_its_governorate_shows_one_name_not_two_spellings(place, ar, en):
    from bot.delivery.render import place_label
    from bot.models import Event, Place

    event = Event("protest", location=Place(*place))
    assert (place_label(event, "ar"), place_label(event, "en")) == (ar, en)


async def test_a_row_that_cannot_be_rendered_waits_and_the_chat_s_other_rows_go_on(store, transport):
    from bot.delivery.sender import render_delivery

    _subscribe(store, "tg:1")
    bad = _ingest(store, "غارة على حلب.").report_id
    _ingest(store, "قصف على حماة.")

    def renderer(store_, row, chat):
        if row.report_id == bad:
            raise ValueError("a report the renderer chokes on")
        return render_delivery(store_, row, chat)

    sender = Sender(store, {"tg": transport}, renderer=renderer)
    await sender.run_once()
    assert len(transport.sent["tg:1"]) == 1
    rows = store.conn.db.query("SELECT report_id, state, last_error FROM deliveries WHERE chat = 'tg:1'")
    states = {r["report_id"]: (r["state"], r["last_error"]) for r in rows}
    assert states[bad] == ("pending", "ValueError: a report the renderer chokes on")  # not stuck 'claimed'


async def test_wake_from_another_thread_reaches_the_running_loop(store, sender):
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop, idle=3600))  # only a wake-up can end its wait
    while sender._loop is None:
        await asyncio.sleep(0)
    _subscribe(store, "tg:1")
    await asyncio.to_thread(_ingest, store, "غارة على حلب.")
    await asyncio.to_thread(sender.wake)  # as the inbox does, from its scanning thread
    async with asyncio.timeout(10):
        while not sender.transports["tg"].sent["tg:1"]:
            await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 10)


def test_alert_shows_the_sentence_that_tells_an_event_the_headline_is_not_about(store):
    from pathlib import Path

    from bot.delivery.render import render_alert

    seed = (Path(__file__).resolve().parents[2] / "seeds" / "000_02fb0add3b835a0e.txt").read_text("utf-8")
    analysis = analyze(seed)  # the headline: US-Russia talks; the strike on Maarat al-Numan is told in line 10
    store.reports.add(raw(seed), analysis)
    lines = render_alert(store.reports.latest(1)[0], "ar").text.splitlines()
    assert lines[0] == "✈️ غارة جوية — معرة النعمان، إدلب"
    assert lines[2].startswith("«وصباح اليوم استيقظت مدينة معرة النعمان")
    # an alert whose headline names the place shows no extra sentence
    text = "قتل خمسة مدنيين بينهم طفلان في غارة جوية على مدينة حلب."
    store.reports.add(raw(text, "غارة جوية على حلب"), analyze(text, title="غارة جوية على حلب"))
    assert "«" not in render_alert(store.reports.latest(1)[0], "ar").text
