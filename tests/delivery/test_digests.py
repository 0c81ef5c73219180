"""Digests: held alerts become one message grouped by place and type, sent once, also across restarts."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery import digest
from bot.delivery.digest import Digests
from bot.delivery.sender import Sender
from bot.models import Analysis, Event, RawReport
from bot.pipeline import Pipeline
from storage import Store
from tests.delivery.recording import RecordingTransport
from tests.incidents.places import ARIHA, ATAREB, HARASTA

CHAT = "tg:7"

REPORTS = [
    ("غارة جوية على أريحا تقتل ثلاثة مدنيين.", "a", Event("airstrike", ARIHA, killed=3, killed_children=1)),
    ("غارة جوية على أريحا تقتل ثلاثة مدنيين", "b", Event("airstrike", ARIHA, killed=3, killed_children=1)),  # a copy
    ("Shelling on Atareb kills two and wounds five.", "c", Event("shelling", ATAREB, killed=2, injured=5)),
    ("حملة اعتقالات في حرستا.", "d", Event("arrests", HARASTA)),
    ("ارتفاع حصيلة غارة أريحا إلى سبعة قتلى.", "e", Event("airstrike", ARIHA, killed=7, killed_children=2)),
]


def _ingest_all(store: Store) -> None:
    # The clock is read in each test, never at import: a suite runs for many minutes, and a module-level "now"
    # put the quiet hours and the next 08:00 in the past once the hour turned between collection and the test.
    now = datetime.now(UTC)
    analyses = {text: Analysis("ar", text, text, (event,)) for text, _s, event in REPORTS}
    pipeline = Pipeline(store, analyzer=lambda text, **_: analyses[text])
    for minutes, (text, source, _event) in enumerate(REPORTS):
        pipeline.ingest(RawReport(text=text, source=source, published=now + timedelta(minutes=minutes)))


async def _drain(sender: Sender) -> None:
    while await sender.run_once():
        pass


async def test_a_daily_digest_across_restarts_is_sent_once_with_the_right_totals(db_path):
    store = Store.open(db_path)
    store.chats.ensure(CHAT, language="en")
    store.chats.set_timezone(CHAT, "Asia/Damascus")
    store.chats.set_digest(CHAT, "daily")
    store.subscriptions.add(CHAT)
    before = datetime.now(UTC)
    _ingest_all(store)
    transport = RecordingTransport()
    await _drain(Sender(store, {"tg": transport}))
    after = datetime.now(UTC)
    assert transport.sends == []  # held for the digest: 3 alerts and 1 update
    assert [d.state for d in store.outbox.for_chat(CHAT)] == ["held"] * 4
    due = datetime.fromtimestamp(store.digests.due_at(CHAT), UTC)
    local = due.astimezone(ZoneInfo("Asia/Damascus"))
    # The next 08:00 in Damascus after the sender held the alerts, whatever the hour (and day) the test runs at.
    assert (local.hour, local.minute) == (8, 0) and before < due <= after + timedelta(days=1)
    store.close()

    # Restart before the digest is due: nothing yet.
    store = Store.open(db_path)
    assert Digests(store).run_due(due - timedelta(minutes=1)) == 0
    store.close()

    # The bot was down at 08:00; it comes back at 09:30 and sends the digest it missed.
    store = Store.open(db_path)
    assert Digests(store).run_due(due + timedelta(minutes=90)) == 1
    store.close()  # ... and stops before the sender ran

    store = Store.open(db_path)
    assert Digests(store).run_due(due + timedelta(minutes=91)) == 0  # the next one is due tomorrow
    assert store.digests.due_at(CHAT) == (due + timedelta(days=1)).timestamp()
    transport = RecordingTransport()
    await _drain(Sender(store, {"tg": transport}))
    assert [chat for chat, _text in transport.sends] == [CHAT]
    [(_chat, text)] = transport.sends
    assert text == (
        "🗞 Daily digest: 3 incidents\n"
        "✈️ Airstrike — Idlib: 1 incidents · Killed 7 (2 children)\n   Ariha\n"
        "💥 Shelling — Aleppo: 1 incidents · Killed 2 · Injured 5\n   Atareb\n"
        "🚨 Arrests — Rif Dimashq: 1 incidents\n   Harasta\n"
        "Total: 3 incidents · Killed 9 (2 children) · Injured 5"
    )
    [row] = [d for d in store.outbox.for_chat(CHAT) if d.kind == "digest"]
    assert row.payload["totals"] == {"incidents": 3, "killed": 9, "injured": 5, "killed_children": 2}
    assert {d.state for d in store.outbox.for_chat(CHAT) if d.kind != "digest"} == {"digested"}
    store.close()


async def test_quiet_hours_hold_alerts_until_they_end_then_send_one_digest(store):
    store.chats.ensure(CHAT, language="en")
    now = datetime.now(UTC)  # the chat is on UTC: quiet from an hour ago to an hour ahead (crossing midnight or not)
    start, end = (now - timedelta(hours=1)).strftime("%H:%M"), (now + timedelta(hours=1)).strftime("%H:%M")
    store.chats.set_quiet_hours(CHAT, start, end)
    store.subscriptions.add(CHAT)
    _ingest_all(store)
    transport = RecordingTransport()
    await _drain(Sender(store, {"tg": transport}))
    assert transport.sends == []
    due = datetime.fromtimestamp(store.digests.due_at(CHAT), UTC)
    assert due.strftime("%H:%M") == end
    digests = Digests(store)
    assert digests.run_due(due - timedelta(seconds=1)) == 0
    assert digests.run_due(due + timedelta(seconds=1)) == 1
    assert store.digests.due_at(CHAT) is None  # no digest setting: nothing more is planned
    await _drain(Sender(store, {"tg": transport}))
    [(_chat, text)] = transport.sends
    assert text.startswith("🗞 While alerts were held: 3 incidents\n")


async def test_alerts_after_an_unmute_flow_again_and_the_held_ones_come_as_a_digest(store):
    store.chats.ensure(CHAT, language="en")
    store.chats.set_muted_until(CHAT, datetime.now(UTC) + timedelta(hours=2))
    store.subscriptions.add(CHAT)
    _ingest_all(store)
    transport = RecordingTransport()
    sender = Sender(store, {"tg": transport})
    await _drain(sender)
    assert transport.sends == []
    store.chats.set_muted_until(CHAT, None)
    store.digests.set_due(CHAT, None)  # what /settings unmute does
    assert Digests(store).run_due() == 1
    await _drain(sender)
    assert len(transport.sends) == 1 and transport.sends[0][1].startswith("🗞")


async def test_the_scheduler_runs_due_digests_and_rearms_itself(store):
    store.chats.ensure(CHAT, language="en")
    store.subscriptions.add(CHAT)
    _ingest_all(store)
    for row in store.outbox.for_chat(CHAT):
        store.digests.hold(row.id, "test")
    store.digests.set_due(CHAT, time.time() + 0.3)
    woken = asyncio.Event()
    scheduler = AsyncIOScheduler(timezone="UTC")
    digest.schedule(scheduler, Digests(store), on_queued=woken.set, max_wait=0.5)
    scheduler.start()
    try:
        await asyncio.wait_for(woken.wait(), timeout=15)
        assert [d.kind for d in store.outbox.for_chat(CHAT) if d.state == "pending"] == ["digest"]
        deadline = time.monotonic() + 15
        while scheduler.get_job(digest.JOB_ID) is None:  # armed again for the next look
            assert time.monotonic() < deadline, "the digest job was not armed again"
            await asyncio.sleep(0.02)
    finally:
        scheduler.shutdown(wait=False)
