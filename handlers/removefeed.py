"""/removefeed URL: stop watching a feed (admins)."""

from __future__ import annotations

from bot.errors import CommandError, UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    parts = ctx.args.split()
    if len(parts) != 1:
        raise UsageError("cmd.usage_removefeed")
    url = parts[0]
    if ctx.services.feeds is not None:
        removed = await ctx.services.feeds.remove_feed(url)
    else:
        removed = await ctx.store.feeds.remove(url)
    if not removed:
        raise CommandError("cmd.feed_not_found", url=url)
    return [Reply(text=ctx.t("cmd.feed_removed", url=url))]


SPEC = CommandSpec("removefeed", run, help_key="cmd.help_removefeed", admin_only=True)
