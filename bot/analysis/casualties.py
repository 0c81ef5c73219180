"""Casualty counts in one sentence: killed, injured, killed children, killed women.

Read in three stages a newcomer can follow, each in its own module:

1. **Spans** (:mod:`bot.analysis.casualty_spans`): what each token is, from the data files - killed / injured /
   mixed words, victim nouns with their kind and grammatical number, qualifiers ("at least"), zero phrases and
   the function words of ``count_words.tsv``.
2. **Groups** (:mod:`bot.analysis.casualty_groups`): a number with the noun it counts, read by an ordered list of
   readers (a dual counts two, a singular after a killed word counts one, "وثلاثة مقاتلين" joins a list ...).
3. **Attachment rules** (:mod:`bot.analysis.casualty_rules`), in order: each side, breakdowns, roles, lists and
   sides share a role, a breakdown's role; then the totals (a breakdown without a total is summed, a count told
   twice is not, a figure mixing killed and injured counts for neither).

Which incident a sentence's counts belong to, and which of several tolls stands, is the document's business
(``bot/analysis/__init__.py``): this module reads one sentence, and says whether it updates a toll told before
(``updates_toll``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis.casualty_groups import MAX_INCIDENT_COUNT, read_groups
from bot.analysis.casualty_rules import RULES, totals
from bot.analysis.casualty_spans import (
    _qualifiers,
    _words,
    _zeros,
    casualty_words,
    grammar,
    has_class,
    label,
    zero_fields,
)

__all__ = ["MAX_INCIDENT_COUNT", "Casualties", "read_casualties", "updates_toll", "zero_fields"]

_PRELOAD = (_words, _qualifiers, _zeros)  # the matchers analyze() builds before its first scan


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    killed_children: int | None = None
    killed_women: int | None = None

    def is_empty(self) -> bool:
        return self.killed is None and self.injured is None


_NONE = Casualties()
_ONE = Casualties(killed=1)


def read_casualties(tokens: Sequence[str]) -> Casualties:
    """The counts one sentence states (``None`` where it states none)."""
    words = casualty_words(tokens)
    if not any(w.meaning in ("killed", "injured", "mixed") for w in words.values()):
        # "اغتال رئيس البلدية": a verb that names one victim counts one when nothing else is counted
        return _ONE if any(w.meaning == "killed:1" for w in words.values()) else _NONE
    spans = label(tokens, words)
    groups = read_groups(spans)
    for rule in RULES:
        rule(spans, groups)
    t = totals(spans, groups)
    return Casualties(t.killed, t.injured, t.killed_children, t.killed_women)


def updates_toll(tokens: Sequence[str]) -> bool:
    """The sentence gives a toll that replaces one told before ("the death toll rose to 86", "ارتفعت حصيلة
    القتلى إلى"): its figure stands over the incident's first one."""
    words = grammar().update
    return any(has_class(t, words) for t in tokens)
