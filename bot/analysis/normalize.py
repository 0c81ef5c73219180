"""Arabic-aware text normalisation, shared by analysis and search.

Search and matching must treat spelling variants alike: إدلب/ادلب, معرة/معره,
ى/ي, Eastern digits and Western ones, text with and without diacritics.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Harakat, Quranic marks, superscript alef, and tatweel.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Eastern Arabic-Indic digits
    }
)
# str.translate looks every character up in a dict; a few str.replace calls run at C speed.
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def _fold(text: str) -> str:
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")
_WORD = re.compile(r"\w+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NOT_LETTER = re.compile(r"[\W\d_]+", re.UNICODE)  # the complement of _LETTER
_NOT_ARABIC_LETTER = re.compile("[^\u0621-\u063a\u0641-\u064a]+")  # the complement of _ARABIC_LETTER


def fold_digits(text: str) -> str:
    """Eastern Arabic digits to Western ones, nothing else."""
    return text.translate({chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)})


def normalize(text: str) -> str:
    """Fold a text for matching: NFKC, no diacritics or tatweel, folded letters, lower case.

    Idempotent: ``normalize(normalize(s)) == normalize(s)``.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    text = _fold(text)
    text = text.casefold()
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text  # the usual case: nothing left to fold, so skip the second pass
    # NFKC and casefold can expose new combining marks or letters to fold.
    return _fold(_DIACRITICS.sub("", unicodedata.normalize("NFKC", text)))


def tokens(text: str) -> list[str]:
    """Normalised word tokens."""
    return _WORD.findall(normalize(text))


_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bf\u02be`\u00b4]")
_POSSESSIVE = re.compile("(?<=[A-Za-z])['\u2019]s\\b")
_MATCH_TOKEN = re.compile(r"[^\W\d_]+|\d+|[()]", re.UNICODE)


def _matchable(text: str) -> str:
    """The text normalised for matching, apostrophes dropped (Ma'arrat = Maarrat)."""
    if (
        "'" in text
        or "\u2019" in text
        or "\u2018" in text
        or "`" in text
        or "\u00b4" in text
        or "\u02bc" in text
        or "\u02bf" in text
        or "\u02be" in text
    ):  # most sentences have none: skip two regex passes
        text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    return normalize(text)


def match_tokens(text: str) -> list[str]:
    """Normalised tokens for matching: apostrophes dropped (Ma'arrat = Maarrat), parentheses kept."""
    return _MATCH_TOKEN.findall(_matchable(text))


_MATCH_OR_COMMA = re.compile(r"[^\W\d_]+|\d+|[()]|[,،]", re.UNICODE)


def commas_before(text: str) -> frozenset[int]:
    """The indices of ``match_tokens(text)`` that come right after a comma ("طفس، اليادودة ونصيب" gives {1}).

    ``match_tokens`` drops punctuation, so a list of names ("Tafas, Yadouda") looks like one two-word name; this
    gives the list reading the separator it needs, on demand (most sentences never ask)."""
    out: set[int] = set()
    n = 0
    for m in _MATCH_OR_COMMA.finditer(_matchable(text)):
        if m.group() in ",،":
            out.add(n)
        else:
            n += 1
    return frozenset(out)


_PROCLITICS_1 = "وف"
_PROCLITICS_2 = "بلك"


@functools.lru_cache(maxsize=65536)
def clitic_variants(token: str) -> tuple[str, ...]:
    """A normalised Arabic token and its readings without attached clitics (و ف, then ب ل ك, then ال).

    ``وبالحسكه`` gives ``وبالحسكه, بالحسكه, الحسكه, حسكه``; ``للحسكه`` gives ``الحسكه``.
    Stems shorter than two letters are not produced. Non-Arabic tokens come back alone.
    """
    if not token or not ("\u0621" <= token[0] <= "\u064a"):
        return (token,)
    out = [token]
    stage = [token]
    if token[0] in _PROCLITICS_1 and len(token) > 3:
        stage.append(token[1:])
    nxt: list[str] = []
    for t in stage:
        nxt.append(t)
        if t.startswith("لل") and len(t) > 4:
            nxt.append("ال" + t[2:])
        elif t[0] in _PROCLITICS_2 and len(t) > 3:
            nxt.append(t[1:])
    for t in nxt:
        if t not in out:
            out.append(t)
        if t.startswith("ال") and len(t) > 4 and t[2:] not in out:
            out.append(t[2:])
    return tuple(out)


def arabic_ratio(text: str) -> float:
    """The share of letters that are Arabic, 0.0 to 1.0."""
    letters = _NOT_LETTER.sub("", text)  # counting what is left beats a list of one-character matches
    if not letters:
        return 0.0
    return len(_NOT_ARABIC_LETTER.sub("", letters)) / len(letters)
