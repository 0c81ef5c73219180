"""The event gate: of the candidate events the attachment rules propose, which does a reader take as news?

Each candidate is described by what a reader weighs - where it is told (headline, lead, which paragraph), how
strongly, where (town, district, governorate or nowhere), when (today, yesterday, a date, "since"), with a toll or
not, in a quote or a statement, beside background, how relevant the whole report is, whether the headline tells the
same type or governorate, how many other candidates the report holds - and a logistic regression over those
features keeps it when its probability reaches the threshold chosen by cross-validation. The training script sets
the threshold to 0 (every candidate kept: the rules decide) when the gate does not beat the rules alone under nested
cross-validation - the case since the types and counts stages improved the candidates (BENCHMARKS.md).

The gate decides for Arabic articles with a headline (what it learned from; ``analyze``'s ``_gated``); other
reports keep what the rules announce. The candidates rule 6 leaves out (``low``: a later paragraph's event told
without a place and time of its own) can be proposed too, for measuring: under cross-validation they added more
false events than true ones, so ``analyze`` does not propose them (BENCHMARKS.md, "event gate").

Trained by ``scripts/train_eventgate.py`` on the labelled real articles (tests/data/real/, the dev and first test
parts; never the test2 ids); the weights ship in ``data/eventgate.tsv`` (``feature<TAB>weight`` lines after
``# bias`` and ``# threshold``). Inference is a sum of a few dozen weights.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.analysis.document import BODY, HEADLINE
from bot.analysis.salience import is_statement, tells_now
from bot.analysis.weights import read_weights, sigmoid
from bot.models import Event

__all__ = ["Gate", "candidate_features", "gate", "parse"]

_VIOLENT = frozenset({"chemical_attack", "airstrike", "bombing", "shelling", "attack_on_civilians", "clashes"})
_YESTERDAY = frozenset({"امس", "yesterday"})
_SINCE = frozenset({"منذ", "since"})
_MONTHS = frozenset(
    {"يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر"}
    | {"كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين"}
    | {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december"}
)
_QUOTES = ('"', "“", "«")
_FUTURE = frozenset({"سوف", "will", "would", "could"})
# who tells the news: a monitor, a correspondent, an agency, activists (news), not an analyst
_SOURCES = frozenset(
    {"المرصد", "مراسل", "مراسلنا", "ناشطون", "ناشطين", "مصادر", "مصدر", "سانا", "وكاله", "الدفاع", "observatory"}
    | {"activists", "sources", "correspondent", "agency", "monitor"}
)


def _told(inc: Any, sentences: Sequence[Any]) -> int:
    """The sentence that announces the incident: its first one outside the headline (the headline if only)."""
    return next((k for k in inc.sentences if sentences[k].role != HEADLINE), inc.sentences[0])


def candidate_features(
    sentences: Sequence[Any], candidates: Sequence[tuple[Event, Any]], relevance: float, language: str
) -> list[dict[str, float]]:
    """One feature dictionary per candidate (``analyze``'s ``_Sentence`` list and ``(event, incident)`` pairs)."""
    n = len(sentences)
    title = sentences[0] if n and sentences[0].role == HEADLINE else None
    title_types = set(title.types) | set(title.unjoined) if title is not None else set()
    title_govs = {e.place.governorate for h in title.places for e in h.candidates} if title is not None else set()
    kinds = Counter(e.type for e, _ in candidates)
    govs = Counter(e.location.governorate for e, _ in candidates if e.location is not None)
    main_gov = govs.most_common(1)[0][0] if govs else None
    background = sum(1 for s in sentences if s.background) / max(1, n)
    now = sum(1 for s in sentences if tells_now(s.tokens)) / max(1, n)
    tolls = sum(1 for s in sentences if not s.casualties.is_empty())
    lead = next((s for s in sentences if s.role != HEADLINE), None)
    headline = title.text if title is not None else ""
    seen: Counter[str] = Counter()
    out = []
    for order, (event, inc) in enumerate(candidates):
        k = _told(inc, sentences)
        s = sentences[k]
        kind = event.type
        tokens = s.tokens
        level = event.location.level if event.location is not None else "none"
        f: dict[str, float] = {
            "type=" + kind: 1.0,
            "role=" + s.role: 1.0,
            f"type_role={kind}/{s.role}": 1.0,  # a statement in the lead is news, a takeover in the body seldom
            "level=" + level: 1.0,
            "lang=" + language: 1.0,
            "violent": float(kind in _VIOLENT),
            "low": float(inc.low),
            "low_violent": float(inc.low and kind in _VIOLENT),
            "lede": float(s.lede),
            "in_headline": float(any(sentences[j].role == HEADLINE for j in inc.sentences)),
            "paragraph": min(s.paragraph, 10) / 10 if s.paragraph >= 0 else 0.0,
            "position": k / max(1, n - 1),
            "sentences": math.log1p(len(inc.sentences)),
            "strength": s.weights.get(kind, 0) / 3,
            "weak": float(s.weak),
            "now": float(any(tells_now(sentences[j].tokens) for j in inc.sentences)),
            "yesterday": float(not _YESTERDAY.isdisjoint(tokens)),
            "dated": float(not _MONTHS.isdisjoint(tokens)),
            "since": float(not _SINCE.isdisjoint(tokens)),
            "killed": float(bool(event.killed)),
            "injured": float(bool(event.injured)),
            "toll": math.log1p(max(event.killed or 0, event.injured or 0)) / 5,
            "quote": float(any(q in s.text for q in _QUOTES)),
            "statement": float(is_statement(tokens)),
            "said": float(bool(s.said)),
            "background_clause": float(bool(s.background)),
            "background_share": background,
            "relevance": relevance,
            "headline_type": float(kind in title_types),
            "headline_gov": float(event.location is not None and event.location.governorate in title_govs),
            "no_title": float(title is None),
            "candidates": math.log1p(len(candidates)),
            "same_type": math.log1p(kinds[kind] - 1),
            "order": min(order, 10) / 10,
            "length": math.log1p(n) / 5,
            "body_low": float(s.role == BODY and inc.low),
            "low_untitled": float(inc.low and title is None),  # a dispatch without a headline: the rules suffice
            "type_rank": math.log1p(seen[kind]),
            "main_gov": float(event.location is not None and event.location.governorate == main_gov),
            "places": math.log1p(len(s.places)) / 2,
            "source": float(not _SOURCES.isdisjoint(tokens)),
            "future": float(not _FUTURE.isdisjoint(tokens)),
            "head_trigger": float(bool(title_types)),
            "head_question": float("?" in headline or "؟" in headline),
            "head_quote": float(any(q in headline for q in _QUOTES) or ":" in headline),
            "doc_now": now,
            "doc_tolls": math.log1p(tolls) / 3,
            "lead_now": float(lead is not None and tells_now(lead.tokens)),
        }
        seen[kind] += 1
        out.append(f)
    return out


@dataclass(frozen=True, slots=True)
class Gate:
    """A logistic regression: ``sigmoid(bias + sum(value * weight))``, kept when it reaches ``threshold``."""

    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        get = self.weights.get
        z = self.bias + sum(v * get(f, 0.0) for f, v in features.items())
        return sigmoid(z)

    def keep(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


def parse(text: str) -> Gate:
    """The shipped file (``bot.analysis.weights`` format); an absent threshold keeps every candidate."""
    meta, weights = read_weights(text)
    return Gate(bias=meta.get("bias", 0.0), threshold=meta.get("threshold", 0.0), weights=weights)


@functools.cache
def gate() -> Gate:
    return parse(resources.files("bot.analysis").joinpath("data", "eventgate.tsv").read_text("utf-8"))
