"""A feed the poller gives up on is told to every admin chat, each in that chat's own language."""

from __future__ import annotations

from pathlib import Path

from bot import app as application
from bot.config import Settings
from bot.i18n import t
from bot.sources.feeds.app import notify_admins
from storage.front import AsyncStore

PARAMS = {"failures": 5, "url": "https://news.example/feed.xml", "error": "HTTP 500"}


async def test_each_admin_chat_reads_the_notice_in_its_language(store) -> None:
    store.chats.ensure("tg:100", language="ar")
    store.chats.ensure("mx:!ops:example.org", language="en")
    woken = []
    admins = ["tg:100", "mx:!ops:example.org", "@alice:example.org"]  # the last is a user, not a chat
    await notify_admins(
        AsyncStore.over(store), admins, "notice.feed_deactivated", PARAMS, wake=lambda: woken.append(True)
    )
    texts = {chat: [(d.kind, d.payload["text"]) for d in store.outbox.for_chat(chat)] for chat in admins}
    assert texts == {
        "tg:100": [("notice", t("ar", "notice.feed_deactivated", **PARAMS))],
        "mx:!ops:example.org": [("notice", t("en", "notice.feed_deactivated", **PARAMS))],
        "@alice:example.org": [],
    }
    assert texts["tg:100"][0][1].startswith("أُوقفت متابعة الخلاصة https://news.example/feed.xml")
    assert texts["mx:!ops:example.org"][0][1].startswith("Feed deactivated after 5 failed polls")
    assert woken == [True]


async def test_the_supervisor_hands_the_poller_a_notify_that_queues_per_language(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", inbox=tmp_path / "inbox", admins=("tg:7",), http=None)
    app = application.build(settings)
    try:
        assert app.feeds is not None and app.feeds.notify is not None
        app.store.chats.ensure("tg:7", language="en")
        await app.feeds.notify("notice.feed_deactivated", **PARAMS)
        [row] = app.store.outbox.for_chat("tg:7")
        assert (row.kind, row.payload["text"]) == ("notice", t("en", "notice.feed_deactivated", **PARAMS))
    finally:
        app.store.close()


async def test_an_admin_id_that_is_no_chat_key_is_skipped(store) -> None:
    admins = ["tg:alice", "sms:+963", "tg:5"]  # a Telegram id is a number; no transport is called sms
    await notify_admins(AsyncStore.over(store), admins, "notice.feed_deactivated", PARAMS, wake=lambda: None)
    assert [d.chat for d in store.outbox.for_chat("tg:5")] == ["tg:5"]
    assert store.outbox.for_chat("tg:alice") == [] and store.outbox.for_chat("sms:+963") == []
    assert store.chats.get("tg:alice") is None
