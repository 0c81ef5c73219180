"""Event types on real news (issue 11): per type gold / predicted / matched, and every wrong type shown.

    python bench/type_confusion.py [--split dev|test|test2|test3] [--show] [--type T] [--corpus PATH]

Texts come from ../shared/data/antcorpus/ant2018.jsonl.gz (never from the repository); ids and labels from
the studied parts' tests/data/real/labels_*.jsonl only. The blind parts (ids in sample_test4.tsv to
sample_test9.tsv) are never read: their ids
are skipped before any text is looked at.

Events are matched per article greedily by type, as in bench/eval_real.py. Printed per type: gold, predicted,
matched, precision, recall; then the confusions: in one article, an unmatched gold event of type X beside an
unmatched predicted event of type Y (X -> Y; X -> - when nothing is left to confuse it with, - -> Y for an
extra event). ``--show`` prints for each wrong event the paragraph the label points at or the sentence the
analysis read its event from.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval_real import CORPUS, GOVERNORATE, STUDIED, corpus_articles, event_row, fresh_ids, match, studied_labels
from bot.analysis import analyze

FILES = STUDIED  # the parts whose labels it reads: never the fresh test part's


def load(split: str) -> dict[str, dict]:
    return studied_labels(split)


def fresh_test_ids() -> frozenset[str]:
    return fresh_ids()


def texts(ids: set[str], corpus: Path) -> dict[str, dict]:
    return corpus_articles(ids, corpus)


def pair(gold: list[dict], pred: list[dict]) -> tuple[list[int], list[int]]:
    """Indices of unmatched gold and unmatched predicted events (eval_real's greedy matching by type)."""
    pairs = match(gold, pred, with_gov=False)
    hit_gold, hit_pred = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    missed = [i for i, g in enumerate(gold) if id(g) not in hit_gold]
    return missed, [k for k, p in enumerate(pred) if id(p) not in hit_pred]


def paragraph(article: dict, n: int | None) -> str:
    if n is None:
        return ""
    if n < 0:
        return article["title"] or ""
    paras = [p for p in article["text"].split("\n") if p.strip()]
    return paras[n] if n < len(paras) else ""


def run(split: str, corpus: Path, show: bool, only: str | None) -> None:
    labels = load(split)
    arts = texts(set(labels), corpus)
    gold_n: Counter = Counter()
    pred_n: Counter = Counter()
    hit_n: Counter = Counter()
    confusion: Counter = Counter()
    lines = []
    for aid, row in sorted(labels.items()):
        art = arts.get(aid)
        if art is None:
            continue
        a = analyze(art["text"], title=art["title"] or None)
        pred = [event_row(e) for e in a.events]
        gold = [g | {"governorate": GOVERNORATE.get(g.get("governorate"), g.get("governorate"))} for g in row["events"]]
        missed, extra = pair(gold, pred)
        for g in gold:
            gold_n[g["type"]] += 1
        for p in pred:
            pred_n[p["type"]] += 1
        matched = Counter(g["type"] for g in gold) - Counter(gold[i]["type"] for i in missed)
        hit_n.update(matched)
        left = list(extra)
        for i in missed:
            y = left.pop(0) if left else None
            confusion[(gold[i]["type"], pred[y]["type"] if y is not None else "-")] += 1
            if only and only not in (gold[i]["type"], pred[y]["type"] if y is not None else "-"):
                continue
            lines.append(
                f"MISS {aid} gold {gold[i]['type']} @{gold[i].get('place')} p{gold[i].get('paragraph')}"
                f" -> {pred[y]['type'] if y is not None else '-'}"
                + (f"\n   G: {paragraph(art, gold[i].get('paragraph'))[:300]}" if show else "")
                + (f"\n   P: {pred[y]['evidence'][:300]}" if show and y is not None else "")
            )
        for y in left:
            confusion[("-", pred[y]["type"])] += 1
            if only and only != pred[y]["type"]:
                continue
            lines.append(
                f"EXTRA {aid} pred {pred[y]['type']} @{pred[y]['place']} (gold: "
                f"{', '.join(g['type'] for g in gold) or 'none'}; about_syria={row['about_syria']})"
                + (f"\n   T: {art['title'][:200]}\n   P: {pred[y]['evidence'][:300]}" if show else "")
            )
    print(f"== {split}: per type gold / predicted / matched")
    for t in sorted(set(gold_n) | set(pred_n)):
        print(f"  {t:20s} {gold_n[t]:3d} / {pred_n[t]:3d} / {hit_n[t]:3d}")
    tp, ng, np_ = sum(hit_n.values()), sum(gold_n.values()), sum(pred_n.values())
    p, r = tp / np_ if np_ else 0, tp / ng if ng else 0
    print(f"  all {ng} / {np_} / {tp}  P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}")
    print("== confusions (gold -> predicted)")
    for (x, y), n in confusion.most_common():
        print(f"  {x:20s} -> {y:20s} {n}")
    if show or only:
        print("\n".join(lines))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=STUDIED, action="append")
    ap.add_argument("--corpus", type=Path, default=next((p for p in CORPUS if p.exists()), CORPUS[0]))
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--type", default=None)
    args = ap.parse_args()
    for split in args.split or ["dev", "test"]:
        run(split, args.corpus, args.show, args.type)
    return 0


if __name__ == "__main__":
    sys.exit(main())
