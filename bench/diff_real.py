"""Per-article diff of Marsad's events against the real-news labels (issue 11), for studying misses.

    python bench/diff_real.py --split dev|test|test2|test3 [--only missed|gov|extra] [--id ID]

For each labelled article of the split: the label events, the predicted events (place, governorate, evidence),
and which label events were missed (no predicted event of their type), placed in another governorate, or are
extra predictions. Reads texts from the shared corpus; prints nothing of an article beyond the evidence
sentence. Never reads a blind part: ids in tests/data/real/sample_test4.tsv to sample_test9.tsv
are skipped, and --split accepts only the studied parts
(dev, test, test2, test3, train5, train6, train7).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval_real import CORPUS, GOVERNORATE, STUDIED, event_row, match, score_split, studied_labels
from bot.analysis import analyze


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=STUDIED, required=True)
    ap.add_argument("--only", choices=("missed", "gov", "extra"), default=None)
    ap.add_argument("--id", default=None)
    ap.add_argument("--text", action="store_true", help="print the paragraph each missed label event is told in")
    args = ap.parse_args()
    labels = studied_labels(args.split)
    corpus = next((p for p in CORPUS if p.exists()), CORPUS[0])
    counts = {"missed": 0, "gov": 0, "extra": 0}
    scored: list[tuple[dict, dict]] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            label = labels.get(article["id"])
            if label is None or (args.id and article["id"] != args.id):
                continue
            a = analyze(article["text"], title=article["title"] or None)
            pred = [event_row(e) for e in a.events]
            scored.append((label, {"events": pred, "relevant": bool(pred)}))
            gold = [
                e | {"governorate": GOVERNORATE.get(e.get("governorate"), e.get("governorate"))}
                for e in label["events"]
            ]
            pairs = match(gold, pred, with_gov=False)
            matched_gold = {id(g) for g, _ in pairs}
            matched_pred = {id(p) for _, p in pairs}
            missed = [g for g in gold if id(g) not in matched_gold]
            wrong = [(g, p) for g, p in pairs if g["governorate"] and g["governorate"] != p["governorate"]]
            extra = [p for p in pred if id(p) not in matched_pred]
            counts["missed"] += len(missed)
            counts["gov"] += len(wrong)
            counts["extra"] += len(extra)
            if (args.only == "missed" and not missed) or (args.only == "gov" and not wrong):
                continue
            if args.only == "extra" and not extra:
                continue
            if not args.id and not (missed or wrong or extra):
                continue
            print(f"=== {article['id']}  {article['title']}")
            for g in gold:
                tag = "MISSED" if id(g) in {id(m) for m in missed} else "ok"
                print(f"  gold {tag:6s} {g['type']:18s} {g.get('place')} / {g['governorate']} p{g.get('paragraph')}")
            for g, p in wrong:
                print(f"  GOV    {g['type']:18s} gold {g['governorate']} ({g.get('place')}) got {p['governorate']}")
                print(f"         ({p['place']}) :: {p['evidence'][:200]}")
            for p in extra:
                print(f"  EXTRA  {p['type']:18s} {p['place']} / {p['governorate']} :: {p['evidence'][:160]}")
            paragraphs = [p for p in article["text"].split("\n") if p.strip()]
            if args.text:
                for g in missed:
                    k = g.get("paragraph", -1)
                    told = article["title"] if k == -1 else paragraphs[k] if 0 <= k < len(paragraphs) else ""
                    print(f"  TEXT   {g['type']:18s} p{k}: {told}")
            if args.id:
                for k, para in enumerate(paragraphs):
                    print(f"  [{k}] {para}")
    m = score_split(scored)
    counts |= {k: m[k] for k in ("predicted_events", "gold_events", "type", "type_governorate")}
    counts["governorate_accuracy"] = (m["governorate_accuracy"], m["governorate_n"])
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
