"""What an incident becomes with one more report: counts merged, severity scored, place refined.

Decided here, written as it is by storage/incidents.py (storage stores, it does not decide).
"""

from __future__ import annotations

from bot.incidents.linking import IncidentState, place_key
from bot.incidents.severity import severity
from bot.models import Event, MergedIncident
from bot.places.containment import contains, region

COUNTS = ("killed", "injured", "killed_children", "killed_women")


Merged = MergedIncident  # the value storage/incidents.py writes as it is


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def merge(current: IncidentState | None, event: Event | None) -> Merged | None:
    """The incident with ``event`` added (``current`` None: a new one); None when nothing changes."""
    if current is None:
        counts = {k: getattr(event, k) if event else None for k in COUNTS}
        location = event.location if event else None
        return Merged(
            None,
            event.type if event else None,
            **counts,
            severity=severity(event.type, **counts) if event else 0.0,
            location=location,
            place=place_key(location) if event else None,
            region=region(location) if event else None,
            relocated=True,
        )
    if event is None:
        return None
    merged = {k: _max(getattr(current, k), getattr(event, k)) for k in COUNTS}
    # "Idlib" becomes "Ariha": a report from another town of Idlib is then another incident.
    narrower = bool(current.location and event.location and contains(current.location, event.location))
    location = event.location if narrower else current.location
    return Merged(
        current.id,
        current.type,
        **merged,
        severity=severity(current.type or event.type, **merged),
        location=location,
        place=place_key(location) if narrower else current.place,
        region=region(location) if narrower else None,
        relocated=narrower,
    )
