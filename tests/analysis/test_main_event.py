"""The main event: the incident a report is about, as a one-answer reader (FA-KES, a digest) takes it."""

from __future__ import annotations

from bot.analysis import analyze
from bot.analysis.mainevent import main_event


def test_the_first_incident_with_a_toll_not_the_largest():
    text = (
        "Clashes raged on the edge of Aleppo on Tuesday. "
        "A car bomb killed 12 people in the town of Azaz on Tuesday, the Observatory said. "
        "In Idlib, an airstrike on the town of Saraqib on Tuesday killed 30 people."
    )
    events = analyze(text).events
    assert [(e.type, e.killed) for e in events][:1] == [("clashes", None)]
    main = main_event(events)
    assert main is not None and (main.type, main.location.name, main.killed) == ("bombing", "Azaz", 12)
    assert max(e.killed or 0 for e in events) == 30  # what the largest count would have said


def test_without_a_toll_the_first_incident():
    events = analyze("Rebels shelled the town of Mhardeh in Hama on Monday. Talks resumed in Geneva.").events
    main = main_event(events)
    assert main is events[0] and main.killed is None


def test_no_events_no_main_event():
    assert main_event(()) is None
