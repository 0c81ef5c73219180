"""Which language a report is in: Arabic, English, or another one, as an ISO 639-1 code.

Arabic and English are what the lexicons read; another language is named too (by its
script, or by its most common words for Latin-script languages), so that ``analyze --json``
never calls a French report English. ``other`` is left for text no language can be told from.
"""

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


# The most common short words of Latin-script languages a Syria report may come in.
_LATIN_WORDS = {
    "fr": "le la les des du une et est dans pour sur que qui par au aux il elle ont été avec ce pas",
    "es": "la los las del una y es en por para con que se su fue como más pero",
    "de": "der die das und ist nicht mit von den dem zu ein eine auf für sich wurde",
    "it": "il lo gli della di che è per una sono con non del nel alla anche",
    "pt": "o os da do das dos uma que não em para com por foi ao se mais",
    "tr": "ve bir bu da de için ile olarak çok daha gibi olan",
    "nl": "de het een en van is dat niet op te met voor zijn ook",
}
_LATIN_HINTS = {code: frozenset(words.split()) for code, words in _LATIN_WORDS.items()}
# Scripts that name their language (Han after kana and Hangul: Japanese and Korean use it too).
_SCRIPTS = (
    ("ja", re.compile("[\u3040-\u30ff]")),
    ("ko", re.compile("[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("he", re.compile("[\u05d0-\u05ea]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("hi", re.compile("[\u0900-\u097f]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("hy", re.compile("[\u0530-\u058f]")),
    ("ka", re.compile("[\u10a0-\u10ff]")),
)
_LETTERS = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """``ar`` when most letters are Arabic, ``en`` for English-looking Latin text, else another ISO 639-1 code."""
    ratio = arabic_ratio(text[:_GLANCE])
    if 0.2 < ratio < 0.8 and len(text) > _GLANCE:
        ratio = arabic_ratio(text[:_SAMPLE])
    if ratio >= 0.5:
        return "ar"
    sample = text[:_SAMPLE].lower()
    words = re.findall(r"[A-Za-z']+", sample)
    english = sum(1 for w in words if w in _ENGLISH_HINTS) / len(words) if words else 0.0
    letters = _LETTERS.findall(sample)
    if letters:
        scores = {code: sum(1 for w in letters if w in hints) / len(letters) for code, hints in _LATIN_HINTS.items()}
        best = max(scores, key=scores.__getitem__)
        if scores[best] >= 0.05 and scores[best] > english:
            return best
    if english >= 0.05:
        return "en"
    letter_count = sum(len(w) for w in letters)
    for code, script in _SCRIPTS:
        if letter_count and len(script.findall(sample)) / letter_count >= 0.3:
            return code
    # A short plain-Latin headline with none of any language's common words ("Shelling hit Aleppo, 3 killed"):
    # in Syria news that is English far more often than anything else.
    if letter_count and sum(len(w) for w in words) / letter_count >= 0.9 and len(words) >= 3:
        return "en"
    return "other"
