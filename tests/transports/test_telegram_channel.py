"""/channel through the Telegram transport and the Bot API stand-in: a channel managed from a private chat."""

from __future__ import annotations

from bot.i18n import t
from tests.transports.telegram_bot import bot_for


async def said(tg, chat, n: int) -> str:
    return (await tg.wait_for_messages(chat, n))[n - 1].text or ""


async def test_a_channel_admin_subscribes_the_channel_from_a_private_chat(telegram_standin, store):
    tg = telegram_standin
    owner, stranger = tg.add_user("Owner"), tg.add_user("Stranger")
    channel = tg.add_channel("News", creator=owner, username="news")
    private, elsewhere = tg.private_chat(owner), tg.private_chat(stranger)
    store.chats.ensure(f"tg:{owner.id}", language="en")
    store.chats.ensure(f"tg:{stranger.id}", language="en")
    async with bot_for(tg, store):
        tg.send_command(private, owner, "channel")
        assert await said(tg, private, 1) == t("en", "tg.channel_usage")
        tg.send_command(private, owner, "channel", "@nosuch subscribe airstrike")
        assert await said(tg, private, 2) == t("en", "tg.channel_not_found", channel="@nosuch")
        tg.send_command(elsewhere, stranger, "channel", "@news subscribe airstrike")
        assert await said(tg, elsewhere, 1) == t("en", "tg.channel_not_admin")
        assert store.subscriptions.for_chat(f"tg:{channel.id}") == []

        tg.send_command(private, owner, "channel", "@news subscribe airstrike")
        await said(tg, private, 3)
        [subscription] = store.subscriptions.for_chat(f"tg:{channel.id}")
        assert subscription.types == ("airstrike",)
        assert store.chats.get(f"tg:{channel.id}").kind == "channel"
        assert store.subscriptions.for_chat(f"tg:{owner.id}") == []
        assert tg.bot_messages(channel) == []  # the answer goes to the private chat, not the channel

        tg.send_command(private, owner, "channel", f"{channel.id}")  # by id, no command: the channel's /settings
        settings = (await tg.wait_for_messages(private, 4))[3]
        data = [b["callback_data"] for b in settings.buttons if "callback_data" in b]
        assert data and all(d.startswith(f"/channel {channel.id} ") for d in data)
        query = tg.press_button(settings, owner, data=f"/channel {channel.id} settings mute 8h")
        await tg.wait_for_callback_answer(query)
        await tg.wait_for(lambda: store.chats.get(f"tg:{channel.id}").muted_until, what="the channel muted")
        assert store.chats.get(f"tg:{owner.id}").muted_until is None  # the button acted on the channel
        assert tg.bot_messages(channel) == []
    tg.assert_no_violations()


async def test_the_bot_must_administer_the_channel_and_groups_do_not_know_the_command(telegram_standin, store):
    tg = telegram_standin
    owner = tg.add_user("Owner")
    channel = tg.add_channel("News", creator=owner, username="news")
    channel.bot_status = "member"
    group = tg.add_supergroup("Group", creator=owner)
    private = tg.private_chat(owner)
    store.chats.ensure(f"tg:{owner.id}", language="en")
    store.chats.ensure(f"tg:{group.id}", kind="group", language="en")
    async with bot_for(tg, store):
        tg.send_command(private, owner, "channel", "@news subscribe airstrike")
        assert await said(tg, private, 1) == t("en", "tg.channel_bot_not_admin")
        tg.send_command(group, owner, "channel", "@news")
        assert await said(tg, group, 1) == t("en", "cmd.unknown_command")
    assert store.subscriptions.for_chat(f"tg:{channel.id}") == []
