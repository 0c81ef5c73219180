"""Syria scope: whether a sentence puts its incident abroad (Iraq, Yemen, Gaza, Libya, ...).

Marsad reports the war in Syria; a strike in Yemen or an attack in Iraq must never reach a subscriber
to "airstrike". A sentence is abroad when it names a city abroad, or puts something in a country abroad
("في العراق", "باليمن", "in Yemen"), and names no place in Syria and not Syria itself. Naming a country
as an actor ("غارات إسرائيلية", "Turkey said") does not put the incident there.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bot.analysis.lexicon import PhraseMatcher, rows

__all__ = ["is_abroad", "names_syria"]

_LOCATIVE = frozenset({"في", "داخل", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "in", "inside", "across"})


@functools.cache
def _abroad() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("abroad.tsv"))


def _locative(tokens: Sequence[str], start: int) -> bool:
    first = tokens[start]
    if first[:1] in ("ب",) or first.startswith(("وب", "فب")):
        return True  # باليمن، وبالعراق
    if start == 0:
        return False
    before = tokens[start - 1]
    return before in _LOCATIVE or (before[:1] in ("و", "ف") and before[1:] in _LOCATIVE)  # وفي العراق


def names_syria(tokens: Sequence[str]) -> bool:
    """Syria or a Syrian side named ("سوريا", "بسورية", "النظام السوري", "Syrian"), or its president by name
    ("بشار الأسد", "Assad": a minister's words about him are about Syria)."""
    return any("سوري" in t or t.startswith("syria") or t in _PRESIDENT for t in tokens)


_PRESIDENT = frozenset({"بشار", "assad"})
_CITY_NOUNS = frozenset({"مدينه", "بمدينه", "ولايه", "بولايه", "مقاطعه", "بلده"})
_POLICE = frozenset({"الشرطه", "شرطه"})


def is_abroad(tokens: Sequence[str], syrian_places: int, headline: bool = False) -> bool:
    """The sentence tells of somewhere outside Syria and of no place in Syria (``syrian_places`` found). A
    headline's country is its topic wherever it stands ("مصر.. القضاء على 13 تكفيريا")."""
    if syrian_places:
        return False
    found = False
    for m in _abroad().find(tokens):
        if m.payload == "nationality":
            # "مدينة كولونيا الألمانية"; "الشرطة الألمانية": a country's police act at home
            if (m.start >= 2 and tokens[m.start - 2] in _CITY_NOUNS) or (m.start and tokens[m.start - 1] in _POLICE):
                found = True
                break
            continue
        if m.payload == "city" or headline or _locative(tokens, m.start):
            found = True
            break
    return found and not names_syria(tokens)
