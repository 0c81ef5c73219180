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


_SAMPLE = 3000  # the first few hundred words decide; a long text costs no more
_GLANCE = 500  # a first look, enough when it is clearly one script


def detect_language(text: str) -> str:
    """``ar`` when most letters are Arabic, ``en`` for English-looking Latin text, else ``other``."""
    ratio = arabic_ratio(text[:_GLANCE])
    if 0.2 < ratio < 0.8 and len(text) > _GLANCE:
        ratio = arabic_ratio(text[:_SAMPLE])
    if ratio >= 0.5:
        return "ar"
    words = re.findall(r"[A-Za-z']+", text[:_SAMPLE].lower())
    if words and sum(1 for w in words if w in _ENGLISH_HINTS) / len(words) >= 0.05:
        return "en"
    return "other"
