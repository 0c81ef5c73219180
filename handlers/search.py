"""/search QUERY: Arabic-aware full-text search, newest first, paged."""

from __future__ import annotations

import asyncio

from bot.errors import UsageError
from bot.models import Reply
from handlers.context import Context
from handlers.listing import PAGE_SIZE, page_buttons, report_list
from handlers.registry import CommandSpec
from storage.search import COUNT_CAP


def page(ctx: Context, query_id: int, query: str, number: int) -> list[Reply]:
    """One page of results. Blocking (it queries the database): the command runs it in a thread."""
    # The page and the count (which stops past the cap) from one walk of the search index.
    found, count = ctx.store.search.page(query, PAGE_SIZE + 1, (number - 1) * PAGE_SIZE, cap=COUNT_CAP)
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
    query_id = ctx.store.queries.save(ctx.chat, "search", query)
    return await asyncio.to_thread(page, ctx, query_id, query, 1)  # a common word must not stall alerts


SPEC = CommandSpec("search", run, aliases=("find", "بحث"), help_key="cmd.help_search")
