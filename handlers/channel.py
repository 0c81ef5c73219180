"""/channel @name [COMMAND ARGS]: run a command for a channel, from a private chat.

Channels cannot talk to bots, so an administrator manages one from a private chat: ``/channel @news subscribe
airstrike in Idlib``, ``/channel @news unsubscribe all``; without a command it shows ``/settings``, and words that
are not a command mean ``subscribe``. The bot must administer the channel, and so must the user. Only a network
that has channels answers it (the context's ``channels``: Telegram); elsewhere it is an unknown command. The
channel's replies come back to the private chat with their buttons rewritten to act on the channel.
"""

from __future__ import annotations

import dataclasses

from bot.models import Button, ChatAddress, Reply
from handlers.context import Context
from handlers.registry import CommandSpec

MAX_BUTTON_DATA = 64  # bytes of a button's data (Button's limit)


async def run(ctx: Context) -> list[Reply]:
    from handlers import dispatch, lookup  # the registry imports this module

    channels = ctx.channels
    if channels is None or ctx.chat_kind != "private":
        return [Reply(text=ctx.t("cmd.unknown_command"))]
    words = ctx.args.split(maxsplit=1)
    if not words:
        return [Reply(text=ctx.t("tg.channel_usage"))]
    target, rest = words[0], words[1] if len(words) > 1 else ""
    channel = await channels.find(target)
    if channel is None:
        return [Reply(text=ctx.t("tg.channel_not_found", channel=target))]
    if not await channels.is_admin(channel, None):
        return [Reply(text=ctx.t("tg.channel_bot_not_admin"))]
    if not await channels.is_admin(channel, ctx.user):
        return [Reply(text=ctx.t("tg.channel_not_admin"))]
    first, _, more = rest.partition(" ")
    if not rest:
        name, args = "settings", ""
    elif lookup(first.lstrip("/")) is not None and first.lstrip("/").lower() != "channel":
        name, args = first.lstrip("/"), more
    else:
        name, args = "subscribe", rest
    for_the_channel = dataclasses.replace(
        ctx, chat=channel, command=name, args=args.strip(), chat_kind="channel", is_chat_admin=True, channels=None
    )
    replies = await dispatch(for_the_channel)
    return [for_channel(reply, ChatAddress.parse(channel).id) for reply in replies]


def for_channel(reply: Reply, channel_id: int | str) -> Reply:
    """A channel's reply shown in a private chat: its buttons act on the channel, not on the private chat."""
    rows = []
    for row in reply.buttons:
        buttons = []
        for button in row:
            data = f"/channel {channel_id} {button.data.lstrip('/!')}"
            if len(data.encode("utf-8")) <= MAX_BUTTON_DATA:
                buttons.append(Button(button.label, data))
        if buttons:
            rows.append(tuple(buttons))
    return dataclasses.replace(reply, buttons=tuple(rows))


SPEC = CommandSpec("channel", run)  # not in /help: Telegram's menu lists it (tg.help_channel)
