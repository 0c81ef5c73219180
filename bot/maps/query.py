"""From stored incidents to a map: which incidents, where their markers go, the words around them, a cache.

A map is a function of (period, types, governorate, language) and of the incidents stored: the cache keeps
each picture until a new incident arrives or a stored one changes (its toll, its place), and at most
``MAX_AGE`` seconds, so a 24-hour window keeps sliding. Drawing runs in a worker thread (``asyncio.to_thread``
in the callers): the event loop never waits for Pillow.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.i18n import keys, t
from bot.incidents.linking import IncidentState
from bot.maps.boundaries import load
from bot.maps.render import MapSpec, Marker, render
from bot.models import Picture
from storage import Store

PERIODS: dict[str, timedelta] = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}
MAX_AGE = 600.0  # seconds a cached map may be reused while no incident changes
CACHE_SIZE = 64

_MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class MapQuery:
    """What one ``/map`` asks for."""

    period: str = "7d"  # a key of PERIODS
    types: tuple[str, ...] = ()  # empty: every type
    governorate: str | None = None  # p-code: zoom to it
    language: str = "ar"


@dataclass(frozen=True, slots=True)
class MapResult:
    picture: Picture
    incidents: int  # on the map
    killed: int
    sources: int
    unplaced: int  # matching incidents with no place to draw


def day_label(day: date, language: str) -> str:
    """``7 Dec 2026`` / ``7 ديسمبر 2026``: no digit-dash-digit run for the bidi algorithm to turn around."""
    months = _MONTHS_AR if language == "ar" else _MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


def marker_for(incident: IncidentState) -> Marker | None:
    """Where an incident goes: its coordinates, else its governorate's centroid; None without a place."""
    place = incident.location
    if place is None or not incident.type:
        return None
    return _marker(incident.type, incident.killed or 0, place.lat, place.lon, place.governorate or "")


def _marker(type_: str, killed: int, lat: float | None, lon: float | None, governorate: str) -> Marker | None:
    gov = load().governorate(governorate) if governorate else None
    if lat is not None and lon is not None:
        return Marker(lon, lat, type_, killed, gov.pcode if gov else None)
    if gov is not None and gov.centroid is not None:
        return Marker(*gov.centroid, type_, killed, gov.pcode)
    return None


@dataclass(frozen=True, slots=True)
class Selected:
    ids: list[int]  # every matching incident, placed or not
    markers: list[Marker]


def select(store: Store, query: MapQuery, now: datetime) -> Selected:
    """The period's incidents that match the query, as markers (one read of the incidents table)."""
    rows = store.incidents.map_rows(now - PERIODS[query.period], now)
    if query.types:
        rows = [r for r in rows if r[1] in query.types]
    if query.governorate:
        area = load().governorate(query.governorate)
        rows = [r for r in rows if area is not None and r[5] == area.name]
    markers = [m for r in rows if (m := _marker(r[1], r[2], r[3], r[4], r[5])) is not None]
    return Selected([r[0] for r in rows], markers)


def title(query: MapQuery) -> str:
    lang = query.language
    what = t(lang, "map.title_" + query.period)
    if query.types:
        names = keys(lang, "event")
        sep = "، " if lang == "ar" else ", "
        what += " — " + sep.join(names.get(x, x) for x in query.types)
    if query.governorate and (area := load().governorate(query.governorate)):
        what += " — " + area.label(lang)
    return what


def build(store: Store, query: MapQuery, now: datetime | None = None) -> MapResult:
    """Select, place and draw: blocking, run it in a thread."""
    now = now or datetime.now(UTC)
    selected = select(store, query, now)
    markers = selected.markers
    killed = sum(m.killed for m in markers)
    sources = store.incidents.source_count(selected.ids)
    lang = query.language
    since = now - PERIODS[query.period]
    subtitle = " · ".join(
        [
            t(lang, "map.incidents", n=len(markers)),
            t(lang, "map.killed", n=killed),
            t(lang, "map.sources", n=sources),
            f"{day_label(since.date(), lang)} – {day_label(now.date(), lang)}",
        ]
    )
    spec = MapSpec(
        language=lang,
        markers=tuple(markers),
        title=title(query),
        subtitle=subtitle,
        focus=query.governorate,
        type_labels=keys(lang, "event"),
        legend_title=t(lang, "map.legend"),
        size_label=t(lang, "map.size"),
        credit=t(lang, "map.credit"),
    )
    return MapResult(render(spec), len(markers), killed, sources, len(selected.ids) - len(markers))


class MapCache:
    """Pictures by query, each kept while the stored incidents are unchanged (and for at most ``max_age``)."""

    def __init__(self, *, max_age: float = MAX_AGE, size: int = CACHE_SIZE) -> None:
        self.max_age = max_age
        self.size = size
        self._items: OrderedDict[tuple[str, MapQuery], tuple[tuple, float, MapResult]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, store: Store, query: MapQuery, now: datetime | None = None) -> MapResult:
        stamp = store.incidents.stamp()
        key = (str(store.conn.path), query)
        with self._lock:
            entry = self._items.get(key)
            if entry is not None and entry[0] == stamp and time.monotonic() - entry[1] < self.max_age:
                self._items.move_to_end(key)
                self.hits += 1
                return entry[2]
        result = build(store, query, now)
        with self._lock:
            self.misses += 1
            self._items[key] = (stamp, time.monotonic(), result)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return result


CACHE = MapCache()
