"""Event types per sentence from trigger lexicons, with the precedence rules.

- One violent type per sentence (airstrike, shelling, clashes, bombing, attack_on_civilians,
  chemical_attack): the strongest trigger wins, ties by ``VIOLENT_ORDER``. So a strike that
  caused a massacre is an airstrike, and a bare قصف beside an aircraft word is an airstrike.
- Other types are added when a normal or strong trigger names them; a weak trigger (هجوم،
  اتفاق، قرار) counts only when nothing else does.
- Talks about a ceasefire are diplomacy: a ceasefire named in a diplomacy sentence without a
  strong ceasefire word (هدنة، خرق، حيز التنفيذ) is not a separate event.
- A ceasefire violation told with a weak violent word (خرق الهدنة عبر قصف) is the ceasefire event;
  a protest against arrests is a protest.
- Background sentences (a campaign's toll, "since the start of ...") yield nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal, overload

from bot.analysis.lexicon import PhraseMatcher, rows

__all__ = ["VIOLENT_ORDER", "is_background", "is_weak", "sentence_types"]

VIOLENT_ORDER = ("chemical_attack", "airstrike", "bombing", "shelling", "attack_on_civilians", "clashes")
_VIOLENT = frozenset(VIOLENT_ORDER)


@functools.cache
def _triggers(language: str) -> PhraseMatcher:
    name = "triggers_ar.tsv" if language == "ar" else "triggers_en.tsv"
    return PhraseMatcher((r[0], (r[1], int(r[2]))) for r in rows(name))


@functools.cache
def _background() -> PhraseMatcher:
    return PhraseMatcher((r[0], True) for r in rows("background.tsv"))


def is_background(tokens: Sequence[str]) -> bool:
    """Context rather than an incident: a campaign's toll, the war's history."""
    return bool(_background().find(tokens))


def _weights(tokens: Sequence[str], language: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    for m in _triggers(language).find(tokens):
        kind, weight = m.payload
        weights[kind] = max(weights.get(kind, 0), weight)
    return weights


def is_weak(tokens: Sequence[str], language: str) -> bool:
    """Only weak triggers (a bare القصف, "the attack"): a sentence that refers back to an event."""
    weights = _weights(tokens, language)
    return bool(weights) and max(weights.values()) < 2


@overload
def sentence_types(tokens: Sequence[str], language: str) -> list[str]: ...
@overload
def sentence_types(tokens: Sequence[str], language: str, *, with_weak: Literal[True]) -> tuple[list[str], bool]: ...


def sentence_types(tokens: Sequence[str], language: str, *, with_weak: bool = False):
    """The event types one sentence reports, violent type first (and, ``with_weak``, whether only weak
    triggers named them: see :func:`is_weak`), from one pass of the trigger lexicon."""
    weights = _weights(tokens, language)
    if with_weak:
        types = _types(weights)
        return types, bool(types) and max(weights.values()) < 2
    return _types(weights)


def _types(weights: dict[str, int]) -> list[str]:
    if not weights:
        return []
    violent = [k for k in weights if k in _VIOLENT]
    out: list[str] = []
    if violent:
        best = max(violent, key=lambda k: (weights[k], -VIOLENT_ORDER.index(k)))
        if weights[best] >= 2 or len(weights) == len(violent):
            out.append(best)
    others = [k for k in weights if k not in _VIOLENT]
    strong_others = [k for k in others if weights[k] >= 2]
    if "diplomacy" in strong_others and "ceasefire" in strong_others and weights["ceasefire"] < 3:
        strong_others.remove("ceasefire")
    if "protest" in strong_others and "arrests" in strong_others:
        strong_others.remove("arrests")  # protesting against arrests
    if "ceasefire" in weights and weights["ceasefire"] >= 3 and out and weights[out[0]] < 3:
        out.pop(0)  # a violation by shelling is the ceasefire event
    if strong_others:
        out.extend(sorted(strong_others, key=lambda k: -weights[k]))
    elif not out and others:
        out.append(max(others, key=lambda k: weights[k]))
    return out
