"""/sources: the feeds and folders being watched."""

from __future__ import annotations

from bot.models import Reply
from handlers.context import Context
from handlers.feeds import describe_feeds
from handlers.registry import CommandSpec


async def run(ctx: Context) -> list[Reply]:
    lines = []
    if ctx.services.inbox:
        lines.append(ctx.t("cmd.sources_inbox", path=ctx.services.inbox))
    feeds = await describe_feeds(ctx)
    lines += feeds
    if not feeds:
        lines.append(ctx.t("cmd.sources_none"))
    return [Reply(text="\n".join(lines))]


SPEC = CommandSpec("sources", run, aliases=("feeds_status",), help_key="cmd.help_sources")
