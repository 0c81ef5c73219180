"""Extractive summaries: whole sentences, at most N words, in the report's own order.

Each sentence is scored by how central it is (cosine with the report's word profile, over
normalised, clitic-stripped content words), by position (news puts the gist first), and by
whether it reports an event. Sentences are then picked greedily by score per word with a
bonus for an event type the summary does not cover yet, so a report about talks and a
strike names both.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from bot.analysis.normalize import clitic_variants, match_tokens
from bot.analysis.sentences import split_sentences
from bot.analysis.stopwords import STOPWORDS

__all__ = ["summarize", "lead_summary", "split_sentences", "content_words"]

POSITION_WEIGHT = 0.5
CENTRALITY_WEIGHT = 1.0
EVENT_WEIGHT = 0.35
COVERAGE_BONUS = 0.6
MIN_WORDS = 4


def content_words(tokens: Sequence[str]) -> list[str]:
    """Stems for overlap: clitics stripped, stop words, digits and brackets dropped."""
    out = []
    for t in tokens:
        if t in ("(", ")") or t.isdigit():
            continue
        stem = clitic_variants(t)[-1]
        if stem in STOPWORDS or t in STOPWORDS or len(stem) < 2:
            continue
        out.append(stem)
    return out


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
    words = [content_words(t) for t in tokens]
    doc = Counter(w for ws in words for w in set(ws))
    norm_doc = math.sqrt(sum(v * v for v in doc.values())) or 1.0
    scores = []
    for k, ws in enumerate(words):
        if not ws:
            scores.append(0.0)
            continue
        tf = Counter(ws)
        dot = sum(c * doc[w] for w, c in tf.items())
        cos = dot / (norm_doc * math.sqrt(sum(c * c for c in tf.values())))
        pos = 1.0 / math.sqrt(1 + k)
        ev = 1.0 if types and types[k] else 0.0
        scores.append(CENTRALITY_WEIGHT * cos + POSITION_WEIGHT * pos + EVENT_WEIGHT * ev)
    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    remaining = set(range(len(sentences)))
    while remaining:
        best, best_gain = -1, 0.0
        for k in remaining:
            n = _n_words(sentences[k])
            if n < MIN_WORDS and len(sentences) > 1 or used + n > max_words:
                continue
            new_types = set(types[k]) - covered if types else set()
            gain = scores[k] + COVERAGE_BONUS * len(new_types)
            gain /= math.sqrt(n)
            if gain > best_gain:
                best, best_gain = k, gain
        if best < 0:
            break
        chosen.append(best)
        remaining.discard(best)
        used += _n_words(sentences[best])
        if types:
            covered |= set(types[best])
    if not chosen:
        first = max(range(len(sentences)), key=lambda k: scores[k])
        return " ".join(sentences[first].split()[:max_words])
    return " ".join(sentences[k] for k in sorted(chosen))
