"""/page ID N (behind the paging buttons) and /more (the next page of the last list)."""

from __future__ import annotations

from bot.models import Reply
from handlers import latest, search
from handlers.context import Context
from handlers.registry import CommandSpec

MAX_ID = 2**63 - 1  # SQLite's largest integer
_PAGERS = {"latest": latest.page, "search": search.page}


async def _show(ctx: Context, query_id: int, command: str, args: str, number: int) -> list[Reply]:
    await ctx.store.queries.set_page(query_id, number)
    return await _PAGERS[command](ctx, query_id, args, number)


async def run_page(ctx: Context) -> list[Reply]:
    parts = ctx.args.split()
    if len(parts) == 2 and all(p.isdecimal() for p in parts) and int(parts[0]) <= MAX_ID:
        query_id, number = int(parts[0]), max(1, min(int(parts[1]), MAX_ID))
        saved = await ctx.store.queries.get(query_id, ctx.chat)
        if saved is not None and saved[0] in _PAGERS:
            return await _show(ctx, query_id, saved[0], saved[1], number)
    return [Reply(text=ctx.t("cmd.no_more"), edit=ctx.from_button)]


async def run_more(ctx: Context) -> list[Reply]:
    last = await ctx.store.queries.last(ctx.chat)
    if last is None or last[1] not in _PAGERS:
        return [Reply(text=ctx.t("cmd.no_more"))]
    query_id, command, args, number = last
    return await _show(ctx, query_id, command, args, number + 1)


PAGE = CommandSpec("page", run_page)
MORE = CommandSpec("more", run_more, aliases=("next", "المزيد"), help_key="cmd.help_more")
