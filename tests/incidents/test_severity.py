"""Severity orders incidents: type first, then the dead, children weighing more."""

from __future__ import annotations

from bot.incidents import lead_event, severity
from bot.models import Event


def test_severity_grows_with_the_dead_and_children():
    scores = [
        severity("diplomacy"),
        severity("airstrike"),
        severity("airstrike", killed=1),
        severity("airstrike", killed=5),
        severity("airstrike", killed=5, killed_children=3),
        severity("chemical_attack", killed=5, killed_children=3),
    ]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert (severity("airstrike"), severity("airstrike", killed=5)) == (4.0, 14.34)


def test_unknown_counts_are_zero_and_the_lead_event_is_the_most_severe():
    assert severity("shelling", killed=None, injured=None) == severity("shelling")
    events = [Event("diplomacy"), Event("shelling", killed=2), Event("airstrike", killed=1)]
    assert lead_event(events) == events[1]
    assert lead_event([]) is None
