"""Which language a report is in: Arabic, English, or something else."""

from __future__ import annotations

import re

from bot.analysis.normalize import arabic_ratio

_ENGLISH_HINTS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "were",
        "that",
        "for",
        "on",
        "with",
        "by",
        "said",
        "from",
        "at",
        "as",
    ]
)


_SAMPLE = 3000


def detect_language(text: str) -> str:
    """``ar`` when most letters are Arabic, ``en`` for English-looking Latin text, else ``other``."""
    if arabic_ratio(text[:_SAMPLE]) >= 0.5:  # the first few hundred words decide; long texts cost no more
        return "ar"
    words = re.findall(r"[A-Za-z']+", text[:_SAMPLE].lower())
    if words and sum(1 for w in words if w in _ENGLISH_HINTS) / len(words) >= 0.05:
        return "en"
    return "other"
