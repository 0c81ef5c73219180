"""Extractive summaries: whole sentences, at most N words, in the report's own order.

Each sentence is scored by how central it is (cosine with the report's word profile, over
normalised, clitic-stripped content words), by position (news puts the gist first), and by
whether it reports an event. First a sentence for the lead's event and one for the first
violent event are chosen (the best-scoring pair that fits), so a report about talks and a
strike names both; the rest of the
budget is filled greedily by score.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import _count_elements  # the C counter behind Counter, without its overhead
from collections.abc import Sequence

from bot.analysis.events import VIOLENT_ORDER
from bot.analysis.normalize import clitic_variants, match_tokens
from bot.analysis.sentences import split_sentences
from bot.analysis.stopwords import STOPWORDS

__all__ = ["content_words", "lead_summary", "split_sentences", "summarize"]

# Tuned on EASC at 60 words (bench/bench_summary.py): news and encyclopaedia text put the
# gist first, so position dominates and centrality breaks ties between later sentences.
POSITION_WEIGHT = 10.0
POS_EXP = 1.0
CENTRALITY_WEIGHT = 1.0
EVENT_WEIGHT = 0.35
COVERAGE_BONUS = 20.0
ANCHOR_CANDIDATES = 3
MIN_WORDS = 4
LEAD_BONUS = 5.0


_STEMS: dict[str, str] = {}  # token -> stem, or "" for a token left out


def _stem(t: str) -> str:
    if t in ("(", ")") or t.isdigit():
        return ""
    stem = clitic_variants(t)[-1]
    if stem in STOPWORDS or t in STOPWORDS or len(stem) < 2:
        return ""
    return stem


def content_words(tokens: Sequence[str]) -> list[str]:
    """Stems for overlap: clitics stripped, stop words, digits and brackets dropped."""
    stems = _STEMS
    found = list(map(stems.get, tokens))  # C-level lookups; a token seen before costs no Python bytecode
    if None in found:
        if len(stems) > 200_000:
            stems.clear()
        found = [stems[t] if t in stems else stems.setdefault(t, _stem(t)) for t in tokens]
    return list(filter(None, found))


def _sum_squares(values) -> int:
    v = list(values)
    return sum(map(operator.mul, v, v))


def _n_words(sentence: str) -> int:
    return len(sentence.split())


def lead_summary(text: str, max_words: int = 60) -> str:
    """The first whole sentences within ``max_words`` (the baseline)."""
    return _fit(split_sentences(text), list(range(len(split_sentences(text)))), max_words)


def _fit(sentences: Sequence[str], order: Sequence[int], max_words: int) -> str:
    chosen: list[int] = []
    used = 0
    for k in order:
        n = _n_words(sentences[k])
        if used + n <= max_words:
            chosen.append(k)
            used += n
        elif not chosen and k == order[0]:
            continue
    if not chosen and sentences:
        return " ".join(sentences[order[0]].split()[:max_words])
    return " ".join(sentences[k] for k in sorted(chosen))


def _anchors(
    lengths: Sequence[int], scores: Sequence[float], types: Sequence[Sequence[str]], max_words: int
) -> list[int]:
    """The gist and the violent event: one sentence for the lead's event type and one for the
    first violent event, the best-scoring pair that fits the budget. The report's own lead
    sentence is taken whenever it fits: a summary reads best when it starts where the report does."""
    lead = max(range(len(scores)), key=lambda k: scores[k])
    kinds: list[str] = list(types[lead])[:1]
    violent = next((ts[0] for ts in types if ts and ts[0] in VIOLENT_ORDER), None)
    if violent and violent not in kinds:
        kinds.append(violent)
    if len(kinds) < 2:
        return []  # the lead already tells the one event there is
    options = []
    for kind in kinds:
        cands = [k for k, ts in enumerate(types) if kind in ts and lengths[k] <= max_words]
        cands.sort(key=lambda k: -scores[k])
        options.append(cands[:ANCHOR_CANDIDATES] or [None])
    best: tuple[float, list[int]] = (-1.0, [])
    for combo in itertools.product(*options):
        picked = sorted({k for k in combo if k is not None})
        if sum(lengths[k] for k in picked) > max_words:
            continue
        covered = len({t for k in picked for t in types[k]} & set(kinds))
        value = covered * COVERAGE_BONUS + sum(scores[k] for k in picked) + (LEAD_BONUS if 0 in picked else 0.0)
        if value > best[0]:
            best = (value, picked)
    return best[1]


def summarize(
    sentences: Sequence[str],
    max_words: int = 60,
    *,
    tokens: Sequence[Sequence[str]] | None = None,
    types: Sequence[Sequence[str]] | None = None,
) -> str:
    """Pick whole sentences within ``max_words``; ``types`` are each sentence's event types."""
    if not sentences:
        return ""
    if tokens is None:
        tokens = [match_tokens(s) for s in sentences]
    lengths = [_n_words(s) for s in sentences]
    words = [content_words(t) for t in tokens]
    doc: dict[str, int] = {}
    for ws in words:
        _count_elements(doc, set(ws))
    norm_doc = math.sqrt(_sum_squares(doc.values())) or 1.0
    scores = []
    for k, ws in enumerate(words):
        if not ws:
            scores.append(0.0)
            continue
        dot = sum(map(doc.__getitem__, ws))  # = sum over words of tf * df
        tf: dict[str, int] = {}
        _count_elements(tf, ws)
        cos = dot / (norm_doc * math.sqrt(_sum_squares(tf.values())))
        pos = 1.0 / (1 + k) ** POS_EXP
        ev = 1.0 if types and types[k] else 0.0
        scores.append(CENTRALITY_WEIGHT * cos + POSITION_WEIGHT * pos + EVENT_WEIGHT * ev)
    chosen = _anchors(lengths, scores, types, max_words) if types else []
    used = sum(lengths[k] for k in chosen)
    short = len(sentences) > 1
    # Greedy fill by score: the order of candidates by score does not change, so one sorted pass does.
    # Stable descending sort (equal scores keep their order). Once no sentence can fit any more (a budget left
    # below MIN_WORDS when short ones are skipped) or the scores reach zero, the rest of a long report is not
    # looked at.
    for k in sorted(range(len(sentences)), key=scores.__getitem__, reverse=True):
        if scores[k] <= 0.0 or (short and max_words - used < MIN_WORDS):
            break
        if k in chosen:
            continue
        n = lengths[k]
        if (n < MIN_WORDS and short) or used + n > max_words:
            continue
        chosen.append(k)
        used += n
    if not chosen:
        first = max(range(len(sentences)), key=lambda k: scores[k])
        return " ".join(sentences[first].split()[:max_words])
    return " ".join(sentences[k] for k in sorted(chosen))
