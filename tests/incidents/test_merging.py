"""bot.incidents.merge: what an incident becomes with one more report (storage writes it as it is)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.incidents import IncidentState, merge, place_key, severity
from bot.models import Event
from bot.places.containment import region
from tests.helpers import IDLIB, MAARAT

AT = datetime(2026, 3, 1, tzinfo=UTC)


def test_a_report_without_an_incident_starts_one_with_its_own_values():
    new = merge(None, Event("airstrike", MAARAT, killed=3, injured=5))
    assert new is not None and new.incident is None and new.relocated
    assert (new.type, new.killed, new.injured, new.killed_children) == ("airstrike", 3, 5, None)
    assert new.severity == severity("airstrike", killed=3, injured=5, killed_children=None, killed_women=None)
    assert (new.location, new.place, new.region) == (MAARAT, place_key(MAARAT), region(MAARAT))
    empty = merge(None, None)
    assert empty is not None and (empty.type, empty.place, empty.severity) == (None, None, 0.0)


def test_counts_merge_to_the_highest_and_a_narrower_place_refines_the_incident():
    current = IncidentState(1, "airstrike", place_key(IDLIB), AT, killed=4, injured=None, location=IDLIB)
    merged = merge(current, Event("bombing", MAARAT, killed=2, injured=7))
    assert merged is not None and merged.incident == 1
    assert (merged.type, merged.killed, merged.injured) == ("airstrike", 4, 7)  # the incident keeps its type
    assert merged.severity == severity("airstrike", killed=4, injured=7, killed_children=None, killed_women=None)
    assert merged.relocated and (merged.location, merged.place) == (MAARAT, place_key(MAARAT))


def test_a_wider_or_missing_place_keeps_the_incident_where_it_is_and_no_event_changes_nothing():
    current = IncidentState(1, "airstrike", place_key(MAARAT), AT, killed=1, location=MAARAT)
    merged = merge(current, Event("airstrike", IDLIB, killed=3))
    assert merged is not None and not merged.relocated and merged.place == place_key(MAARAT)
    assert merged.killed == 3
    assert merge(current, None) is None
