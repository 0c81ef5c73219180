"""Two readings of the same labelled real articles, compared with a paired bootstrap (issue 11).

    python bench/compare_real.py [--split blind|all|PART] [--a rules|shipped|typed|untyped|FILE]
                                 [--b rules|shipped|typed|untyped|FILE]
                                 [--rounds 2000] [--seed 0]

A reading is ``rules`` (the rules' candidates, the event gate off), ``shipped`` (the default analysis), ``typed`` or
``untyped`` (the default analysis with the type model on or off, whatever its file says) or the path of
an event-gate weights file (``scripts/train_eventgate.py --out``), used as the gate in its place, or of a type-model
file (``scripts/train_typemodel.py --out``; told apart by its ``# bias<TAB>type<TAB>value`` lines), used as the type
model in its place (``# decide<TAB>on<TAB>0`` in a copy: the same model without its decision). Printed: each
reading's event-type F1 (bench/eval_real.py's type match per article), the difference a - b, its 95% interval over
articles drawn with replacement, and the share of draws where a beats b. Why: a part of 150 articles cannot tell
±0.02 apart, so a switch decided on the blind parts should say how sure it is, not only which way it went.

Labels as bench/eval_real.py reads them (``run_labels``: a blind run never reads the next part's). Texts from the
shared corpus; nothing of an article is printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bot.analysis as analysis
from bench.eval_real import BLIND, CORPUS, STUDIED, run_labels
from bot.analysis import typemodel
from bot.analysis.eventgate import Gate, parse


@dataclass(frozen=True, slots=True)
class Counts:
    """One article under one reading: type-matched events, events predicted, label events."""

    tp: int
    pred: int
    gold: int


def counts(gold: Sequence[str], predicted: Sequence[str]) -> Counts:
    """eval_real's type match: per type, the fewer of the label's and the prediction's events."""
    g, p = Counter(gold), Counter(predicted)
    return Counts(sum(min(n, p[t]) for t, n in g.items()), len(predicted), len(gold))


def f1(rows: Sequence[Counts]) -> float:
    tp = sum(r.tp for r in rows)
    total = sum(r.pred + r.gold for r in rows)
    return 2 * tp / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Comparison:
    a: float
    b: float
    low: float  # the 2.5th percentile of a - b over the draws
    high: float  # the 97.5th
    wins: float  # the share of draws where a - b > 0

    @property
    def difference(self) -> float:
        return self.a - self.b


def paired_bootstrap(a: Sequence[Counts], b: Sequence[Counts], rounds: int = 2000, seed: int = 0) -> Comparison:
    """F1 of both readings and the distribution of their difference over the same articles drawn with replacement
    (paired: each draw takes an article's counts under both readings)."""
    if len(a) != len(b) or not a:
        raise ValueError("both readings must cover the same, non-empty list of articles")
    rng = random.Random(seed)
    n = len(a)
    diffs = []
    for _ in range(rounds):
        pick = [rng.randrange(n) for _ in range(n)]
        diffs.append(f1([a[i] for i in pick]) - f1([b[i] for i in pick]))
    diffs.sort()
    return Comparison(
        a=f1(a),
        b=f1(b),
        low=diffs[int(0.025 * rounds)],
        high=diffs[min(rounds - 1, int(0.975 * rounds))],
        wins=sum(d > 0 for d in diffs) / rounds,
    )


def reader(name: str) -> Callable[[dict], list[str]]:
    """The event types one reading gives an article (``rules``, ``shipped`` or a gate file)."""
    if name == "rules":
        return lambda a: [e.type for e in analysis.analyze(a["text"], title=a["title"] or None, gate=False).events]
    if name == "shipped":
        return lambda a: [e.type for e in analysis.analyze(a["text"], title=a["title"] or None).events]
    if name in ("typed", "untyped"):  # the default analysis with the type model on, or off, whatever its file says
        on = name == "typed"
        return lambda a: [e.type for e in analysis.analyze(a["text"], title=a["title"] or None, types=on).events]
    text = Path(name).read_text("utf-8")
    if any(line.startswith("# bias\t") and line.count("\t") == 2 for line in text.splitlines()):
        model = typemodel.parse(text)
        return lambda a: _with_type_model(model, a)
    gate = parse(text)
    return lambda a: _with_gate(gate, a)


def _with_type_model(model: typemodel.TypeModel, article: dict) -> list[str]:
    shipped = analysis.type_model
    analysis.type_model = lambda: model
    try:
        return [e.type for e in analysis.analyze(article["text"], title=article["title"] or None).events]
    finally:
        analysis.type_model = shipped


def _with_gate(gate: Gate, article: dict) -> list[str]:
    shipped = analysis._shipped_gate
    analysis._shipped_gate = lambda: gate
    try:
        return [e.type for e in analysis.analyze(article["text"], title=article["title"] or None, gate=True).events]
    finally:
        analysis._shipped_gate = shipped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="blind", help="blind, all (the studied parts) or one part")
    readings = "rules, shipped, typed, untyped, or an event-gate or type-model weights file"
    ap.add_argument("--a", default="shipped", help=readings)
    ap.add_argument("--b", default="rules", help=readings)
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", type=Path, default=next((p for p in CORPUS if p.exists()), CORPUS[0]))
    args = ap.parse_args()
    splits = BLIND if args.split == "blind" else STUDIED if args.split == "all" else (args.split,)
    if not set(splits) <= set(BLIND) | set(STUDIED):
        ap.error(f"--split: blind, all, or one of {', '.join((*STUDIED, *BLIND))}")
    labels = {k: v for k, v in run_labels(None, splits).items() if v.get("split") in splits}
    read_a, read_b = reader(args.a), reader(args.b)
    rows_a: list[Counts] = []
    rows_b: list[Counts] = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            label = labels.get(article["id"])
            if label is None:
                continue
            gold = [e["type"] for e in label["events"]]
            rows_a.append(counts(gold, read_a(article)))
            rows_b.append(counts(gold, read_b(article)))
    c = paired_bootstrap(rows_a, rows_b, args.rounds, args.seed)
    print(f"{len(rows_a)} articles ({', '.join(splits)}), event-type F1: a ({args.a}) {c.a:.3f}, b ({args.b}) ", end="")
    print(f"{c.b:.3f}")
    print(f"a - b {c.difference:+.3f}, 95% interval [{c.low:+.3f}, {c.high:+.3f}], a ahead in {c.wins:.0%} of draws")
    return 0


if __name__ == "__main__":
    sys.exit(main())
