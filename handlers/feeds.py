"""/feeds: every watched feed with its state (admins). /sources shows the same lines to everyone."""

from __future__ import annotations

from datetime import datetime

from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec


def _when(ctx: Context, value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ctx.t("cmd.feed_never")


async def describe_feeds(ctx: Context) -> list[str]:
    """Two lines per feed: state, title and URL; then last success, last error and next poll."""
    lines: list[str] = []
    for feed in await ctx.store.feeds.list():
        state = ctx.t("cmd.feed_on") if feed.active else ctx.t("cmd.feed_off")
        lines.append(ctx.t("cmd.feed_line", state=state, title=feed.title or feed.url, url=feed.url))
        error = feed.last_error or ctx.t("cmd.feed_no_error")
        if feed.last_error and feed.last_error_at:
            error = f"{error} ({_when(ctx, feed.last_error_at)})"
        lines.append(
            ctx.t(
                "cmd.feed_status",
                success=_when(ctx, feed.last_success),
                error=error,
                next=_when(ctx, feed.next_poll) if feed.active else "—",
            )
        )
    return lines


async def run(ctx: Context) -> list[Reply]:
    lines = await describe_feeds(ctx)
    if not lines:
        return [Reply(text=ctx.t("cmd.sources_none"))]
    return [Reply(text="\n".join([ctx.t("cmd.feeds_header", n=len(lines) // 2), *lines]))]


SPEC = CommandSpec("feeds", run, help_key="cmd.help_feeds", admin_only=True)
