"""``analyze(gate=...)``: the switch behind ``MARSAD_EVENT_GATE``. On, the shipped gate decides whatever its
weights file's ``# on`` says; off, never; None, as the file says (on since session 8). Every test passes the
switch explicitly, so none depends on the file's ``# on`` line."""

from __future__ import annotations

from bot.analysis import analyze, candidates
from bot.analysis.eventgate import gate, parse
from tests.analysis.gate_report import AID_REPORT, AID_TITLE


def _types(analysis) -> list[str]:
    return [e.type for e in analysis.events]


def test_on_drops_the_background_candidate_off_keeps_it():
    assert _types(analyze(AID_REPORT, title=AID_TITLE, gate=False)) == ["displacement", "diplomacy"]
    assert _types(analyze(AID_REPORT, title=AID_TITLE, gate=True)) == ["diplomacy"]


def test_on_keeps_what_the_shipped_gate_keeps_and_auto_follows_the_file():
    found = candidates(AID_REPORT, title=AID_TITLE)
    kept = gate().select([f for _, f in found], on=True)
    assert kept == [False, True]  # the displacement "since the war began" goes, the pledge stays
    on = analyze(AID_REPORT, title=AID_TITLE, gate=True)
    assert on.events == tuple(e for (e, _), k in zip(found, kept, strict=True) if k)
    auto = analyze(AID_REPORT, title=AID_TITLE, gate=None)
    assert auto == analyze(AID_REPORT, title=AID_TITLE, gate=gate().on)  # whatever the file's switch says
    assert auto == analyze(AID_REPORT, title=AID_TITLE)  # None is the default


def test_only_the_events_change():
    off, on = (analyze(AID_REPORT, title=AID_TITLE, gate=g) for g in (False, True))
    assert (on.title, on.summary, on.language, on.relevance) == (off.title, off.summary, off.language, off.relevance)


def test_on_leaves_reports_the_gate_cannot_decide_alone():
    """Without a headline (a dispatch) the gate has nothing it learned from: the rules' events stay, on or not."""
    assert candidates(AID_REPORT) == []
    assert analyze(AID_REPORT, gate=True) == analyze(AID_REPORT, gate=False)
    english = "Six million Syrians have been displaced since the war began, France said on Monday, pledging aid."
    assert analyze(english, title="France pledges aid to Syria", gate=True) == analyze(
        english, title="France pledges aid to Syria", gate=False
    )


def test_select_takes_the_switch_over_the_file():
    weak = {"killed": 1.0}
    off = parse("# on\t0\n# bias\t0\n# threshold\t0.9\nkilled\t-9\nviolent\t9\n")
    assert off.select([weak, weak | {"violent": 1.0}]) == [True, True]  # the file's switch: off
    assert off.select([weak, weak | {"violent": 1.0}], on=True) == [False, True]
    on = parse("# on\t1\n# bias\t0\n# threshold\t0.9\nkilled\t-9\nviolent\t9\n")
    assert on.select([weak, weak | {"violent": 1.0}], on=False) == [True, True]
