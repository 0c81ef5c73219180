"""Where the event-type errors on real news are, and how far each kind of fix could go (issue 11).

    python bench/error_map.py [--split dev|test|test2|test3|train5|train6|train7|all] [--type-model off]
                              [--corpus PATH]

Reads the studied parts only (``eval_real.studied_labels``: never a blind part's or the next part's id). For each
labelled article, Marsad's events (the default analysis) are matched with the label events per type, as
bench/eval_real.py does. The type model learned from these very parts, so what it adds here is read in-sample:
``--type-model off`` maps the rules and the event gate alone. Printed:

- the missed label events, by why: the article got no event at all; its type got no event (others did); its type got
  fewer events than the labels give (several towns, one event per type and place);
- the extra events, by why: the article has no label event (about Syria or not); its type has no label event; more
  events of a labelled type than the labels give;
- per type, missed and extra;
- two ceilings, from the labels: keep only the events of the types the labels give (a perfect veto), and also add one
  event for each labelled type that got none (a perfect type model). Session 10 read these as: whole types missing
  or extra are most of the errors, so the type model was built.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval_real import CORPUS, GOVERNORATE, STUDIED, match, predict, score_split, studied_labels

_BLANK = {"governorate": None, "place": None, "killed": None, "injured": None}


def taxonomy(label: dict, events: list[dict]) -> Counter:
    """The article's missed and extra events, each counted under why."""
    gold = [e | {"governorate": GOVERNORATE.get(e.get("governorate"), e.get("governorate"))} for e in label["events"]]
    found = Counter(g["type"] for g, _ in match(gold, events, with_gov=False))
    out: Counter = Counter()
    for kind, n in Counter(g["type"] for g in gold).items():
        missed = n - found[kind]
        if missed:
            why = "no event in the article" if not events else "fewer of its type" if found[kind] else "type absent"
            out["missed: " + why] += missed
            out["missed type: " + kind] += missed
    for kind, n in Counter(e["type"] for e in events).items():
        extra = n - found[kind]
        if extra:
            if not gold:
                why = "article without label events" + ("" if label["about_syria"] else " (not about Syria)")
            else:
                why = "more of a labelled type" if found[kind] else "type not labelled"
            out["extra: " + why] += extra
            out["extra type: " + kind] += extra
    return out


def ceilings(rows: list[tuple[dict, list[dict]]]) -> dict[str, float]:
    """Type F1 as shipped, with a perfect veto, and with a perfect veto and a perfect type model."""
    veto, typed = [], []
    for label, events in rows:
        kinds = {e["type"] for e in label["events"]}
        kept = [e for e in events if e["type"] in kinds]
        veto.append((label, {"events": kept, "relevant": True}))
        have = {e["type"] for e in kept}
        typed.append((label, {"events": kept + [{"type": k} | _BLANK for k in kinds - have], "relevant": True}))
    shipped = [(label, {"events": events, "relevant": True}) for label, events in rows]
    return {name: score_split(r)["type"]["f1"] for name, r in (("shipped", shipped), ("veto", veto), ("typed", typed))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=(*STUDIED, "all"), default="all")
    ap.add_argument("--type-model", choices=("auto", "off"), default="auto", help="off: the rules and the gate alone")
    ap.add_argument("--corpus", type=Path, default=next((p for p in CORPUS if p.exists()), CORPUS[0]))
    args = ap.parse_args()
    types = False if args.type_model == "off" else None
    labels = {
        k: v for part in (STUDIED if args.split == "all" else (args.split,)) for k, v in studied_labels(part).items()
    }
    rows: list[tuple[dict, list[dict]]] = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            label = labels.get(article["id"])
            if label is not None:
                rows.append((label, predict(article, types=types)["events"]))
    counts: Counter = Counter()
    for label, events in rows:
        counts += taxonomy(label, events)
    gold = sum(len(label["events"]) for label, _ in rows)
    print(f"{len(rows)} articles ({args.split}), {gold} label events, {sum(len(e) for _, e in rows)} predicted")
    for head in ("missed: ", "extra: "):
        print(head.rstrip(": "))
        for key, n in sorted(((k, n) for k, n in counts.items() if k.startswith(head)), key=lambda kn: -kn[1]):
            print(f"  {n:5d}  {key[len(head) :]}")
    for head in ("missed type: ", "extra type: "):
        types = sorted(((k[len(head) :], n) for k, n in counts.items() if k.startswith(head)), key=lambda kn: -kn[1])
        print(head.rstrip(": ") + ": " + ", ".join(f"{k} {n}" for k, n in types))
    c = ceilings(rows)
    print(f"type F1: shipped {c['shipped']:.3f}; with a perfect veto {c['veto']:.3f}; ", end="")
    print(f"with a perfect veto and a perfect type model {c['typed']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
