"""Reading subscription filters from a command line, in Arabic or English.

``/subscribe airstrike shelling in إدلب حماة -"ceasefire" killed>=3``
types first, places after ``in``/``في``, ``-word`` excludes, ``killed>=N`` a minimum.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from bot.analysis.normalize import normalize
from bot.i18n import keys
from bot.models import EVENT_TYPES

# Common words for types beyond the display names in bot/messages.
_TYPE_WORDS = {
    "غاره": "airstrike",
    "غارات": "airstrike",
    "طيران": "airstrike",
    "air": "airstrike",
    "strike": "airstrike",
    "airstrikes": "airstrike",
    "قصف": "shelling",
    "shell": "shelling",
    "اشتباك": "clashes",
    "معارك": "clashes",
    "clash": "clashes",
    "تفجير": "bombing",
    "انفجار": "bombing",
    "bomb": "bombing",
    "كيماوي": "chemical_attack",
    "كيميائي": "chemical_attack",
    "chemical": "chemical_attack",
    "اعتقال": "arrests",
    "اعتقالات": "arrests",
    "هدنه": "ceasefire",
    "تهدئه": "ceasefire",
    "truce": "ceasefire",
    "نزوح": "displacement",
    "مظاهره": "protest",
    "مظاهرات": "protest",
    "protests": "protest",
    "دبلوماسيه": "diplomacy",
}
_PLACE_MARKERS = {"in", "في", "ب"}
_MIN_KILLED = re.compile(r"^(?:killed|قتلى)\s*>=?\s*(\d+)$")


@dataclass(frozen=True, slots=True)
class Filters:
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_killed: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.types or self.places or self.keywords or self.exclude or self.min_killed)


def event_type(word: str) -> str | None:
    """An event type named in Arabic or English (``airstrike``, ``غارة``, ``Airstrike``)."""
    folded = normalize(word).replace("-", "_")
    if folded in EVENT_TYPES:
        return folded
    if folded in _TYPE_WORDS:
        return _TYPE_WORDS[folded]
    for language in ("ar", "en"):
        for type_, label in keys(language, "event").items():
            if normalize(label) == folded:
                return type_
    return None


def parse_filters(args: str) -> Filters:
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    types: list[str] = []
    places: list[str] = []
    keywords: list[str] = []
    exclude: list[str] = []
    min_killed = None
    in_places = False
    for word in words:
        if (m := _MIN_KILLED.match(word.lower())) is not None:
            min_killed = int(m.group(1))
        elif word.lower() in _PLACE_MARKERS:
            in_places = True
        elif word.startswith("-") and len(word) > 1:
            exclude.append(word[1:])
        elif in_places:
            places.append(word)
        elif (type_ := event_type(word)) is not None:
            types.append(type_)
        else:
            keywords.append(word)
    return Filters(tuple(dict.fromkeys(types)), tuple(places), tuple(keywords), tuple(exclude), min_killed)


def describe(filters: Filters, language: str) -> str:
    """A one-line human description of a subscription's filters."""
    labels = keys(language, "event")
    parts = [labels.get(t_, t_) for t_ in filters.types]
    if filters.places:
        parts.append(("في " if language == "ar" else "in ") + ", ".join(filters.places))
    parts += [f"“{k}”" for k in filters.keywords]
    parts += [f"-“{k}”" for k in filters.exclude]
    if filters.min_killed:
        parts.append(f"killed ≥ {filters.min_killed}" if language == "en" else f"قتلى ≥ {filters.min_killed}")
    return " · ".join(parts)
