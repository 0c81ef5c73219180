"""/search QUERY: Arabic-aware full-text search, newest first, paged."""

from __future__ import annotations

from bot.errors import UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.listing import PAGE_SIZE, page_buttons, report_list
from handlers.registry import CommandSpec
from storage.search import COUNT_CAP


async def page(ctx: Context, query_id: int, query: str, number: int) -> list[Reply]:
    """One page of results (read on a reader thread: a common word does not stall alerts).

    The page and the count (which stops past the cap) come from one walk of the search index."""
    found, count = await ctx.store.search.page(query, PAGE_SIZE + 1, (number - 1) * PAGE_SIZE, cap=COUNT_CAP)
    reports, has_next = found[:PAGE_SIZE], len(found) > PAGE_SIZE
    if not reports:
        key = "cmd.no_more" if number > 1 else "cmd.no_results"
        return [Reply(text=ctx.t(key, query=query), edit=ctx.from_button)]
    total = ctx.t("cmd.more_than", n=f"{COUNT_CAP:,}") if count > COUNT_CAP else count
    first = (number - 1) * PAGE_SIZE + 1
    header = ctx.t("cmd.results_header", query=query, first=first, last=first + len(reports) - 1, total=total)
    return [report_list(ctx, header, reports, page_buttons(ctx, query_id, number, has_next))]


async def run(ctx: Context) -> list[Reply]:
    query = ctx.args.strip()
    if not query:
        raise UsageError("cmd.usage_search")
    query_id = await ctx.store.queries.save(ctx.chat, "search", query)
    return await page(ctx, query_id, query, 1)


SPEC = CommandSpec("search", run, aliases=("find", "بحث"), help_key="cmd.help_search")
