"""/start: greet, explain, offer to subscribe; re-enables a chat that had blocked the bot."""

from __future__ import annotations

from bot.membership import AsyncMembership
from bot.models import Button, Reply
from handlers.context import Context
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    await AsyncMembership(ctx.store).back(ctx.chat)  # a chat that had blocked the bot gets alerts again
    buttons = ((Button("✅ /subscribe", "/subscribe"), Button("❓ /help", "/help")),)
    return [Reply(text=ctx.t("cmd.start"), buttons=buttons)]


SPEC = CommandSpec("start", run, help_key="cmd.help_start")
