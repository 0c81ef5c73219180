"""A severity score per event or incident: its type, then its dead, children first.

The score orders digests and backs the ``severity>=N`` filter. It is a plain sum
with a logarithm on counts, so one more death matters most when few died:
an airstrike with no known casualties scores 4, with 5 killed about 11.8.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from bot.models import Event

TYPE_WEIGHTS: dict[str, float] = {
    "chemical_attack": 8.0,
    "airstrike": 4.0,
    "bombing": 4.0,
    "shelling": 3.5,
    "attack_on_civilians": 3.5,
    "clashes": 3.0,
    "territory_change": 3.0,
    "arrests": 2.0,
    "displacement": 2.0,
    "ceasefire": 1.5,
    "protest": 1.0,
    "diplomacy": 1.0,
}


def severity(
    type_: str,
    *,
    killed: int | None = None,
    injured: int | None = None,
    killed_children: int | None = None,
    killed_women: int | None = None,
) -> float:
    """The score of one incident: type weight + 4·log2(1+killed) + log2(1+injured) + 2·log2(1+children)."""
    score = TYPE_WEIGHTS.get(type_, 1.0)
    score += 4.0 * math.log2(1 + max(killed or 0, 0))
    score += 1.0 * math.log2(1 + max(injured or 0, 0))
    score += 2.0 * math.log2(1 + max(killed_children or 0, 0))
    score += 1.0 * math.log2(1 + max(killed_women or 0, 0))
    return round(score, 2)


def event_severity(event: Event) -> float:
    return severity(
        event.type,
        killed=event.killed,
        injured=event.injured,
        killed_children=event.killed_children,
        killed_women=event.killed_women,
    )


def lead_event(events: Iterable[Event]) -> Event | None:
    """The event a report is about: the most severe, the first among equals."""
    best: Event | None = None
    best_score = -1.0
    for event in events:
        score = event_severity(event)
        if score > best_score:
            best, best_score = event, score
    return best
