"""The report's main incident: the one its headline and lead are about, for a reader who wants one answer
per report (a benchmark that labels one incident per article, a one-line digest).

Events come in the order the report announces them (the headline and the lead first), so the main incident is
the first one the report gives a toll for; a report without any toll is about its first incident. Not the most
severe one: a later paragraph's bigger incident, yesterday's strike or a war total kept as an event is not what
the report announces.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Event

__all__ = ["main_event"]


def main_event(events: Sequence[Event]) -> Event | None:
    """The first event with a killed or injured count, else the first event; None without events."""
    return next((e for e in events if e.killed is not None or e.injured is not None), events[0] if events else None)
