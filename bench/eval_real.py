"""Real news (issue 11): how Marsad's analysis does on real outlets' Arabic articles of 2018.

    python bench/eval_real.py [--split dev|test|test2|test3|train5|train6|train7|test4|...|test9|blind|all]
                              [--labels DIR] [--corpus PATH] [--json]
                              [--exclude ID] [--event-gate auto|on|off]

Texts come from ../shared/data/antcorpus/ant2018.jsonl.gz (never from the repository); labels (ids and
events only) from tests/data/real/*.jsonl, or from --labels DIR (in /work/labels the adjudicated
FINAL_labels_*.jsonl are read when present). Dev is Feb-Jun 2018, test Jul-Oct 2018 (spent: studied in session
3), test2 (labelled before session 3's tuning, scored once at its end, studied in session 4): all three are
development data now, and so is test3 (labelled before session 4's tuning, scored at the start and the end of
sessions 4-5, studied from session 6). The blind parts: test4 (Jul-Oct, labelled before session 6's tuning) and
test5 (Feb-Jun, distinct stories, labelled before session 7's tuning), test6 (Feb-Jun, labelled before session
8's changes), test7 (Feb-Jun, labelled before session 9's), test8 (Feb-Jun, labelled at the end of session 9,
scored once at the end of session 10 as its confirmation) and test9 (Feb-Jun, labelled in session 10, first scored in
session 11 for its decision); the honest numbers are theirs (tests/data/real/README.md); ``--split blind`` scores each
and the six pooled. No next part is picked (``NEXT_PART``: the corpus's Syria-related articles are spent; a next part
needs another source of real text). The training parts train5, train6
and train7 (read once) are studied like dev. ``--split all`` means the development
parts, never a blind one.

Printed:
(a) false alarms: share of ALL sport, economy, technology and culture articles with any event (target <= 1%),
    by section and by period;
(b) non-Syrian violence: share of internationalNews articles not about Syria with an event (target <= 2%):
    the labelled ones (about_syria false), and an unlabelled estimate (articles that never name Syria or a
    Syrian city: ``SYRIA`` of scripts/realset.py);
(c) on the labelled articles of each split: event-type precision, recall and F1 (events matched greedily per
    article by type, and by (type, governorate)), governorate accuracy of type-matched events, killed and
    injured exact on type-matched events (null = null counts; also over the events whose label gives a number),
    document relevance accuracy (the gate's decision, or "has an event" where there is no gate, against
    about_syria), and how many articles labelled not about Syria get an event.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import analyze
from bot.config import EVENT_GATES, gate_switch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz",
    Path("/work/shared/data/antcorpus/ant2018.jsonl.gz"),
]
LABELS = [ROOT / "tests" / "data" / "real", Path("/work/labels")]
OTHER = ("sport", "economy", "technology", "culture")
# The same rule as scripts/realset.py (kept here so the bench does not import a script).
SYRIA = re.compile(
    r"سوري|سورية|دمشق|حلب|إدلب|ادلب|الغوطة|درعا|حمص|حماة|الرقة|دير الزور|عفرين|منبج|الحسكة|القنيطرة|السويداء|"
    r"اللاذقية|طرطوس|البوكمال|تدمر|دوما|جسر الشغور|معرة النعمان|خان شيخون"
)
# The labelling guide's governorate names -> the gazetteer's (../shared/data/gazetteer/governorates.json).
GOVERNORATE = {
    "Deir-ez-Zor": "Deir ez-Zor",
    "Ar-Raqqa": "Raqqa",
    "As-Sweida": "As-Suwayda",
    "Lattakia": "Latakia",
    "Tartous": "Tartus",
}


def period(article_id: str) -> str:
    m = article_id.rsplit("-", 1)[1][:6]
    return "dev" if "201802" <= m <= "201806" else "test" if "201807" <= m <= "201810" else "other"


def label_files(directory: Path | None) -> list[Path]:
    for d in [directory] if directory else LABELS:
        files = sorted(d.glob("FINAL_labels_*.jsonl")) or sorted(d.glob("*.jsonl"))
        if files:
            return files
    return []


def load_labels(directory: Path | None) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in label_files(directory):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = row
    return out


BLIND = ("test4", "test5", "test6", "test7", "test8", "test9")  # scored only, never studied nor trained on
FRESH = tuple(ROOT / "tests" / "data" / "real" / f"sample_{part}.tsv" for part in BLIND)
# the next blind part (picked, perhaps labelled, never scored yet): none is picked (the file does not exist)
NEXT_PART = ROOT / "tests" / "data" / "real" / "sample_test10.tsv"
# the parts the study tools (diff_real, type_confusion) may read
STUDIED = ("dev", "test", "test2", "test3", "train5", "train6", "train7")


def _part_ids(path: Path) -> frozenset[str]:
    """The ids of a pick (a sample_*.tsv file, first column); none while it is not picked."""
    if not path.exists():
        return frozenset()
    return frozenset(line.split("\t", 1)[0] for line in path.read_text("utf-8").splitlines() if line.strip())


def fresh_ids() -> frozenset[str]:
    """The blind parts' ids, and the next part's (picked, not yet scored): the study tools never open these
    articles."""
    return frozenset().union(*(_part_ids(path) for path in (*FRESH, NEXT_PART)))


def next_part_ids() -> frozenset[str]:
    """The next blind part's ids: no run reads its labels until a session makes it one of ``BLIND``."""
    return _part_ids(NEXT_PART)


def studied_labels(split: str) -> dict[str, dict]:
    """The labels of one studied part, with every id of the fresh test part left out."""
    if split not in STUDIED:
        raise ValueError(f"{split!r} is not a part that may be studied")
    fresh = fresh_ids()
    return {k: v for k, v in load_labels(None).items() if v.get("split") == split and k not in fresh}


def training_labels(parts: tuple[str, ...]) -> dict[str, dict]:
    """The labels of the studied ``parts`` a training script learns from, without any fresh id (asserted: a blind
    or next-part id in a label file must never reach a model)."""
    out = {k: v for part in parts for k, v in studied_labels(part).items()}
    assert not set(out) & fresh_ids(), "a blind or next-part id in the training labels"
    return out


def corpus_articles(ids: set[str], corpus: Path | None = None) -> dict[str, dict]:
    """The corpus's articles with these ids, read in one pass; never a fresh one, whatever ``ids`` holds (the id is
    read off the line before the article is parsed)."""
    banned = fresh_ids()
    found = {}
    with gzip.open(corpus or next((p for p in CORPUS if p.exists()), CORPUS[0]), "rt", encoding="utf-8") as lines:
        for line in lines:
            article_id = line[8 : line.index('"', 8)] if line.startswith('{"id": "') else json.loads(line)["id"]
            if article_id in ids and article_id not in banned:
                found[article_id] = json.loads(line)
    return found


def run_labels(directory: Path | None, splits: tuple[str, ...], exclude: set[str] = frozenset()) -> dict[str, dict]:
    """The labels a run reads: all but the next part's (``NEXT_PART``) when it scores a blind part; otherwise none of
    the blind parts' ids, so that a development run (``--split all``) neither analyses a blind article for its label
    nor counts it in (b)'s labelled articles not about Syria (the unlabelled estimate and (a) take every article of
    their section, labelled or not)."""
    fresh = next_part_ids() if set(splits) & set(BLIND) else fresh_ids()
    return {aid: row for aid, row in load_labels(directory).items() if aid not in exclude and aid not in fresh}


def event_row(e) -> dict:
    """One predicted event as the scores and the study tools compare it with a label event."""
    return {
        "type": e.type,
        "governorate": e.location.governorate if e.location else None,
        "place": e.location.name_ar if e.location else None,
        "evidence": e.evidence,
        "killed": e.killed,
        "injured": e.injured,
    }


def share(hits: int, n: int) -> dict:
    return {"n": n, "with_event": hits, "share": round(hits / n, 4) if n else None}


def match(gold: list[dict], pred: list[dict], with_gov: bool) -> list[tuple[dict, dict]]:
    """Greedy, in label order: each label event takes the first unused predicted event of its type (and of its
    governorate when ``with_gov``; otherwise preferring one of its governorate)."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        options = [k for k, p in enumerate(pred) if k not in used and p["type"] == g["type"]]
        same = [k for k in options if pred[k]["governorate"] == g["governorate"]]
        pick = (same or ([] if with_gov else options))[:1]
        if pick:
            used.add(pick[0])
            pairs.append((g, pred[pick[0]]))
    return pairs


def ratio(a: int, n: int) -> float | None:
    return round(a / n, 3) if n else None


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def exact(pairs: list[tuple[dict, dict]], field: str) -> dict:
    given = [(g, p) for g, p in pairs if g.get(field) is not None]
    return {
        "exact": round(sum(g.get(field) == p[field] for g, p in pairs) / len(pairs), 3) if pairs else None,
        "exact_where_labelled": round(sum(g[field] == p[field] for g, p in given) / len(given), 3) if given else None,
        "n_labelled": len(given),
    }


def score_split(rows: list[tuple[dict, dict]]) -> dict:
    """rows: (label row, prediction {"events": [...], "relevant": bool})."""
    n_gold = sum(len(r["events"]) for r, _ in rows)
    n_pred = sum(len(p["events"]) for _, p in rows)
    by_type, by_gov = [], []
    for r, p in rows:
        gold = [e | {"governorate": GOVERNORATE.get(e.get("governorate"), e.get("governorate"))} for e in r["events"]]
        by_type += match(gold, p["events"], with_gov=False)
        by_gov += match(gold, p["events"], with_gov=True)
    with_gov = [(g, p) for g, p in by_type if g["governorate"] is not None]
    relevant_ok = sum(bool(r["about_syria"]) == p["relevant"] for r, p in rows)
    no_event_docs = [p for r, p in rows if not r["events"]]
    return {
        "articles": len(rows),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "type": prf(len(by_type), n_pred, n_gold),
        "type_governorate": prf(len(by_gov), n_pred, n_gold),
        "governorate_accuracy": (
            round(sum(g["governorate"] == p["governorate"] for g, p in with_gov) / len(with_gov), 3)
            if with_gov
            else None
        ),
        "governorate_n": len(with_gov),
        "killed": exact(by_type, "killed"),
        "injured": exact(by_type, "injured"),
        "relevance_accuracy": round(relevant_ok / len(rows), 3) if rows else None,
        "articles_without_label_events_with_events": share(
            sum(bool(p["events"]) for p in no_event_docs), len(no_event_docs)
        ),
        "not_about_syria_with_events": share(
            sum(bool(p["events"]) for r, p in rows if not r["about_syria"]), sum(not r["about_syria"] for r, _ in rows)
        ),
    }


def predict(article: dict, gate: bool | None = None, types: bool | None = None) -> dict:
    """Marsad's reading of one article; ``gate`` and ``types`` as ``analyze``'s (None: as the weights files say)."""
    a = analyze(article["text"], title=article["title"] or None, gate=gate, types=types)
    events = [event_row(e) for e in a.events]
    gated = getattr(a, "relevance", None)
    if gated is not None:
        from bot.analysis.relevance import is_relevant

        relevant = is_relevant(gated)
    else:
        relevant = bool(events)
    return {"events": events, "relevant": relevant, "relevance": gated}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=(*STUDIED, *BLIND, "blind", "all"), default="all")
    ap.add_argument("--labels", type=Path, default=None, help="folder of label *.jsonl (default: tests/data/real/)")
    ap.add_argument("--corpus", type=Path, default=next((p for p in CORPUS if p.exists()), CORPUS[0]))
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    ap.add_argument(
        "--exclude", action="append", default=[], metavar="ID", help="leave a labelled article out (a robustness check)"
    )
    ap.add_argument(
        "--event-gate",
        choices=EVENT_GATES,
        default=os.environ.get("MARSAD_EVENT_GATE", "auto") or "auto",
        help="the learned event gate: auto (as its weights file says), on, off (default: MARSAD_EVENT_GATE, or auto)",
    )
    args = ap.parse_args()
    gate = gate_switch(args.event_gate)
    splits = STUDIED if args.split == "all" else BLIND if args.split == "blind" else (args.split,)
    labels = run_labels(args.labels, splits, set(args.exclude))
    started = time.time()
    alarms: Counter = Counter()
    alarms_n: Counter = Counter()
    foreign = [0, 0]  # unlabelled estimate: internationalNews never naming Syria (with event, n)
    labelled: dict[str, list[tuple[dict, dict]]] = {s: [] for s in splits}
    foreign_labelled = [0, 0]
    done = 0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            section, aid = article["section"], article["id"]
            label = labels.get(aid)
            wanted = section in OTHER or section == "internationalNews" or label is not None
            if not wanted:
                continue
            pred = predict(article, gate)
            done += 1
            has = bool(pred["events"])
            if section in OTHER:
                for key in ("all", section, "period:" + period(aid)):
                    alarms_n[key] += 1
                    alarms[key] += has
            if section == "internationalNews" and not SYRIA.search(article["title"] + " " + article["text"]):
                foreign[0] += has
                foreign[1] += 1
            if label is not None:
                if section == "internationalNews" and not label["about_syria"]:
                    foreign_labelled[0] += has
                    foreign_labelled[1] += 1
                if label.get("split") in labelled:
                    labelled[label["split"]].append((label, pred))
    elapsed = time.time() - started
    result = {
        "false_alarms": {key: share(alarms[key], alarms_n[key]) for key in sorted(alarms_n)},
        "non_syrian_violence": {
            "labelled_not_about_syria": share(*foreign_labelled),
            "unlabelled_never_names_syria": share(*foreign),
        },
        "labelled": {s: score_split(rows) for s, rows in labelled.items()}
        | ({"blind (pooled)": score_split([r for s in BLIND for r in labelled[s]])} if args.split == "blind" else {}),
        "labels": [str(p) for p in label_files(args.labels)],
        "articles_analysed": done,
        "seconds": round(elapsed, 1),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print("(a) false alarms: sport/economy/technology/culture articles with any event (target <= 1%)")
    for key, v in result["false_alarms"].items():
        print(f"    {key:22s} {v['with_event']:6d} / {v['n']:6d}  {v['share']:.2%}")
    print("(b) non-Syrian violence: internationalNews not about Syria with an event (target <= 2%)")
    for key, v in result["non_syrian_violence"].items():
        print(f"    {key:30s} {v['with_event']:6d} / {v['n']:6d}  {(v['share'] or 0):.2%}")
    for s, m in result["labelled"].items():
        print(f"(c) labelled {s}: {m['articles']} articles, {m['gold_events']} label events, ", end="")
        print(f"{m['predicted_events']} predicted")
        for key in ("type", "type_governorate"):
            t = m[key]
            print(f"    {key:18s} P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}")
        print(f"    governorate accuracy (type-matched, labelled) {m['governorate_accuracy']}  n={m['governorate_n']}")
        for f in ("killed", "injured"):
            v = m[f]
            print(f"    {f:8s} exact {v['exact']}  where labelled {v['exact_where_labelled']} (n={v['n_labelled']})")
        print(f"    relevance accuracy {m['relevance_accuracy']}")
        z = m["articles_without_label_events_with_events"]
        print(f"    articles without label events that get events: {z['with_event']} / {z['n']}")
        z = m["not_about_syria_with_events"]
        print(f"    articles not about Syria that get events: {z['with_event']} / {z['n']}")
    print(f"{done} articles analysed in {elapsed:.0f}s; labels: {', '.join(result['labels']) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
