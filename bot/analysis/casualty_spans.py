"""Casualty counts, stage 1: what each token of a sentence is, labelled from the data files.

- ``casualty_words.tsv``: killed / injured / mixed words and the victim nouns (child, woman, person, fighter,
  others), each with its grammatical number (``sg`` counts one by itself, ``du`` two);
- ``qualifiers.tsv``: "at least", "more than", "نحو" - words before a count that do not change it;
- ``zeros.tsv``: "دون وقوع إصابات", "no one was killed" - a sentence saying a count is nil;
- ``count_words.tsv``: the function words the rules look at, by class (breakdown, and, side, toll ...).

Numbers (digits and number words) are read where a rule asks, by :func:`bot.analysis.numbers.read_number`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis.lexicon import PhraseMatcher, rows
from bot.analysis.normalize import clitic_variants, normalize

__all__ = ["CUES", "VICTIMS", "Spans", "Word", "grammar", "label", "singular", "zero_fields"]

CUES = frozenset({"killed", "injured", "mixed"})  # what happened to a counted group
VICTIMS = frozenset({"child", "woman", "person", "fighter", "others"})  # who was counted


@dataclass(frozen=True, slots=True)
class Word:
    """A casualty phrase found at a token: its meaning, grammatical number and end (exclusive)."""

    meaning: str  # killed | injured | mixed | killed:1 | child | woman | person | fighter | others
    number: str  # sg | du | pl | acc | mod | any | weak | - (casualty_words.tsv says what each means)
    end: int


@dataclass(frozen=True, slots=True)
class Grammar:
    """The word classes of ``count_words.tsv`` (normalised words); the file says what each is for."""

    breakdown: frozenset[str]
    them: frozenset[str]
    conj: frozenset[str]
    side: frozenset[str]
    rival: frozenset[str]
    glue: frozenset[str]
    skip: frozenset[str]
    passive: frozenset[str]
    active: frozenset[str]
    np_end: frozenset[str]
    toll_noun: frozenset[str]
    toll_to: frozenset[str]
    rise: frozenset[str]
    update: frozenset[str]
    unit: frozenset[str]
    apposition: frozenset[str]
    one: frozenset[str]
    earlier: frozenset[str]
    each_side: frozenset[str]  # phrases, their words joined by a space


@functools.cache
def grammar() -> Grammar:
    out: dict[str, set[str]] = {f: set() for f in Grammar.__dataclass_fields__}
    for word, classes, _language in rows("count_words.tsv"):
        for c in classes.split(","):
            out[c].add(normalize(word))  # a class the file names but Grammar lacks fails here, at load
    return Grammar(**{c: frozenset(ws) for c, ws in out.items()})


def has_class(token: str, words: frozenset[str]) -> bool:
    """The token, or it without its clitics (وبينهم, لاكثر), is a word of this class."""
    return any(v in words for v in clitic_variants(token))


@functools.cache
def _words() -> PhraseMatcher:
    return PhraseMatcher((r[0], (r[1], r[2])) for r in rows("casualty_words.tsv"))


@functools.cache
def _qualifiers() -> PhraseMatcher:
    return PhraseMatcher((r[0], True) for r in rows("qualifiers.tsv"))


@functools.cache
def _zeros() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("zeros.tsv"))


@functools.cache
def _singulars() -> dict[str, str]:
    """One-token nouns that count one victim by themselves (``sg``): normalised word -> who."""
    return {
        normalize(p): meaning
        for p, meaning, number, _ in rows("casualty_words.tsv")
        if number == "sg" and meaning in VICTIMS and " " not in p.strip() and not p.endswith("*")
    }


def singular(token: str) -> str | None:
    """Who a singular victim noun names ("رجل" -> person, "طفلها" -> child), else None."""
    table = _singulars()
    for v in clitic_variants(token):
        if v in table:
            return table[v]
    return None


def zero_fields(tokens: Sequence[str]) -> frozenset[str]:
    """Counts a sentence says are nil ("دون وقوع إصابات": killed and injured; "none … was killed": killed)."""
    out: set[str] = set()
    found = _zeros().find(tokens)
    if not found:
        return frozenset()
    earlier = grammar().earlier
    after = next((k for k, t in enumerate(tokens) if has_class(t, earlier)), len(tokens))
    for m in found:
        if m.start > after:
            continue  # "في أعقاب إطلاق صواريخ … دون وقوع إصابات": the earlier event's nil, not this one's
        out.update(("killed", "injured") if m.payload == "both" else (m.payload,))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Spans:
    """A sentence's tokens labelled for the count rules; built once by :func:`label`."""

    tokens: Sequence[str]
    words: dict[int, Word]  # token -> the casualty phrase starting there
    qualified: frozenset[int]  # tokens inside a qualifier ("at least", "ما لا يقل عن")
    depth: tuple[int, ...]  # bracket depth of each token
    cue_at: dict[int, tuple[int, str]]  # token -> (start, meaning) of the first cue phrase covering it
    cue_ends: frozenset[int]  # where a cue phrase ends
    covered: frozenset[int]  # tokens inside any casualty phrase

    def noun(self, i: int) -> str | None:
        """Who the victim noun at ``i`` counts (not a dual: a dual is a count by itself)."""
        w = self.words.get(i)
        return w.meaning if w is not None and w.meaning in VICTIMS and w.number != "du" else None

    def cue(self, i: int) -> str | None:
        """killed / injured / mixed when a cue phrase starts at ``i``."""
        w = self.words.get(i)
        return w.meaning if w is not None and w.meaning in CUES else None

    def has_cue(self) -> bool:
        return any(w.meaning in CUES for w in self.words.values())

    def names_one_victim(self) -> bool:
        return any(w.meaning == "killed:1" for w in self.words.values())


def casualty_words(tokens: Sequence[str]) -> dict[int, Word]:
    return {m.start: Word(m.payload[0], m.payload[1], m.end) for m in _words().find(tokens)}


def label(tokens: Sequence[str], words: dict[int, Word] | None = None) -> Spans:
    """Every span the count rules need, in one pass per lexicon."""
    if words is None:
        words = casualty_words(tokens)
    qualified = frozenset(k for m in _qualifiers().find(tokens) for k in range(m.start, m.end))
    depth: list[int] = []
    d = 0
    for tok in tokens:
        if tok == "(":
            d += 1
        depth.append(d)
        if tok == ")":
            d = max(0, d - 1)
    cue_at: dict[int, tuple[int, str]] = {}
    covered: set[int] = set()
    for s, w in words.items():  # insertion order: the first phrase covering a token wins
        covered.update(range(s, w.end))
        if w.meaning in CUES:
            for k in range(s, w.end):
                cue_at.setdefault(k, (s, w.meaning))
    ends = frozenset(w.end for w in words.values() if w.meaning in CUES and w.number != "weak")
    return Spans(tokens, words, qualified, tuple(depth), cue_at, ends, frozenset(covered))
