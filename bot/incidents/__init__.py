"""Incidents: one alert per incident. Pure decisions, no I/O.

``severity`` scores an event; ``similarity`` finds copies and light rewrites of a
report (MinHash over character shingles); ``linking`` decides whether a report
copies another, which incident it belongs to, and whether it raises the toll.
"""

from __future__ import annotations

from bot.incidents.linking import (
    Candidate,
    IncidentState,
    Link,
    counts_compatible,
    find_duplicate,
    find_incident,
    link,
    place_key,
    toll_rise,
)
from bot.incidents.severity import lead_event, severity
from bot.incidents.similarity import Signature, signature, similarity

__all__ = [
    "Candidate",
    "IncidentState",
    "Link",
    "Signature",
    "counts_compatible",
    "find_duplicate",
    "find_incident",
    "lead_event",
    "link",
    "place_key",
    "severity",
    "signature",
    "similarity",
    "toll_rise",
]
