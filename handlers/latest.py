"""/latest [N] [TYPE or PLACE]: the most recent reports, paged."""

from __future__ import annotations

import asyncio
import re

from bot.analysis.normalize import normalize
from bot.errors import UsageError
from bot.models import Reply, Report
from handlers.context import Context
from handlers.filters import event_type
from handlers.listing import PAGE_SIZE, page_buttons, report_list
from handlers.registry import CommandSpec
from storage import Store

MAX_N = 50
POOL = 200  # candidates looked at for a filtered /latest
# Anything that looks like a number (a sign, digits in any script, a fraction): a count, or a mistake to explain.
_NUMBER = re.compile(r"^[-+−]?\d+(?:[.,٫]\d+)?$")


def _wanted(report: Report, type_: str | None, place: str | None) -> bool:
    if type_ and not any(e.type == type_ for e in report.events):
        return False
    if place:
        names = {
            normalize(n)
            for e in report.events
            if e.location
            for n in (e.location.name, e.location.name_ar, e.location.governorate)
            if n
        }
        if place not in names and place not in normalize(report.title + " " + report.text):
            return False
    return True


def arguments(ctx: Context, args: str) -> tuple[int, str | None, str | None]:
    """(page size, event type, folded place or word) of /latest's arguments; a bad count is a UsageError."""
    size = PAGE_SIZE
    counts: list[str] = []
    type_ = None
    rest = []
    for word in args.split():
        if _NUMBER.match(word):
            counts.append(word)
        elif (found := event_type(word)) is not None:
            type_ = found
        else:
            rest.append(word)
    usage = ctx.t("cmd.usage_latest", max=MAX_N)
    if len(counts) > 1:
        raise UsageError("cmd.latest_one_count", counts=" ".join(counts), usage=usage)
    if counts:
        word = counts[0]
        if not word.isdecimal() or int(word) < 1:  # isdigit() would pass '²', which int() refuses
            raise UsageError("cmd.latest_bad_count", count=word, max=MAX_N, usage=usage)
        size = min(int(word), MAX_N)
    return size, type_, normalize(" ".join(rest)) if rest else None


async def select(ctx: Context, args: str) -> tuple[int, list[Report]]:
    """(page size, every matching report up to MAX_N) for the arguments of /latest."""
    size, type_, place = arguments(ctx, args)
    if type_ is None and place is None:
        return size, await ctx.store.reports.latest(limit=MAX_N)
    words = " ".join(w for w in ((type_ or "").replace("_", " "), place or "") if w)
    return size, await ctx.store.read(_matching, words, type_, place)  # on a reader thread: 200 texts folded


def _matching(store: Store, words: str, type_: str | None, place: str | None) -> list[Report]:
    """The newest reports of that type and place: the search index knows each report's types and places
    (storage/search.py) and proposes candidates; the exact test above keeps those that really are."""
    pool = store.search(words, limit=POOL)
    return [r for r in pool if _wanted(r, type_, place)][:MAX_N]


async def page(ctx: Context, query_id: int, args: str, number: int) -> list[Reply]:
    size, reports = await select(ctx, args)
    return await show(ctx, query_id, args, number, size, reports)


async def show(ctx: Context, query_id: int, args: str, number: int, size: int, reports: list[Report]) -> list[Reply]:
    chunk = reports[(number - 1) * size : number * size]
    if not chunk and number == 1 and args.strip() and await ctx.store.reports.count():
        what = " ".join(w for w in args.split() if not _NUMBER.match(w))
        text = ctx.t("cmd.latest_no_match", what=what, usage=ctx.t("cmd.usage_latest", max=MAX_N))
        return [Reply(text=text, edit=ctx.from_button)]
    if not chunk:
        return [Reply(text=ctx.t("cmd.no_more" if number > 1 else "cmd.no_reports"), edit=ctx.from_button)]
    first = (number - 1) * size + 1
    header = ctx.t("cmd.latest_header", first=first, last=first + len(chunk) - 1)
    has_next = len(reports) > number * size
    return [report_list(ctx, header, chunk, page_buttons(ctx, query_id, number, has_next))]


async def run(ctx: Context) -> list[Reply]:
    arguments(ctx, ctx.args)  # a bad count is answered before the query is kept for paging
    # The query is kept (a write) while the reports are read: the answer waits for the slower, not for both.
    query_id, (size, reports) = await asyncio.gather(
        ctx.store.queries.save(ctx.chat, "latest", ctx.args), select(ctx, ctx.args)
    )
    return await show(ctx, query_id, ctx.args, 1, size, reports)


SPEC = CommandSpec("latest", run, aliases=("last", "اخر"), help_key="cmd.help_latest")
