"""Reading counts: digits, Eastern digits (folded by the normaliser) and number words.

Arabic: units, teens (ثلاثة عشر), tens joined with و (خمسة وعشرون), hundreds (مئة،
ثلاثمئة، ثلاث مئة) and thousands (ألف، ثلاثة آلاف). English: one..ninety-nine,
hundreds and thousands (one hundred and twenty). Works on normalised tokens.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bot.analysis.lexicon import rows
from bot.analysis.normalize import match_tokens, normalize

__all__ = ["is_vague", "parse_number", "read_number", "starts_number"]


@functools.cache
def _words() -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for name in ("numbers_ar.tsv", "numbers_en.tsv"):
        for word, value, kind in rows(name):
            out[normalize(word)] = (int(value), kind)
    # اثنا عشر / اثني عشر
    out.setdefault("اثنا", (2, "unit"))
    out.setdefault("اثني", (2, "unit"))
    return out


def _word(token: str, *, joined: bool) -> tuple[int, str] | None:
    """A number word, optionally with the conjunction و (``joined``) or English ``and`` handled outside."""
    words = _words()
    hit = words.get(token)
    if hit is not None:
        return hit
    if joined and len(token) > 2 and token[0] == "و":
        return words.get(token[1:])
    return None


def starts_number(token: str) -> bool:
    """Whether :func:`read_number` may read a number at this token (a cheap test before reading)."""
    return (token.isdigit() and token.isascii()) or token in _words()


def is_vague(token: str) -> bool:
    """ "dozens", "scores": an amount, not a count."""
    hit = _words().get(token)
    return hit is not None and hit[1] == "vague"


def read_number(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """Read a number starting at ``tokens[i]``: ``(value, next_index)`` or ``None``."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.isdigit():
        if not tok.isascii():
            return None
        value, j = int(tok), i + 1
        # "511,000" (the comma is not a token): groups of three digits after the first
        while len(tok) <= 3 and j < len(tokens) and len(tokens[j]) == 3 and tokens[j].isdigit() and tokens[j].isascii():
            value, j = value * 1000 + int(tokens[j]), j + 1
        scale = _words().get(tokens[j]) if j < len(tokens) else None
        if scale is not None and scale[1] in ("thousand", "scale") and scale[0] == 1000:
            value, j = value * 1000, j + 1  # "300 ألف", "5 thousand"
        return value, j
    first = _word(tok, joined=False)
    if first is None or first[1] in ("article", "vague"):
        if first is not None and first[1] == "vague":
            return first[0], i + 1
        return None
    total = 0
    current = 0
    j = i
    last_kind = ""
    after_and = False
    while j < len(tokens):
        tok = tokens[j]
        if j > i and tok == "and" and j + 1 < len(tokens) and _word(tokens[j + 1], joined=False):
            j += 1
            after_and = True
            continue
        stripped = _words().get(tok[1:]) if j > i and len(tok) > 2 and tok[0] == "و" else None
        hit = stripped or _word(tok, joined=False)
        if hit is None or hit[1] in ("article", "vague"):
            break
        value, kind = hit
        conj = after_and or stripped is not None
        after_and = False
        if (
            j > i
            and not conj
            and not (
                (value in (10, 100, 1000) or kind in ("hundred", "thousand", "scale"))
                or (last_kind == "ten" and kind == "unit" and value < 10)  # English twenty five
            )
        ):
            break
        if kind == "unit" and value == 10 and last_kind == "unit" and 0 < current % 10 < 10 and not conj:
            current += 10  # teens: ثلاثة عشر
        elif kind == "hundred" and value == 100 and 0 < current < 10 and not conj:
            current *= 100  # ثلاث مئة, three hundred
        elif kind in ("thousand", "scale"):
            if value == 1000 and current > 0 and not conj:
                current *= 1000
            elif conj and value == 1000:
                current += 1000
            else:
                current = (current or 0) + value if kind == "thousand" else current * 1000
            total += current
            current = 0
        elif kind == "hundred" and value == 100 and not conj and j > i:
            break
        else:
            current += value
        last_kind = kind
        j += 1
    if j == i:
        return None
    return total + current, j


def parse_number(text: str) -> int | None:
    """The number a whole string spells (``"خمسة وعشرون"`` → 25), or ``None``."""
    toks = match_tokens(text.replace("-", " "))
    got = read_number(toks, 0)
    if got is None or got[1] != len(toks):
        return None
    return got[0]
