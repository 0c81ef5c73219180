"""Scoring of analyze() against the labelled development set in tests/data (shared by test and bench)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.analysis import analyze

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = ("devset_ar.jsonl", "devset_en.jsonl")


def load() -> list[dict]:
    rows = []
    for name in FILES:
        with (DATA / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def score(rows: list[dict]) -> dict[str, float]:
    """Event precision/recall/F1 over (report, type) with multiplicity; per-field exact match on gold events."""
    tp = fp = fn = 0
    fields = {
        "governorate": [0, 0],
        "killed": [0, 0],
        "injured": [0, 0],
        "killed_children": [0, 0],
        "killed_women": [0, 0],
    }
    for row in rows:
        got: dict[str, list] = {}
        for e in analyze(row["text"]).events:
            got.setdefault(e.type, []).append(e)
        want: dict[str, list] = {}
        for e in row["events"]:
            want.setdefault(e["type"], []).append(e)
        # Events are matched per type in order: two strikes on two towns are two gold events.
        for kind in set(got) | set(want):
            g, w = len(got.get(kind, [])), len(want.get(kind, []))
            tp += min(g, w)
            fp += max(0, g - w)
            fn += max(0, w - g)
        pairs = [
            (gold, got[kind][n] if n < len(got.get(kind, [])) else None)
            for kind, golds in want.items()
            for n, gold in enumerate(golds)
        ]
        for gold, pred in pairs:
            for field, tally in fields.items():
                if gold[field] is None:
                    continue
                tally[1] += 1
                if pred is None:
                    continue
                value = (
                    (pred.location.governorate if pred.location else None)
                    if field == "governorate"
                    else getattr(pred, field)
                )
                tally[0] += value == gold[field]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    out = {"type_precision": p, "type_recall": r, "type_f1": 2 * p * r / (p + r) if p + r else 0.0}
    for field, (ok, n) in fields.items():
        out[f"{field}_accuracy"] = ok / n if n else 1.0
        out[f"{field}_n"] = n
    return out
