"""Train the event gate (bot/analysis/eventgate.py), decide whether it is on, write bot/analysis/data/eventgate.tsv.

Data: the candidates ``bot.analysis.candidates`` proposes for the labelled real articles of tests/data/real/ - the
studied parts ``PARTS`` (``--parts``; any of ``STUDIED`` of bench/eval_real.py): dev (180, Feb-Jun), test, test2 and
test3 (125 each, Jul-Oct) and the training part train5 (417, both periods, read once); not train6 and train7 (300
and 400, Feb-Jun, read once), see ``PARTS`` - their texts read from the shared corpus (never shipped). The blind parts
(tests/data/real/sample_test4.tsv to sample_test9.tsv, and a next part's) are excluded by id, explicitly, from the
labels and from the corpus reader, whatever the label files hold (a test checks both). The in-house sets are not
used: the gate decides only for Arabic articles with a headline (``analyze``'s ``_gated``).

Labels: a candidate is positive when it matches a label event of its article: each label event, in order, takes
the first unused candidate of its type, preferring one of its governorate, then one the rules announced (not
``low``), then the nearest paragraph. An article is "news" (the document model's label) when it holds a label event.

Models: two logistic regressions (scikit-learn, the ``train`` extra): the candidate model over each candidate's own
features, the document model over the article's ``d:`` features (words seen in fewer than 3 articles dropped).
Their C (CS, DOC_CS) and the two thresholds (GRID; 0 keeps everything, so the rules alone are among the choices)
are chosen together by 5-fold cross-validation grouped by article, for the best event-type F1.

The decision (``Decision.on``): leave one part out - train on the other parts (C and thresholds chosen inside
them), score event-type F1 of the whole analysis on the part left out exactly as bench/eval_real.py does - and
switch the gate on only when F1 rises on average over the parts and falls on none by more than MAX_DROP; or when
the blind parts decided it (``BLIND_SWITCH``, session 8: on). The file holds ``# on``, the weights trained on all
972 articles, and each part's F1 for the record. Deterministic: same candidates and labels, same bytes. Also
printed: nested 5-fold cross-validation (C and thresholds chosen in the inner folds).

After merging analysis changes, re-run it (about 4 minutes on the loaded box) and commit the file it writes:

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_eventgate.py [--out PATH] [--no-report] [--parts dev,...] [--low] [--words]

``--low``: the candidates rule 6 leaves out are among the ones it learns from and the file says ``# low 1`` (analyze
then proposes them to the gate); ``--words``: the announcing sentence's words are features (``# words 1``).
``--untitled``: the gate for articles given without their headline (``eventgate_untitled.tsv``, ``# untitled 1``),
learned from the same articles' text alone where ``analyze`` judges them so (an article of six paragraphs or more;
about 200 relevant ones); switched on by ``UNTITLED_SWITCH`` (session 11's decision on the blind parts read untitled).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_real import (  # noqa: E402
    GOVERNORATE,
    STUDIED,
    corpus_articles,
    fresh_ids,  # noqa: F401  (what corpus_texts skips: the tests read it here)
    training_labels,
)
from bot.analysis import _document, _events, _gated, analyze, candidates  # noqa: E402
from bot.analysis.eventgate import document_features  # noqa: E402
from bot.analysis.relevance import is_relevant  # noqa: E402

OUT = ROOT / "bot" / "analysis" / "data" / "eventgate.tsv"
CORPUS = ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz"
CS = (0.1, 0.3, 1.0)  # the candidate model's regularisation, chosen by inner cross-validation
DOC_CS = (0.1, 0.3, 1.0)  # the document model's
GRID = (0.0, *(round(0.1 + 0.05 * i, 2) for i in range(17)))  # the thresholds tried (0: keep everything)
MIN_DF = 3
FOLDS = 5
MAX_DROP = 0.01  # the gate goes on only if no left-out part's type F1 falls by more than this
OUT_UNTITLED = ROOT / "bot" / "analysis" / "data" / "eventgate_untitled.tsv"
# Session 8 (BENCHMARKS.md, "Where it stands after session 8"): the switch was decided on the blind parts by a rule
# written before they were scored - on test6, type F1 at least 0.005 above the rules' and precision not lower; on
# test4 and test5 pooled, F1 not lower - and bench/eval_real.py scored them (this script never reads them): the gate
# rose on both (test6 0.376 -> 0.417, precision 0.352 -> 0.448; pooled 0.582 -> 0.594). While BLIND_SWITCH holds the
# file says on, whatever the leave-one-part-out rule says (it is still printed); a later session that decides again
# on a new blind part changes it here.
BLIND_SWITCH = True
# Session 11 (BENCHMARKS.md, "Where it stands after session 11"): the untitled gate (``--untitled``), decided on the
# blind parts read untitled by a rule written before the run.
UNTITLED_SWITCH = True
# Session 9 (BENCHMARKS.md, "Where it stands after session 9"): retrained with the new training parts, each time as
# nested cross-validation chose, the gate fell on the blind parts - with train6 and ``--words`` (1,272 articles)
# pooled over test4-test7 type F1 0.556 -> 0.545; with train6, train7, ``--words`` and ``--low`` (1,672) 0.549 - so by
# the rules written before those runs the shipped weights stay those trained on these five parts.
# ``--parts dev,test,test2,test3,train5,train6,train7 --words --low`` rebuilds the second candidate.
PARTS: tuple[str, ...] = ("dev", "test", "test2", "test3", "train5")


def real_labels() -> dict[str, dict]:
    """The labels of the parts trained on (``PARTS``), without any fresh id (eval_real's guard)."""
    return training_labels(PARTS)


def corpus_texts(ids: set[str]) -> dict[str, dict]:
    return corpus_articles(ids, CORPUS)


@dataclass
class Article:
    id: str
    part: str  # a studied part: dev | test | test2 | test3 | train5 (| train6 | train7 with --parts)
    gold: list[dict]
    events: list  # the candidates' events
    feats: list[dict[str, float]]  # each candidate's own features (the document's are in ``doc``)
    labels: list[int]
    paragraphs: list[int] = field(default_factory=list)  # each candidate's paragraph (labelling only)
    fixed: list[str] = field(default_factory=list)  # where the gate does not decide: the types the rules give
    doc: dict[str, float] = field(default_factory=dict)  # the article's ``d:`` features (document model)


def document(article: dict) -> dict[str, float]:
    """The article's document features, also where the rules propose no candidate (the document model learns
    from every relevant article the gate would decide for: more articles that announce nothing); {} where the
    gate does not decide."""
    doc = _document(article["text"], article["title"] or None, None)
    if not is_relevant(doc.relevance) or not _gated(doc):
        return {}
    return document_features(doc.sentences, _events(doc.sentences), doc.relevance)


def paragraph_of(article: dict, event) -> int:
    """The paragraph (as the labels number them: -1 the headline) whose text holds the event's evidence."""
    head = event.evidence[:40]
    if article.get("title") and head and article["title"].startswith(head[:30]):
        return -1
    paragraphs = [p for p in article["text"].split("\n") if p.strip()]
    return next((k for k, p in enumerate(paragraphs) if head[:30] in p), 99)


def dataset(low: bool = False, words: bool = False, untitled: bool = False) -> list[Article]:
    """One ``Article`` per labelled article; ``untitled``: the article's text alone instead (a .txt file without its
    headline line), only where the gate judges it so (``analyze``'s ``_gated``: an article of
    ``ARTICLE_PARAGRAPHS`` paragraphs or more) - what the untitled gate learns from."""
    labels = real_labels()
    texts = corpus_texts(set(labels))
    out = []
    for article_id, row in sorted(labels.items()):
        a = {**texts[article_id], "title": None} if untitled else texts[article_id]
        doc = document(a)
        if untitled and not doc:
            continue  # untitled, the gate does not judge it (short, or not relevant): nothing to learn
        found = candidates(a["text"], title=a["title"] or None, low=low, words=words)
        events = [e for e, _ in found]
        own = [{k: v for k, v in f.items() if k[:2] != "d:"} for _, f in found]
        art = Article(article_id, row["split"], row["events"], events, own, [], doc=doc)
        art.paragraphs = [paragraph_of(a, e) for e in events]
        if not found:  # not gated (a short video caption): what the rules give counts as it is
            art.fixed = [e.type for e in analyze(a["text"], title=a["title"] or None, gate=False).events]
        out.append(art)
    for art in out:
        art.labels = _labels(art)
    return out


def _labels(art: Article) -> list[int]:
    """1 for each candidate that a label event takes: of its type, preferring its governorate, then one the rules
    announced, then the nearest paragraph."""
    used: set[int] = set()
    for g in art.gold:
        gov = GOVERNORATE.get(g.get("governorate"), g.get("governorate"))
        options = [k for k, e in enumerate(art.events) if k not in used and e.type == g["type"]]
        if options:
            used.add(
                min(
                    options,
                    key=lambda k: (
                        not (art.events[k].location is not None and art.events[k].location.governorate == gov),
                        art.feats[k].get("low", 0.0) > 0,
                        abs(art.paragraphs[k] - g.get("paragraph", 0)) if g.get("paragraph") is not None else 0,
                        k,
                    ),
                )
            )
    return [int(k in used) for k in range(len(art.events))]


def fold_of(article_id: str) -> int:
    return int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) % FOLDS


Linear = tuple[DictVectorizer, LogisticRegression]
Probs = list[tuple[float, list[float]]]  # per article: its document probability, its candidates' probabilities


@dataclass(frozen=True)
class Cut:
    """The two thresholds: an article's candidates are kept only when its document probability reaches ``doc``,
    and then each one whose own probability reaches ``cand``, and the likeliest one; 0 keeps everything."""

    doc: float
    cand: float


@dataclass(frozen=True)
class Choice:
    """What the inner cross-validation chooses: the two models' regularisation and the thresholds."""

    c: float
    doc_c: float
    cut: Cut


def _pruned(docs: list[dict[str, float]]) -> list[dict[str, float]]:
    """The documents' features without the words seen in fewer than MIN_DF of them (noise with a thousand articles)."""
    df = Counter(k for d in docs for k in d if k[:4] in ("d:t:", "d:l:"))
    return [{k: v for k, v in d.items() if k[:4] not in ("d:t:", "d:l:") or df[k] >= MIN_DF} for d in docs]


def _linear(feats: list[dict[str, float]], ys: list[int], c: float) -> Linear:
    vec = DictVectorizer(sparse=False, sort=True)
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=c, max_iter=5000, solver="liblinear", random_state=0)
    clf.fit(x, np.array(ys))
    return vec, clf


def fit_doc(arts: list[Article], c: float) -> Linear | None:
    """The document model - does the article announce a new incident (hold a label event)? - learned from every
    relevant article the gate decides for, with candidates or not; None when they hold one class only."""
    docs = [a for a in arts if a.doc]
    ys = [int(bool(a.gold)) for a in docs]
    return _linear(_pruned([a.doc for a in docs]), ys, c) if len(set(ys)) == 2 else None


def fit_cand(arts: list[Article], c: float) -> Linear:
    """The candidate model, from every candidate (1: it matches a label event); the announcing sentence's words
    (``--words``) seen in fewer than MIN_DF articles dropped."""
    df = Counter(k for a in arts for k in {k for f in a.feats for k in f if k[:2] == "s:"})
    feats = [{k: v for k, v in f.items() if k[:2] != "s:" or df[k] >= MIN_DF} for a in arts for f in a.feats]
    return _linear(feats, [y for a in arts for y in a.labels], c)


def doc_probabilities(model: Linear | None, arts: list[Article]) -> list[float]:
    if model is None:
        return [1.0 for _ in arts]
    vec, clf = model
    return [float(clf.predict_proba(vec.transform([a.doc]))[0, 1]) if a.feats else 1.0 for a in arts]


def cand_probabilities(model: Linear, arts: list[Article]) -> list[list[float]]:
    vec, clf = model
    return [[float(p) for p in clf.predict_proba(vec.transform(a.feats))[:, 1]] if a.feats else [] for a in arts]


def probabilities(arts: list[Article], train: list[Article], c: float, doc_c: float) -> Probs:
    """``arts``' probabilities from the two models trained on ``train``."""
    news = doc_probabilities(fit_doc(train, doc_c), arts)
    return list(zip(news, cand_probabilities(fit_cand(train, c), arts), strict=True))


def score(arts: list[Article], keep: list[list[bool]]) -> dict[str, float]:
    """Event-type precision, recall, F1 as bench/eval_real.py (type match per article), and the share of articles
    without label events that get an event."""
    tp = n_pred = n_gold = 0
    empty = empty_hit = 0
    for a, ks in zip(arts, keep, strict=True):
        kept = a.fixed + [e.type for e, k in zip(a.events, ks, strict=True) if k]
        gold = [g["type"] for g in a.gold]
        n_pred += len(kept)
        n_gold += len(gold)
        for t in set(gold):
            tp += min(gold.count(t), kept.count(t))
        if not gold:
            empty += 1
            empty_hit += bool(kept)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "P": round(p, 3),
        "R": round(r, 3),
        "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "pred": n_pred,
        "gold": n_gold,
        "empty_with_events": f"{empty_hit}/{empty}",
    }


def rules(arts: list[Article]) -> list[list[bool]]:
    """The rules alone: every candidate they announce (not ``low``)."""
    return [[not f.get("low") for f in a.feats] for a in arts]


def cut(probs: Probs, t: Cut) -> list[list[bool]]:
    """``Gate.select``: an article judged news keeps its candidates that reach ``t.cand`` and its likeliest one."""
    return [[news >= t.doc and (p >= t.cand or p == max(ps)) for p in ps] for news, ps in probs]


def _out_of_fold(arts: list[Article], fit, predict, c: float, salt: str) -> list:
    """Each article's predictions from a model trained on the other folds (grouped by article)."""
    out: list = [None for _ in arts]
    for k in range(FOLDS):
        train = [a for a in arts if fold_of(a.id + salt) != k]
        test = [i for i, a in enumerate(arts) if fold_of(a.id + salt) == k]
        for i, p in zip(test, predict(fit(train, c), [arts[i] for i in test]), strict=True):
            out[i] = p
    return out


def choose(arts: list[Article]) -> Choice:
    """The regularisation of both models and the two thresholds with the best event F1 of the articles, on
    out-of-fold probabilities (0 thresholds among them: the rules may win). Ties go to the smaller C and the lower
    thresholds (fewer events dropped)."""
    docs = {c: _out_of_fold(arts, fit_doc, doc_probabilities, c, "#inner") for c in DOC_CS}
    cands = {c: _out_of_fold(arts, fit_cand, cand_probabilities, c, "#inner") for c in CS}
    best, pick = -1.0, Choice(CS[0], DOC_CS[0], Cut(0.0, 0.0))
    for c in CS:
        for dc in DOC_CS:
            probs = list(zip(docs[dc], cands[c], strict=True))
            for d in GRID:
                for t in GRID:
                    f1 = score(arts, cut(probs, Cut(d, t)))["F1"]
                    if f1 > best:
                        best, pick = f1, Choice(c, dc, Cut(d, t))
    return pick


def gated(train: list[Article], test: list[Article]) -> tuple[list[list[bool]], Choice]:
    """``test``'s kept candidates from models trained on ``train``, everything chosen inside ``train``."""
    choice = choose(train)
    return cut(probabilities(test, train, choice.c, choice.doc_c), choice.cut), choice


@dataclass
class Decision:
    """Leave one part out: per part, type F1 of the whole analysis with the rules alone and with the gate trained
    on the other parts; ``on`` by the rule of ``decide``."""

    rules: dict[str, dict] = field(default_factory=dict)
    gate: dict[str, dict] = field(default_factory=dict)
    choices: dict[str, Choice] = field(default_factory=dict)

    def deltas(self) -> list[float]:
        return [self.gate[p]["F1"] - self.rules[p]["F1"] for p in self.rules]

    @property
    def on(self) -> bool:
        """On only when the gate raises type F1 on average over the left-out parts and lowers it on none by more
        than MAX_DROP (so a gain on some parts bought with a loss on another does not switch it on)."""
        d = self.deltas()
        return bool(d) and sum(d) / len(d) > 0 and min(d) >= -MAX_DROP


def decide(arts: list[Article]) -> Decision:
    out = Decision()
    for part in PARTS:
        held = [a for a in arts if a.part == part]
        keep, choice = gated([a for a in arts if a.part != part], held)
        out.rules[part] = score(held, rules(held))
        out.gate[part] = score(held, keep)
        out.choices[part] = choice
    return out


def nested(arts: list[Article]) -> dict[str, list[bool]]:
    """Each article's kept candidates from models trained on the other outer folds, C and thresholds chosen by
    cross-validation inside that training part."""
    keep: dict[str, list[bool]] = {}
    for k in range(FOLDS):
        train = [a for a in arts if fold_of(a.id + "#outer") != k]
        held = [a for a in arts if fold_of(a.id + "#outer") == k]
        for a, ks in zip(held, gated(train, held)[0], strict=True):
            keep[a.id] = ks
    return keep


def _prf(s: dict) -> str:
    return f"{s['P']:.3f} / {s['R']:.3f} / {s['F1']:.3f} ({s['pred']} events, empty {s['empty_with_events']})"


def report(arts: list[Article], decision: Decision) -> None:
    """Rules alone beside the gate: leave one part out, and nested 5-fold cross-validation grouped by article."""
    parts = {p: [a for a in arts if a.part == p] for p in PARTS}
    pos = sum(sum(a.labels) for a in arts)
    gold = sum(len(a.gold) for a in arts)
    n = sum(len(a.feats) for a in arts)
    sizes = " + ".join(f"{len(v)} {k}" for k, v in parts.items())
    print(f"real articles: {sizes}; {n} candidates, {pos} match a label event (ceiling recall {pos / gold:.3f})")
    print("leave one part out (trained on the other parts; P / R / F1 of event types, whole analysis):")
    for p in PARTS:
        ch = decision.choices[p]
        print(f"  {p:5s} rules {_prf(decision.rules[p])}")
        print(f"        gate  {_prf(decision.gate[p])}  C {ch.c} doc C {ch.doc_c} cuts {ch.cut.doc}/{ch.cut.cand}")
    lopo = "ON" if decision.on else "off"
    blind = " (the blind parts' switch, BLIND_SWITCH: ON)" if BLIND_SWITCH else ""
    print(f"  F1 change per part {[round(d, 3) for d in decision.deltas()]} -> leave-one-part-out rule: {lopo}{blind}")
    keep = nested(arts)
    for name, part in (*parts.items(), ("all", arts)):
        print(f"  nested {FOLDS}-fold, {name:5s}: rules {_prf(score(part, rules(part)))}")
        print(f"                         gate  {_prf(score(part, [keep[a.id] for a in part]))}")


def write(
    arts: list[Article],
    out: Path,
    decision: Decision | None = None,
    *,
    low: bool = False,
    words: bool = False,
    untitled: bool = False,
) -> Decision:
    """The weights of both models (trained on every article, C and thresholds chosen by cross-validation over
    them), the thresholds, ``on``: the leave-one-part-out decision (``Decision.on``), and ``low``: whether the
    candidates rule 6 leaves out were among the articles' (``analyze`` then proposes them too), ``words``: whether
    the candidate model weighs the announcing sentence's words; the per-part F1 go in the header for the record.
    Same articles -> same bytes."""
    decision = decision or decide(arts)
    choice = choose(arts)
    on = (decision.on or (UNTITLED_SWITCH if untitled else BLIND_SWITCH)) and choice.cut != Cut(0.0, 0.0)
    cand = fit_cand(arts, choice.c)
    doc = fit_doc(arts, choice.doc_c)
    lines = [f"# on\t{int(on)}", f"# bias\t{cand[1].intercept_[0]:.4f}", f"# threshold\t{choice.cut.cand}"]
    pairs = list(zip(cand[0].get_feature_names_out(), cand[1].coef_[0], strict=True))
    if doc is not None:
        lines += [f"# doc_bias\t{doc[1].intercept_[0]:.4f}", f"# doc_threshold\t{choice.cut.doc}"]
        pairs += list(zip(doc[0].get_feature_names_out(), doc[1].coef_[0], strict=True))
    lines += [f"# c\t{choice.c}", f"# doc_c\t{choice.doc_c}"]
    lines += [f"# {name}\t1" for name, flag in (("low", low), ("words", words), ("untitled", untitled)) if flag]
    for p in PARTS:
        lines += [f"# lopo_f1_rules_{p}\t{decision.rules[p]['F1']}", f"# lopo_f1_gate_{p}\t{decision.gate[p]['F1']}"]
    head = len(lines)
    weights = sorted(pairs, key=lambda fw: (-abs(fw[1]), fw[0]))
    lines += [f"{f}\t{w:.4f}" for f, w in weights if round(w, 4) != 0]
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {out}: {len(lines) - head} weights, gate {'ON' if on else 'off'}, {choice}")
    return decision


def main() -> int:
    global PARTS  # --parts: what the functions above train on
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help=f"default {OUT.name}, or {OUT_UNTITLED.name} with --untitled")
    ap.add_argument("--no-report", action="store_true", help="only the decision and the weights (no nested CV)")
    ap.add_argument(
        "--low", action="store_true", help="train with the candidates rule 6 leaves out too (the file says # low 1)"
    )
    ap.add_argument("--words", action="store_true", help="the announcing sentence's words as features (# words 1)")
    ap.add_argument("--parts", default=",".join(PARTS), help="the studied parts to train on, comma-separated")
    ap.add_argument("--untitled", action="store_true", help="the gate for articles without their headline")
    args = ap.parse_args()
    PARTS = tuple(args.parts.split(","))
    if not set(PARTS) <= set(STUDIED):
        ap.error(f"--parts: only studied parts ({', '.join(STUDIED)})")
    arts = dataset(args.low, args.words, args.untitled)
    decision = decide(arts)
    if not args.no_report:
        report(arts, decision)
    out = args.out or (OUT_UNTITLED if args.untitled else OUT)
    write(arts, out, decision, low=args.low, words=args.words, untitled=args.untitled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
