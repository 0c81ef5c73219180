"""Incidents: one alert per incident. Pure decisions, no I/O beyond shipped data.

``severity`` scores an event; ``similarity`` finds copies and light rewrites of a
report (MinHash over character shingles); which place lies inside which is
:mod:`bot.places`; ``linking`` decides whether a report copies another, which incident it
belongs to, and whether it raises the toll.
"""

from __future__ import annotations

from bot.incidents.linking import (
    Candidate,
    IncidentState,
    Link,
    counts_agree,
    counts_compatible,
    find_duplicate,
    find_incident,
    link,
    place_key,
    toll_rise,
    types_related,
)
from bot.incidents.merging import Merged, merge
from bot.incidents.severity import lead_event, severity
from bot.incidents.similarity import Signature, signature, similarity
from bot.places import contains, nested

__all__ = [
    "Candidate",
    "IncidentState",
    "Link",
    "Merged",
    "Signature",
    "contains",
    "counts_agree",
    "counts_compatible",
    "find_duplicate",
    "find_incident",
    "lead_event",
    "link",
    "merge",
    "nested",
    "place_key",
    "severity",
    "signature",
    "similarity",
    "toll_rise",
    "types_related",
]
