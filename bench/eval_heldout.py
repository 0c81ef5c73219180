"""Held-out evaluation: the analysis on 60 reports it was never tuned on, beside the dev set it was tuned on.

    python bench/eval_heldout.py [--misses]    (both held-out sets; --misses lists set 1's)

Both sets are scored in the same run with the same metrics (tests/analysis/devset.py: event type
precision/recall/F1 per report and type with multiplicity; exact match per field on gold events that
state it). Place accuracy is lenient on spelling (tests/analysis/heldout.py). The gap between the two
columns is how much of the dev-set score is tuning. Reported, not asserted (the test asserts low floors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.analysis import devset, heldout

ROWS = (
    ("event type precision", "type_precision", None),
    ("event type recall", "type_recall", None),
    ("event type F1", "type_f1", None),
    ("governorate accuracy", "governorate_accuracy", "governorate_n"),
    ("place accuracy (lenient)", "place_accuracy", "place_n"),
    ("killed exact", "killed_accuracy", "killed_n"),
    ("injured exact", "injured_accuracy", "injured_n"),
    ("killed_children exact", "killed_children_accuracy", "killed_children_n"),
    ("killed_women exact", "killed_women_accuracy", "killed_women_n"),
)


def _cell(result: dict, key: str, n_key: str | None) -> str:
    if n_key and not result[n_key]:
        return "–"
    return f"{result[key]:.3f}" + (f" ({result[n_key]})" if n_key else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="also list every wrong value and spurious event")
    args = ap.parse_args()
    rows = heldout.load()
    second = heldout.load(heldout.FILES_2)
    third = heldout.load(heldout.FILES_3)
    fourth = heldout.load(heldout.FILES_4)
    dev = devset.load()
    columns = {
        f"dev set ({len(dev)})": heldout.evaluate(dev),
        f"held-out ({len(rows)})": heldout.evaluate(rows),
        **{f"held-out {lang}": result for lang, result in heldout.by_language(rows).items()},
        f"held-out 2 ({len(second)})": heldout.evaluate(second),
        **{f"held-out 2 {lang}": result for lang, result in heldout.by_language(second).items()},
        f"held-out 3 ({len(third)})": heldout.evaluate(third),
        f"held-out 4 ({len(fourth)})": heldout.evaluate(fourth),
    }
    print("| field | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for label, key, n_key in ROWS:
        print(f"| {label} | " + " | ".join(_cell(r, key, n_key) for r in columns.values()) + " |")
    gold = sum(len(r["events"]) for r in rows)
    print(f"\nheld-out: {len(rows)} reports, {gold} gold events, {sum(1 for r in rows if not r['events'])} without one")
    if args.misses:
        for line in heldout.misses(rows):
            print("miss:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
