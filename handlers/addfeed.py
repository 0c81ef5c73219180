"""/addfeed URL [SECONDS]: watch a feed (admins). Its current entries are marked seen, so nothing old is alerted."""

from __future__ import annotations

from bot.errors import CommandError, FeedError, UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.registry import CommandSpec

MAX_INTERVAL = 365 * 24 * 3600  # a year; more is a typo, and SQLite stores at most 2**63 - 1


def parse_args(args: str) -> tuple[str, int | None]:
    """``URL [SECONDS]`` -> (url, interval); raises UsageError otherwise."""
    parts = args.split()
    if not parts or len(parts) > 2 or not parts[0].lower().startswith(("http://", "https://")):
        raise UsageError("cmd.usage_addfeed")
    interval = None
    if len(parts) == 2:
        if not parts[1].isdecimal() or not 60 <= int(parts[1]) <= MAX_INTERVAL:
            raise UsageError("cmd.usage_addfeed")
        interval = int(parts[1])
    return parts[0], interval


async def run(ctx: Context) -> list[Reply]:
    url, interval = parse_args(ctx.args)
    if ctx.services.feeds is None:
        raise CommandError("cmd.feeds_unavailable")
    try:
        feed = await ctx.services.feeds.add_feed(url, interval=interval, added_by=ctx.user)
    except FeedError as exc:
        raise CommandError("cmd.feed_error", url=url, error=str(exc)) from exc
    seen = await ctx.store.feeds.entry_count(feed.id)
    title = feed.title or feed.url
    every = feed.interval or getattr(ctx.services.feeds, "default_interval", None) or "?"
    return [Reply(text=ctx.t("cmd.feed_added", title=title, url=feed.url, interval=every, n=seen))]


SPEC = CommandSpec("addfeed", run, help_key="cmd.help_addfeed", admin_only=True)
