"""Train the relevance gate (bot/analysis/relevance.py) and write its weights to bot/analysis/data/relevance_ar.tsv.

Data: the shared 2018 Arabic corpus, Feb-Jun articles (``--splits dev``, the default; the shipped weights' recipe
is the default with ``--inhouse``, since session 8), or Feb-Oct (``--splits dev,test``), EXCEPT every id of the
blind parts (tests/data/real/sample_test4.tsv to sample_test9.tsv: ``bench.eval_real.fresh_ids``,
labelled blind: never trained on, not even with their weak section label; a test checks it).
Strong labels: those of the labelled parts ``--parts`` (default dev; any of the studied parts dev, test, test2,
test3, train5, train6, train7) whose article falls in the periods trained on, by its id's date (train5 spans both
periods). The texts never ship: only the pruned feature weights do.

Labels:
- weak, from sections: sport, economy, technology and culture are negative (also when they name Syria:
  a Syrian team, a Syrian singer); a middleEast or internationalNews article is positive when its
  headline or lead (first 300 characters) names Syria, a well-known Syrian city (``SYRIA`` of
  scripts/realset.py) or a Syrian governorate or district of the gazetteer (``names_syria``),
  negative when its whole text names none of ``SYRIA``, and left out otherwise (Syria only in passing: unsure);
- strong, from the labelled parts of those periods (about_syria of tests/data/real/*.jsonl, else /work/labels/;
  test, test2 and test3 are the Jul-Oct period's, train6 and train7 Feb-Jun's; the blind parts' ids dropped),
  weighted STRONG times a weak one.

``--inhouse``: the in-house dev set's reports (tests/data/devset_ar.jsonl and devset_en.jsonl, through
tests/analysis/devset.py's ``load``; never the held-out sets, which stay floors) are strong positive labels too
(all are about Syria), each with the headline the analysis gives a report without one, in the same versions as
the articles, except that an Arabic report's whole version always stays (``inhouse_versions``). The English
ones drop out (no version names Syria in Arabic): the gate is Arabic-only and passes them unjudged. The threshold
must then also keep recall >= 0.99 on those the gate judges (Arabic, MIN_WORDS words or more), scored as their whole
version by the 80% model (which is fitted on them too), as well as the rule below.

Each article is used up to four times (``versions``): whole, its first lines alone (short reports must score
too), and both with the country's name masked, so that the model learns places and war vocabulary and not
only the one word "Syria".

Model: logistic regression (scikit-learn, the ``train`` extra; balanced classes) over ``relevance.features``:
word features scaled by 1/sqrt(their count), document features (Syria named, gazetteer places) as they are.
Fit on 80% of the dev period (split by a hash of the id), keep the TOP weights by magnitude, refit on them;
the threshold is the one with the best F2 on the whole articles of the other 20%, with recall >= 0.99 (an
article the gate drops loses all its events; a false pass is still read by the event rules). Then the same
on all of the dev period, with that threshold, and the weights are written.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_relevance.py [--labels DIR] [--top 12000] [--splits dev|dev,test]
                                                [--parts dev,...] [--inhouse] [--out FILE] [--cv | --cv-only]

``--cv``: the honest relevance accuracy first: every labelled article of the studied parts (972; whatever the recipe
trains on) scored by a model of the recipe trained without its fold's articles (three folds: dev; test+test2+test3;
train5), its threshold chosen as above, beside the shipped model. ``--cv-only`` stops there.

Retrain with the new labels (session 6)? The rule, written before the runs. Candidates:
A = ``--splits dev,test --parts dev,test,test2,test3,train5`` (Feb-Oct, all 972 strong labels);
B = ``--splits dev --parts dev,train5`` (Feb-Jun, the strong labels of dev and of train5's Feb-Jun articles).
A candidate replaces the shipped weights only if all of these hold:
(a) its ``--cv`` accuracy over the 972 labelled articles is at least 0.01 above the current recipe's
    (``--splits dev --parts dev``, same folds, run the same day), and its cross-validated recall is not lower
    than the current recipe's by more than 0.005;
(b) with its weights, bench/eval_real.py part (a): the sport/economy/technology/culture articles with an event
    (all 13,657) are not more than with the shipped weights;
(c) bench/eval_real.py --split all, part (c): event-type F1 falls by no more than 0.005 on any studied part;
(d) the labelled articles not about Syria that get an event (summed over the studied parts) are fewer.
(b)-(d) are measured only for a candidate that passes (a). If both pass, the one with the higher (a) accuracy.
Otherwise the shipped weights stay (BENCHMARKS.md has the numbers).

Retrain with the in-house reports among the strong labels (session 8)? The rule, written before the runs. The
candidate: the default recipe with ``--inhouse`` (the in-house dev set's reports, tests/data/devset_ar.jsonl and
devset_en.jsonl, strong positive labels in the same versions as the articles; the threshold keeps recall >= 0.99 on
those the gate judges too), written first to a separate file (``--out``) and then put in place of
bot/analysis/data/relevance_ar.tsv for the measurements. It replaces the shipped weights only if ALL of these hold,
each against the shipped weights measured the same day with the same code:
(i) bench/eval_real.py --split all, part (a): the sport/economy/technology/culture articles with an event (all
    13,657) are not more;
(ii) part (c): event-type F1 falls by no more than 0.005 on any studied part (dev, test, test2, test3, train5);
(iii) part (b): the labelled articles not about Syria that get an event ("labelled_not_about_syria") are not more
    (over the studied parts' labels: found before the runs, eval_real --split all counted the blind parts' labelled
    internationalNews articles there too; it no longer reads a blind label outside a blind run);
(iv) bench/eval_heldout.py: no column of the event type precision, recall and F1 rows (dev set, held-out and its
    languages, held-out 2 and its languages, held-out 3, held-out 4; as printed, three decimals) is lower.
Otherwise the shipped weights stay, and only the option ships (BENCHMARKS.md has the numbers). The held-out sets
are never trained on: they stay floors. The dev set's column in (iv) is trained on by the candidate (it cannot
prove anything there, only lose); the held-out columns are the honest ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from realset import NEWS, OTHER, SYRIA, articles, split_of  # noqa: E402

from bench.eval_real import fresh_ids  # noqa: E402  (the blind parts' ids and the next part's: never trained on)
from bot.analysis.normalize import normalize  # noqa: E402
from bot.analysis.relevance import _WORD as WORD  # noqa: E402
from bot.analysis.relevance import MIN_WORDS, _place_of, features, is_document_feature  # noqa: E402

OUT = ROOT / "bot" / "analysis" / "data" / "relevance_ar.tsv"
LABEL_DIRS = [ROOT / "tests" / "data" / "real", Path("/work/labels")]
# The labelled parts whose strong labels may be trained on (the blind parts are none of them; their ids are
# dropped besides). Each labelled article belongs to the period of its id's date (train5 spans both).
STUDIED = ("dev", "test", "test2", "test3", "train5", "train6", "train7")
SPLITS = ("dev",)  # the periods trained on by default (the shipped weights', with --inhouse): Feb-Jun
PARTS = ("dev",)  # the labelled parts whose strong labels the default recipe uses: dev
# --cv: the labelled articles left out together (the three Jul-Oct test parts were drawn alike, so are one fold)
FOLDS = {
    "dev": "dev",
    "test": "test*",
    "test2": "test*",
    "test3": "test*",
    "train5": "train5",
    "train6": "train6",
    "train7": "train7",
}
LEAD = 300
STRONG = 10.0
MIN_DF = 4
C = 4.0
MIN_RECALL = 0.99
SHORT = 300
COUNTRY = re.compile(r"\S*سوري\S*")  # سوريا, سورية, السوري, السوريين, بسوريا ...
INHOUSE = "inhouse:"  # the in-house reports' ids in the rows (theirs are ar01, en01...: never a corpus id)


def names_syria(text: str) -> bool:
    """The rule behind the weak labels: the text names Syria, a well-known Syrian city (``SYRIA``), or a place
    that the gazetteer lists as a Syrian governorate or district (not a common word). Subdistricts and villages
    do not count here: too many share a name with a place abroad (الحديدة, a subdistrict of Homs, is Hodeidah)."""
    if SYRIA.search(text):
        return True
    return any(
        level in ("p:governorate", "p:district")
        for word in set(WORD.findall(normalize(text)))
        for level in _place_of(word)[:1]
    )


def weak_label(article: dict) -> int | None:
    if article["section"] in OTHER:
        return 0
    if article["section"] in NEWS:
        if names_syria(article["title"] + " " + article["text"][:LEAD]):
            return 1
        if not SYRIA.search(article["title"] + " " + article["text"]):
            return 0
    return None


def label_files(directory: Path | None = None) -> list[Path]:
    """The label files: every *.jsonl of tests/data/real/ (or of DIRECTORY); in /work/labels, the adjudicated
    FINAL_labels_*.jsonl when present (the annotators' own files are drafts of them)."""
    for d in [directory] if directory else LABEL_DIRS:
        final = sorted(d.glob("FINAL_labels_*.jsonl"))
        files = final or sorted(d.glob("*.jsonl"))
        if files:
            return files
    return []


def period(article_id: str) -> str | None:
    """The corpus period of an article, by its id's date (as bench/eval_real.py's ``period``): dev is Feb-Jun,
    test Jul-Oct."""
    return split_of({"id": article_id})


def strong_labels(
    directory: Path | None, splits: tuple[str, ...] = SPLITS, parts: tuple[str, ...] = PARTS
) -> dict[str, tuple[int, str]]:
    """id -> (about_syria, label part) for the labelled articles of the parts ``parts`` (only studied parts count)
    whose id's date falls in one of the periods ``splits``, without any blind (test4 to test9) or next-part id."""
    banned = fresh_ids()
    out: dict[str, tuple[int, str]] = {}
    for path in label_files(directory):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                part = row.get("split")
                if part not in STUDIED or part not in parts or "about_syria" not in row or row["id"] in banned:
                    continue
                if period(row["id"]) in splits:
                    out[row["id"]] = (int(bool(row["about_syria"])), part)
    return out


def held_out(article_id: str) -> bool:
    return int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) % 5 == 0


def matrix(docs: list[dict[str, int]], vocab: dict[str, int]) -> csr_matrix:
    """Word feature counts scaled by 1/sqrt(their total), document features as they are: as
    relevance.Model.probability scores."""
    indptr, indices, data = [0], [], []
    for feats in docs:
        scale = 1.0 / np.sqrt(max(1, sum(n for f, n in feats.items() if not is_document_feature(f))))
        cols = sorted((vocab[f], n if is_document_feature(f) else n * scale) for f, n in feats.items() if f in vocab)
        indices += [c for c, _ in cols]
        data += [v for _, v in cols]
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)), dtype=np.float64)


def fit(x: csr_matrix, y: np.ndarray, w: np.ndarray) -> LogisticRegression:
    clf = LogisticRegression(C=C, max_iter=2000, solver="liblinear", class_weight="balanced")
    clf.fit(x, y, sample_weight=w)
    return clf


Docs = list[dict[str, int]]


def train(docs: Docs, y: np.ndarray, w: np.ndarray, top: int) -> tuple[dict[str, int], LogisticRegression]:
    """Fit on every feature seen MIN_DF times, keep the TOP by weight magnitude, refit on those."""
    df = Counter(f for feats in docs for f in feats)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= MIN_DF))}
    clf = fit(matrix(docs, vocab), y, w)
    names = sorted(vocab, key=vocab.__getitem__)
    keep = sorted(np.argsort(-np.abs(clf.coef_[0]))[:top])
    small = {names[i]: k for k, i in enumerate(keep)}
    # Refit on the kept features (each doc still scaled by all its features, as at inference).
    return small, fit(matrix(docs, small), y, w)


def pick_threshold(p: np.ndarray, y: np.ndarray, floor: np.ndarray | None = None) -> float:
    """The threshold with the best F2 (recall counts twice: a Syrian report the gate drops loses all its events,
    while a report that passes wrongly is still read by the event rules), keeping recall >= MIN_RECALL; and, given
    ``floor`` (the scores of reports that are all about Syria: the in-house ones), recall >= MIN_RECALL on them too."""
    best, best_t = -1.0, 0.5
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        tp, fp, fn = (pred & (y == 1)).sum(), (pred & (y == 0)).sum(), (~pred & (y == 1)).sum()
        recall = tp / max(1, tp + fn)
        f2 = 5 * tp / max(1, 5 * tp + 4 * fn + fp)
        if floor is not None and len(floor) and (floor >= t).mean() < MIN_RECALL:
            continue
        if recall >= MIN_RECALL and f2 > best:
            best, best_t = f2, float(t)
    if best < 0:
        print(f"no threshold keeps recall >= {MIN_RECALL}: {best_t} (look at the data)", file=sys.stderr)
    return round(best_t, 2)


def report(name: str, p: np.ndarray, y: np.ndarray, t: float) -> None:
    pred = p >= t
    tp, fp, fn = (pred & (y == 1)).sum(), (pred & (y == 0)).sum(), (~pred & (y == 1)).sum()
    acc = (pred == (y == 1)).mean() if len(y) else float("nan")
    print(
        f"{name}: n={len(y)} pos={int(y.sum())} accuracy={acc:.3f} "
        f"precision={tp / max(1, tp + fp):.3f} recall={tp / max(1, tp + fn):.3f}",
        file=sys.stderr,
    )


def versions(article: dict, y: int) -> list[tuple[str, str]]:
    """The article, its first lines alone (short reports - a wire flash, a user's paste - must score too), and
    both again with the country's name masked (a report about Saraqib need not say "Syria": without the mask
    the model leans on that one word). A positive version is kept only while it still names Syria or a
    Syrian place (``SYRIA``)."""
    title, text = article["title"], article["text"]
    out = []
    for t, x in ((title, text), ("", text[:SHORT]), (mask(title), mask(text)), ("", mask(text[:SHORT]))):
        if (t, x) not in out and (y == 0 or names_syria(t + " " + x[:LEAD])):
            out.append((t, x))
    return out


def mask(text: str) -> str:
    return COUNTRY.sub("", text)


Row = tuple[dict[str, int], int, float, bool, bool, str]


def examples(strong: dict[str, tuple[int, str]], splits: tuple[str, ...] = SPLITS) -> list[Row]:
    """(features, label, weight, held out, full article, id) for every version of every article of ``splits``'
    periods that is not in the fresh test part."""
    banned = fresh_ids()
    out = []
    for article in articles():
        if split_of(article) not in splits or article["id"] in banned:
            continue  # stray dates; the fresh part is never trained on
        y = strong[article["id"]][0] if article["id"] in strong else None
        weight = STRONG if y is not None else 1.0
        if y is None:
            y = weak_label(article)
        if y is None:
            continue
        held = held_out(article["id"]) and weight == 1.0
        for k, (title, text) in enumerate(versions(article, y)):
            out.append((features(title, text), y, weight, held, k == 0, article["id"]))
    return out


def inhouse_articles() -> list[dict]:
    """The in-house dev set's reports (tests/analysis/devset.py's ``load``: devset_ar.jsonl, devset_en.jsonl; never
    the held-out sets) as articles: id ``INHOUSE`` + theirs, the headline the analysis gives a report without one,
    the text as the gate reads it, and whether the gate judges it (Arabic, MIN_WORDS words or more: it passes
    every other report unjudged). All are about Syria."""
    from bot.analysis import _document
    from tests.analysis import devset

    out = []
    for row in devset.load():
        doc = _document(row["text"], None, None)
        text = row["text"].strip()
        judged = doc.lang == "ar" and len(text.split()) >= MIN_WORDS
        out.append({"id": INHOUSE + row["id"], "title": doc.title, "text": text, "lang": doc.lang, "judged": judged})
    return out


def inhouse_versions(report: dict) -> list[tuple[str, str]]:
    """An in-house report's versions: as an article's (``versions``), except that an Arabic report's whole version
    always stays: its label says the whole report is about Syria, even when it names only a village or a camp the
    Syria rule does not know (كفرعويد, مخيم الركبان). Its first lines and masked versions keep the rule: cut or
    masked, a version may have lost what made it Syrian. English reports keep the rule too (so none stays: the
    gate is Arabic-only)."""
    kept = versions(report, 1)
    whole = (report["title"], report["text"])
    if report["lang"] != "ar" or whole in kept:
        return kept
    return [whole, *kept]


def inhouse_examples(reports: list[dict]) -> list[Row]:
    """Rows for the in-house reports: strong positives (weight STRONG, never held out), the whole one first."""
    return [
        (features(title, text), 1, STRONG, False, k == 0, report["id"])
        for report in reports
        for k, (title, text) in enumerate(inhouse_versions(report))
    ]


def fit_all(
    rows: list[Row], top: int, say: bool = True, floor: frozenset[str] = frozenset()
) -> tuple[dict[str, int], LogisticRegression, float]:
    """Fit on 80% (by a hash of the id), pick the threshold on the whole articles of the other 20% (and, with
    ``floor``, the ids of in-house reports the gate judges: recall >= MIN_RECALL on their whole version, scored by
    the same model), then fit on all: (kept features, model, threshold)."""
    docs = [r[0] for r in rows]
    y_all, w_all = np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
    h, f = np.array([r[3] for r in rows]), np.array([r[4] for r in rows])
    train_docs = [d for d, held in zip(docs, h, strict=True) if not held]
    small, clf = train(train_docs, y_all[~h], w_all[~h], top)
    p_hold = clf.predict_proba(matrix([d for d, held in zip(docs, h, strict=True) if held], small))[:, 1]
    full_h = f[h]
    floor_docs = [r[0] for r in rows if r[4] and r[5] in floor]
    p_floor = clf.predict_proba(matrix(floor_docs, small))[:, 1] if floor_docs else None
    threshold = pick_threshold(p_hold[full_h], y_all[h][full_h], p_floor)
    if say:
        print(f"threshold {threshold} (chosen on the whole articles of a held-out 20%)", file=sys.stderr)
        report("held-out 20%, whole articles, weak labels", p_hold[full_h], y_all[h][full_h], threshold)
        report("held-out 20%, all versions (short, masked)", p_hold, y_all[h], threshold)
        if p_floor is not None:
            report("in-house reports the gate judges (80% model)", p_floor, np.ones(len(p_floor)), threshold)
    small, clf = train(docs, y_all, w_all, top)
    if say:
        report("all of it (training set)", clf.predict_proba(matrix(docs, small))[:, 1], y_all, threshold)
        if floor_docs:
            p_all = clf.predict_proba(matrix(floor_docs, small))[:, 1]
            report("in-house reports the gate judges (final model)", p_all, np.ones(len(p_all)), threshold)
    return small, clf, threshold


def cross_validate(
    rows: list[Row], directory: Path | None, top: int, floor: frozenset[str] = frozenset()
) -> dict[str, dict[str, float]]:
    """Every labelled article of the studied parts (whatever the recipe trains on), scored by a model of this
    recipe trained without the articles of its fold (``FOLDS``: neither their strong nor their weak labels); the
    shipped model (bot/analysis/data/relevance_ar.tsv) beside it on the same articles. Returns part -> numbers."""
    from bot.analysis.relevance import parse

    shipped = parse(OUT.read_text("utf-8"))
    gold = strong_labels(directory, ("dev", "test"), STUDIED)
    banned = fresh_ids()
    whole = {a["id"]: features(a["title"], a["text"]) for a in articles() if a["id"] in gold and a["id"] not in banned}
    scored: dict[str, tuple[bool, bool]] = {}  # id -> (new model passes, shipped model passes)
    for fold in sorted(set(FOLDS.values())):
        ids = {i for i in whole if FOLDS[gold[i][1]] == fold}
        small, clf, t = fit_all([r for r in rows if r[5] not in ids], top, say=False, floor=floor)
        order = sorted(ids)
        p = clf.predict_proba(matrix([whole[i] for i in order], small))[:, 1]
        for i, pk in zip(order, p, strict=True):
            scored[i] = (bool(pk >= t), shipped.probability(whole[i]) >= shipped.threshold)
        print(f"fold {fold}: {len(ids)} articles, threshold {t}", file=sys.stderr)
    out: dict[str, dict[str, float]] = {}
    for part in (*STUDIED, "all"):
        ids = [i for i in scored if part == "all" or gold[i][1] == part]
        y = np.array([gold[i][0] for i in ids])
        for name, col in (("cross-validated", 0), ("shipped", 1)):
            pred = np.array([scored[i][col] for i in ids])
            tp, fp = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
            numbers = {
                "n": len(ids),
                "accuracy": round(float((pred == (y == 1)).mean()), 4),
                "recall": round(tp / max(1, int(y.sum())), 4),
                "false_passes": fp,
                "negatives": int((y == 0).sum()),
            }
            out[f"{part} {name}"] = numbers
            print(
                f"  {part:6s} {name:15s} n={len(ids)} accuracy={numbers['accuracy']:.3f} "
                f"recall={numbers['recall']:.3f} false passes={fp}/{numbers['negatives']}",
                file=sys.stderr,
            )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=None, help="folder of label *.jsonl files (dev and test splits)")
    ap.add_argument("--top", type=int, default=12000, help="how many features to keep")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="pickle the features here (and reuse them)")
    ap.add_argument("--cv", action="store_true", help="cross-validate on the strong labels first")
    ap.add_argument("--cv-only", action="store_true", help="cross-validate and stop (nothing written)")
    ap.add_argument(
        "--inhouse",
        action="store_true",
        help="the in-house dev set's reports as strong positives; the threshold keeps recall >= 0.99 on them too",
    )
    ap.add_argument(
        "--splits",
        default=",".join(SPLITS),
        help="periods to train on: dev (Feb-Jun; the shipped weights, with --inhouse) or dev,test (Feb-Oct)",
    )
    ap.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"labelled parts whose strong labels are used (within the periods): any of {','.join(STUDIED)}",
    )
    args = ap.parse_args()
    splits, parts = tuple(args.splits.split(",")), tuple(args.parts.split(","))
    if not set(parts) <= set(STUDIED):
        ap.error(f"--parts: only {', '.join(STUDIED)}")
    started = time.time()
    strong = strong_labels(args.labels, splits, parts)
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        rows = examples(strong, splits)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows))  # the corpus' rows only: the in-house ones are added below
    floor: frozenset[str] = frozenset()
    if args.inhouse:
        reports = inhouse_articles()
        rows = rows + inhouse_examples(reports)
        floor = frozenset(r["id"] for r in reports if r["judged"])
        print(
            f"in-house: {len(reports)} reports, {sum(r[5].startswith(INHOUSE) for r in rows)} versions, "
            f"{len(floor)} judged by the gate (the threshold's floor)",
            file=sys.stderr,
        )
    assert not {r[5] for r in rows} & fresh_ids(), "a blind or next-part article in the training data"
    print(
        f"{len(rows)} versions of {'+'.join(splits)} articles ({sum(r[1] for r in rows)} positive, "
        f"{len(strong)} strong labels of {'+'.join(parts)}), features in {time.time() - started:.0f}s",
        file=sys.stderr,
    )
    if args.cv or args.cv_only:
        result = cross_validate(rows, args.labels, args.top, floor)
        print(
            "CV " + json.dumps({"splits": splits, "parts": parts, "inhouse": args.inhouse, "numbers": result}),
            file=sys.stderr,
        )
        if args.cv_only:
            return 0
    small, clf, threshold = fit_all(rows, args.top, floor=floor)
    lines = [f"# bias\t{clf.intercept_[0]:.4f}", f"# threshold\t{threshold}"]
    kept = sorted(small.items(), key=lambda kv: -abs(clf.coef_[0][kv[1]]))
    lines += [f"{f}\t{clf.coef_[0][i]:.4f}" for f, i in kept if round(clf.coef_[0][i], 4) != 0]
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in {time.time() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
