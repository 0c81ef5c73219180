"""Evaluation: duplicate detection and incident linking on the labelled pairs in labelled_pairs.py.

Prints precision and recall of both decisions (run with ``-s`` to see them) and
holds each to a floor of 0.9.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.incidents import Candidate, IncidentState, link, place_key, signature
from tests.incidents.labelled_pairs import PAIRS, Pair, R

T0 = datetime(2024, 3, 4, 6, 0, tzinfo=UTC)
FLOOR = 0.9


def _known(report: R, number: int) -> tuple[Candidate, IncidentState]:
    """A stored report and the incident it started, as the pipeline would pass them to ``link``."""
    at = T0 + timedelta(hours=report.hours)
    candidate = Candidate(
        report_id=number, at=at, signature=signature(report.text), event=report.event, incident=number
    )
    incident = IncidentState(
        id=number,
        type=report.type,
        place=place_key(report.place),
        first_at=at,
        killed=report.killed,
        injured=report.injured,
        killed_children=report.children,
        location=report.place,
    )
    return candidate, incident


def _decide(pair: Pair) -> tuple[bool, bool]:
    """(is the later report a duplicate of the earlier, is it the same incident) as the pipeline would decide."""
    known = [_known(r, n) for n, r in enumerate((pair.a, *pair.others), start=1)]
    at_b = T0 + timedelta(hours=pair.b.hours)
    where = link(signature(pair.b.text), pair.b.event, at_b, [c for c, _ in known], [i for _, i in known])
    return where.duplicate_of == 1, where.incident == 1


def _scores(truth: list[bool], guess: list[bool]) -> tuple[float, float]:
    tp = sum(t and g for t, g in zip(truth, guess, strict=True))
    fp = sum(g and not t for t, g in zip(truth, guess, strict=True))
    fn = sum(t and not g for t, g in zip(truth, guess, strict=True))
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


@pytest.fixture(scope="module")
def decisions() -> list[tuple[bool, bool]]:
    return [_decide(p) for p in PAIRS]


def test_the_set_is_big_enough_and_has_hard_negatives():
    assert len(PAIRS) >= 40
    assert sum(p.duplicate for p in PAIRS) >= 10
    assert sum(not p.same_incident for p in PAIRS) >= 20
    nested = [p for p in PAIRS if p.a.place and p.b.place and p.a.place.level != p.b.place.level]
    related = [p for p in PAIRS if p.a.type != p.b.type and p.a.place == p.b.place]
    assert sum(p.same_incident for p in nested) >= 5 and sum(not p.same_incident for p in nested) >= 5
    assert sum(p.same_incident for p in related) >= 3 and sum(not p.same_incident for p in related) >= 3
    assert any(p.others and not p.same_incident for p in PAIRS)  # ambiguity: could belong to either


@pytest.mark.parametrize("task", ["duplicate", "same_incident"])
def test_precision_and_recall(decisions, task, capsys):
    index = 0 if task == "duplicate" else 1
    truth = [getattr(p, task) for p in PAIRS]
    guess = [d[index] for d in decisions]
    precision, recall = _scores(truth, guess)
    misses = [f"  {'missed' if t else 'wrong'}: {p.why}" for p, t, g in zip(PAIRS, truth, guess, strict=True) if t != g]
    with capsys.disabled():
        print(f"\n{task}: {len(PAIRS)} pairs, {sum(truth)} positive: precision {precision:.3f}, recall {recall:.3f}")
        print("\n".join(misses))
    assert precision >= FLOOR
    assert recall >= FLOOR
