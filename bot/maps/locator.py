"""The small map an alert can carry: Syria with the incident's governorate tinted and its marker.

Pure and cached: the same event in the same language is the same picture (same bytes, so Telegram's
file_id for it is reused across chats).
"""

from __future__ import annotations

from functools import lru_cache

from bot.i18n import keys, t
from bot.maps.boundaries import load
from bot.maps.render import MapSpec, Marker, render
from bot.models import Event, Picture

WIDTH, HEIGHT = 480, 400


def _marker(event: Event) -> Marker | None:
    place = event.location
    if place is None:
        return None
    gov = load().governorate(place.governorate) if place.governorate else None
    if place.lat is not None and place.lon is not None:
        return Marker(place.lon, place.lat, event.type, event.killed or 0, gov.pcode if gov else None)
    if gov is not None and gov.centroid is not None:
        return Marker(*gov.centroid, event.type, event.killed or 0, gov.pcode)
    return None


def locator_spec(event: Event, language: str) -> MapSpec | None:
    marker = _marker(event)
    if marker is None:
        return None
    place = event.location
    assert place is not None
    name = (place.name_ar or place.name) if language == "ar" else place.name
    label = keys(language, "event").get(event.type, event.type)
    return MapSpec(
        language=language,
        markers=(marker,),
        title=f"{label} — {name}",
        legend=False,
        width=WIDTH,
        height=HEIGHT,
        credit=t(language, "map.credit"),
    )


@lru_cache(maxsize=256)
def _cached(event: Event, language: str) -> Picture | None:
    spec = locator_spec(event, language)
    return render(spec) if spec is not None else None


def locator_picture(event: Event, language: str) -> Picture | None:
    """The alert's map, or None when the event has no place to show."""
    return _cached(Event(event.type, event.location, event.killed), language)  # only what the map shows
