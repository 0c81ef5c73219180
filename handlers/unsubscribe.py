"""/unsubscribe [ID or all]: end one or all of this chat's subscriptions."""

from __future__ import annotations

from bot.errors import UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    arg = ctx.args.strip().lstrip("#").lower()
    if arg in ("", "all", "الكل"):
        removed = ctx.store.subscriptions.remove(ctx.chat)
    elif arg.isdigit():
        removed = ctx.store.subscriptions.remove(ctx.chat, int(arg))
        if not removed:
            return [Reply(text=ctx.t("cmd.unsubscribe_none"))]
    else:
        raise UsageError("cmd.usage_unsubscribe")
    return [Reply(text=ctx.t("cmd.unsubscribed", n=removed))]


SPEC = CommandSpec("unsubscribe", run, aliases=("unsub",), help_key="cmd.help_unsubscribe", changes_chat=True)
