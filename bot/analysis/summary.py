"""Extractive summaries: whole sentences, at most N words."""

from __future__ import annotations

import re

# Sentence ends: . ! ? and Arabic ؟ ؛ and newlines; a dot between digits is not an end.
_SENTENCE_END = re.compile(r"(?<=[.!?؟؛])(?<!\d\.)\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping punctuation."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def lead_summary(text: str, max_words: int = 60) -> str:
    """The first whole sentences within ``max_words`` (at least one sentence, cut if longer)."""
    out: list[str] = []
    count = 0
    for sentence in split_sentences(text):
        n = len(sentence.split())
        if count + n > max_words:
            if not out:
                out.append(" ".join(sentence.split()[:max_words]))
            break
        out.append(sentence)
        count += n
    return " ".join(out)
