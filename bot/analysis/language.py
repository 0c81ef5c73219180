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


def detect_language(text: str) -> str:
    """``ar`` when most letters are Arabic, ``en`` for English-looking Latin text, else ``other``."""
    if arabic_ratio(text) >= 0.5:
        return "ar"
    words = re.findall(r"[A-Za-z']+", text.lower())
    if words and sum(1 for w in words if w in _ENGLISH_HINTS) / len(words) >= 0.05:
        return "en"
    return "other"
