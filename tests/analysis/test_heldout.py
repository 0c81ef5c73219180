"""The held-out set: per-field accuracy on reports the analysis was never tuned on, with low floors.

The floors guard against regressions; they are not targets. BENCHMARKS.md ("Held-out set") records the
measured numbers, which are the honest estimate of how the analysis does on unseen news.
"""

from __future__ import annotations

from bot.models import EVENT_TYPES
from tests.analysis.heldout import evaluate, load, misses

FLOORS = {"type_f1": 0.70, "governorate_accuracy": 0.70, "killed_accuracy": 0.60, "injured_accuracy": 0.60}


def test_heldout_set_is_what_it_claims():
    rows = load()
    assert len(rows) == 60
    assert sum(1 for r in rows if r["id"].startswith("ar")) == 40
    assert len({r["id"] for r in rows}) == 60
    assert set(EVENT_TYPES) <= {e["type"] for r in rows for e in r["events"]}
    assert sum(1 for r in rows if not r["events"]) >= 4
    for row in rows:
        assert 80 <= len(row["text"].split()) <= 250, row["id"]


def test_heldout_accuracy_above_regression_floors():
    rows = load()
    result = evaluate(rows)
    print()
    for key, value in result.items():
        print(f"  {key:28s} {value:.3f}" if isinstance(value, float) else f"  {key:28s} {value}")
    for line in misses(rows):
        print("  miss:", line)
    low = {k: round(result[k], 3) for k, floor in FLOORS.items() if result[k] < floor}
    assert not low, f"below floors {FLOORS}: {low}"
