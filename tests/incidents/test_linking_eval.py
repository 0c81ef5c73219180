"""Evaluation: duplicate detection and incident linking on the labelled pairs in labelled_pairs.py.

Prints precision and recall of both decisions (run with ``-s`` to see them) and
holds each to a floor of 0.9.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.incidents import Candidate, IncidentState, link, place_key, signature
from tests.incidents.labelled_pairs import PAIRS, Pair

T0 = datetime(2024, 3, 4, 6, 0, tzinfo=UTC)
FLOOR = 0.9


def _decide(pair: Pair) -> tuple[bool, bool]:
    """(is the later report a duplicate of the earlier, is it the same incident) as the pipeline would decide."""
    a, b = pair.a, pair.b
    at_a, at_b = T0 + timedelta(hours=a.hours), T0 + timedelta(hours=b.hours)
    earlier = Candidate(report_id=1, at=at_a, signature=signature(a.text), event=a.event, incident=1)
    incident = IncidentState(
        id=1,
        type=a.type,
        place=place_key(a.place),
        first_at=at_a,
        killed=a.killed,
        injured=a.injured,
        killed_children=a.children,
    )
    where = link(signature(b.text), b.event, at_b, [earlier], [incident])
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
