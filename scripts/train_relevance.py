"""Train the relevance gate (bot/analysis/relevance.py) and write its weights to bot/analysis/data/relevance_ar.tsv.

Data: the shared 2018 Arabic corpus, Feb-Jun articles only (the dev period; Jul-Oct stays unseen for
bench/eval_real.py). The texts never ship: only the pruned feature weights do.

Labels:
- weak, from sections: sport, economy, technology and culture are negative (also when they name Syria:
  a Syrian team, a Syrian singer); a middleEast or internationalNews article is positive when its
  headline or lead (first 300 characters) names Syria, a well-known Syrian city (``SYRIA`` of
  scripts/realset.py) or a Syrian governorate or district of the gazetteer (``names_syria``),
  negative when its whole text names none of ``SYRIA``, and left out otherwise (Syria only in passing: unsure);
- strong, from the labelled dev part (about_syria of tests/data/real/*.jsonl, else /work/labels/), weighted
  STRONG times a weak one. Test-part labels are never read here.

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
    .venv/bin/python scripts/train_relevance.py [--labels DIR] [--top 12000]
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

from bot.analysis.normalize import normalize  # noqa: E402
from bot.analysis.relevance import _WORD as WORD  # noqa: E402
from bot.analysis.relevance import _place_of, features, is_document_feature  # noqa: E402

OUT = ROOT / "bot" / "analysis" / "data" / "relevance_ar.tsv"
LABEL_DIRS = [ROOT / "tests" / "data" / "real", Path("/work/labels")]
LEAD = 300
STRONG = 10.0
MIN_DF = 4
C = 4.0
MIN_RECALL = 0.99
SHORT = 300
COUNTRY = re.compile(r"\S*سوري\S*")  # سوريا, سورية, السوري, السوريين, بسوريا ...


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


def strong_labels(directory: Path | None, split: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for path in label_files(directory):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("split") == split and "about_syria" in row:
                    out[row["id"]] = int(bool(row["about_syria"]))
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


def pick_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best F2 (recall counts twice: a Syrian report the gate drops loses all its events,
    while a report that passes wrongly is still read by the event rules), keeping recall >= MIN_RECALL."""
    best, best_t = -1.0, 0.5
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        tp, fp, fn = (pred & (y == 1)).sum(), (pred & (y == 0)).sum(), (~pred & (y == 1)).sum()
        recall = tp / max(1, tp + fn)
        f2 = 5 * tp / max(1, 5 * tp + 4 * fn + fp)
        if recall >= MIN_RECALL and f2 > best:
            best, best_t = f2, float(t)
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


def examples(strong: dict[str, int]) -> list[tuple[dict[str, int], int, float, bool, bool]]:
    """(features, label, weight, held out, full article) for every version of every dev-period article."""
    out = []
    for article in articles():
        if split_of(article) != "dev":
            continue  # Jul-Oct is the test period: never trained on
        y = strong.get(article["id"])
        weight = STRONG if y is not None else 1.0
        if y is None:
            y = weak_label(article)
        if y is None:
            continue
        held = held_out(article["id"]) and weight == 1.0
        for k, (title, text) in enumerate(versions(article, y)):
            out.append((features(title, text), y, weight, held, k == 0))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=None, help="folder of label *.jsonl files (dev part only is used)")
    ap.add_argument("--top", type=int, default=12000, help="how many features to keep")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="pickle the features here (and reuse them)")
    args = ap.parse_args()
    started = time.time()
    strong = strong_labels(args.labels, "dev")
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        rows = examples(strong)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows))
    docs = [r[0] for r in rows]
    ys, ws, hold, full = ([r[i] for r in rows] for i in (1, 2, 3, 4))
    y_all, w_all, h, f = np.array(ys), np.array(ws), np.array(hold), np.array(full)
    print(
        f"{len(docs)} dev-period articles ({int(y_all.sum())} positive, {len(strong)} strong labels), "
        f"features in {time.time() - started:.0f}s",
        file=sys.stderr,
    )

    train_docs = [d for d, held in zip(docs, hold, strict=True) if not held]
    small, clf = train(train_docs, y_all[~h], w_all[~h], args.top)
    p_hold = clf.predict_proba(matrix([d for d, held in zip(docs, hold, strict=True) if held], small))[:, 1]
    full_h = f[h]
    threshold = pick_threshold(p_hold[full_h], y_all[h][full_h])
    print(f"threshold {threshold} (chosen on the whole articles of a held-out 20% of the dev period)", file=sys.stderr)
    report("held-out 20% of the dev period, whole articles, weak labels", p_hold[full_h], y_all[h][full_h], threshold)
    report("held-out 20%, all versions (short, masked)", p_hold, y_all[h], threshold)

    small, clf = train(docs, y_all, w_all, args.top)
    report("whole dev period (training set)", clf.predict_proba(matrix(docs, small))[:, 1], y_all, threshold)
    lines = [f"# bias\t{clf.intercept_[0]:.4f}", f"# threshold\t{threshold}"]
    kept = sorted(small.items(), key=lambda kv: -abs(clf.coef_[0][kv[1]]))
    lines += [f"{f}\t{clf.coef_[0][i]:.4f}" for f, i in kept if round(clf.coef_[0][i], 4) != 0]
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in {time.time() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
