"""/map [24h|7d] [TYPE…] [in PLACE]: the period's incidents on a map of Syria, as a picture.

Drawing happens in a worker thread and is cached per (period, types, governorate, language) until a new
incident arrives (bot/maps/query.py), so a busy group asking for the same map costs one drawing.
"""

from __future__ import annotations

from bot.errors import CommandError
from bot.maps.query import CACHE, MapQuery
from bot.maps.query import title as map_title
from bot.models import Reply
from bot.places import governorate
from handlers.context import Context
from handlers.filters import _gazetteer_places, event_type
from handlers.registry import CommandSpec

PERIOD_WORDS = {
    "24h": "24h",
    "1d": "24h",
    "day": "24h",
    "today": "24h",
    "يوم": "24h",
    "اليوم": "24h",
    "7d": "7d",
    "week": "7d",
    "اسبوع": "7d",
    "أسبوع": "7d",
    "الاسبوع": "7d",
    "الأسبوع": "7d",
}
PLACE_WORDS = ("in", "في", "فى")


def governorate_of(name: str) -> str | None:
    """The p-code of the governorate a name stands for: a governorate, or a town or district inside exactly one."""
    if (found := governorate(name)) is not None:
        return found[2]
    inside = {place.governorate for place in _gazetteer_places(name) if place.governorate}
    if len(inside) == 1 and (found := governorate(inside.pop())) is not None:
        return found[2]
    return None


def parse(args: str, language: str) -> MapQuery:
    """The query a /map line asks for; CommandError with a usage line when a word is not understood."""
    period, types, place = "7d", [], None
    words = args.split()
    for index, word in enumerate(words):
        lowered = word.lower()
        if lowered in PLACE_WORDS:
            rest = " ".join(words[index + 1 :])
            if not rest:
                raise CommandError("map.usage")
            place = governorate_of(rest)
            if place is None:
                raise CommandError("map.unknown_place", place=rest)
            break
        if lowered in PERIOD_WORDS:
            period = PERIOD_WORDS[lowered]
        elif (type_ := event_type(word)) is not None:
            if type_ not in types:
                types.append(type_)
        elif (found := governorate(" ".join(words[index:]))) is not None:  # "/map Idlib" without "in"
            place = found[2]
            break
        else:
            raise CommandError("map.usage")
    return MapQuery(period=period, types=tuple(types), governorate=place, language=language)


async def run(ctx: Context) -> list[Reply]:
    query = parse(ctx.args, ctx.language)
    result = await ctx.store.read(CACHE.get, query)  # read and drawn on a reader thread
    summary = " · ".join(
        [
            ctx.t("map.incidents", n=result.incidents),
            ctx.t("map.killed", n=result.killed),
            ctx.t("map.sources", n=result.sources),
        ]
    )
    lines = [ctx.t("map.caption", title=map_title(query), summary=summary)]
    if result.incidents == 0 and result.unplaced == 0:
        lines.append(ctx.t("map.nothing"))
    if result.unplaced:
        lines.append(ctx.t("map.unplaced", n=result.unplaced))
    return [Reply(text="\n".join(lines), picture=result.picture)]


SPEC = CommandSpec("map", run, aliases=("maps",), help_key="map.help")
