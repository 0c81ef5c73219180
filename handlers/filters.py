"""Reading subscription filters from a command line, in Arabic or English.

``/subscribe airstrike shelling in إدلب حماة -"ceasefire" killed>=3``
types first, places after ``in``/``في``, ``-word`` excludes, ``killed>=N`` /
``قتلى>=N`` a minimum toll, ``severity>=N`` / ``خطورة>=N`` a minimum severity,
``casualties`` / ``ضحايا`` only reports with killed or injured. Every other word
is a keyword the report must contain.

Places are resolved here, once, into :class:`~bot.places.PlaceKey` strings
by :func:`resolve_place`: a governorate (which includes its towns), a gazetteer
place by p-code (so every spelling of a town matches), or a folded name.
"""

from __future__ import annotations

import logging
import re
import shlex
from dataclasses import dataclass

from bot import places
from bot.analysis.normalize import normalize
from bot.i18n import keys
from bot.models import EVENT_TYPES, Place
from bot.places import PlaceKey, governorate

logger = logging.getLogger(__name__)

# Common words for types beyond the display names in bot/messages (folded: ة -> ه, أ -> ا).
_TYPE_WORDS = {
    "غاره": "airstrike",
    "غارات": "airstrike",
    "غاره جويه": "airstrike",
    "قصف جوي": "airstrike",
    "طيران": "airstrike",
    "air": "airstrike",
    "strike": "airstrike",
    "strikes": "airstrike",
    "airstrikes": "airstrike",
    "قصف": "shelling",
    "قصف مدفعي": "shelling",
    "shell": "shelling",
    "artillery": "shelling",
    "اشتباك": "clashes",
    "اشتباكات": "clashes",
    "معارك": "clashes",
    "clash": "clashes",
    "fighting": "clashes",
    "سيطره": "territory_change",
    "تفجير": "bombing",
    "تفجيرات": "bombing",
    "انفجار": "bombing",
    "مفخخه": "bombing",
    "bomb": "bombing",
    "explosion": "bombing",
    "اغتيال": "attack_on_civilians",
    "اعدام": "attack_on_civilians",
    "كيماوي": "chemical_attack",
    "كيميائي": "chemical_attack",
    "chemical": "chemical_attack",
    "اعتقال": "arrests",
    "اعتقالات": "arrests",
    "مداهمه": "arrests",
    "arrest": "arrests",
    "هدنه": "ceasefire",
    "تهدئه": "ceasefire",
    "وقف اطلاق النار": "ceasefire",
    "truce": "ceasefire",
    "نزوح": "displacement",
    "لاجئين": "displacement",
    "مظاهره": "protest",
    "مظاهرات": "protest",
    "احتجاج": "protest",
    "protests": "protest",
    "دبلوماسيه": "diplomacy",
    "مفاوضات": "diplomacy",
}
_PLACE_MARKERS = {"in", "في", "ب", "at"}
MAX_MINIMUM = 1_000_000_000  # a larger minimum means "never" just the same, and fits SQLite
_MINIMUM = re.compile(r"^(killed|قتلى|قتلي|deaths|severity|خطوره)\s*(?:>=|≥|>|=|:)\s*(\d+(?:\.\d+)?)$")
_CASUALTIES = {"casualties", "ضحايا", "with-casualties", "باصابات"}
_QUOTES = str.maketrans({c: '"' for c in "«»“”„"})
_SEPARATORS = re.compile(r"[,،]")
_MAX_PLACE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Filters:
    types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # PlaceKey strings
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_killed: int | None = None
    min_severity: float | None = None
    with_casualties: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.types
            or self.places
            or self.keywords
            or self.exclude
            or self.min_killed
            or self.min_severity
            or self.with_casualties
        )


def event_type(word: str) -> str | None:
    """An event type named in Arabic or English (``airstrike``, ``غارة``, ``Airstrike``, ``والغارات``)."""
    folded = normalize(word).replace("-", "_").strip()
    if folded in EVENT_TYPES:
        return folded
    for candidate in (folded, folded.replace("_", " ")):
        if candidate in _TYPE_WORDS:
            return _TYPE_WORDS[candidate]
    for language in ("ar", "en"):
        for type_, label in keys(language, "event").items():
            if normalize(label) in (folded, folded.replace("_", " ")):
                return type_
    if folded.startswith(("و", "ال")) and len(folded) > 4:  # والغارات, الغارات
        return event_type(folded[1:] if folded[0] == "و" else folded[2:])
    return None


def _gazetteer_places(name: str) -> list[Place]:
    """Places the gazetteer knows by this name (any spelling it folds); [] when the lookup fails."""
    try:
        return places.lookup(name)
    except Exception:  # the gazetteer is a convenience here: a name key still works
        logger.exception("gazetteer lookup failed for %r", name)
        return []


def resolve_place(name: str) -> list[PlaceKey]:
    """The places a name given in a command stands for; [] when it names none we know.

    A governorate (any spelling, Arabic or English) gives ``gov:``; a gazetteer
    place gives ``pcode:`` keys (several when several towns share the name).
    """
    name = name.strip().strip("\"'")
    if not name:
        return []
    if (gov := governorate(name)) is not None:
        return [PlaceKey("gov", gov[0], gov[0])]
    keys_: dict[str, PlaceKey] = {}
    for place in _gazetteer_places(name):
        if place.level == "governorate" and place.governorate:
            key = PlaceKey("gov", place.governorate, place.governorate)
        elif place.pcode:  # labelled as typed: one name may stand for a town, its subdistrict and district
            key = PlaceKey("pcode", place.pcode, name)
        else:
            continue
        keys_.setdefault(str(key), key)
    return list(keys_.values())


def _name_key(name: str) -> PlaceKey:
    return PlaceKey("name", normalize(name), name)


_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|ad|at|az|ed|es|er|ez|en)-", re.IGNORECASE)


def _name_span(words: list[str], i: int) -> int:
    """How many words an unknown place name spans: ``Maarat al-Numan``, ``Ras al Ain``, ``معرة النعمان``."""
    size = 1
    arabic = not words[i].isascii()
    while i + size < len(words):
        word = words[i + size]
        if arabic:
            if not normalize(word).startswith("ال") or event_type(word) is not None:
                break
        elif not (word[:1].isupper() or _ARTICLE.match(word) or word.lower() in ("al", "el", "ez", "an", "ar")):
            break
        size += 1
    return size


def _take_places(words: list[str], start: int) -> tuple[list[PlaceKey], int]:
    """Places from ``words[start:]``: the longest known name at each step; an unknown first word is a name."""
    found: list[PlaceKey] = []
    i = start
    while i < len(words):
        for size in range(min(_MAX_PLACE_WORDS, len(words) - i), 0, -1):
            span = " ".join(words[i : i + size])
            resolved = []
            if span.startswith("و") and len(span) > 3:  # وحماة: "and Hama"
                resolved = resolve_place(span[1:])
            resolved = resolved or resolve_place(span)
            if resolved:
                found += resolved
                i += size
                break
        else:
            if found or event_type(words[i]) is not None:
                break  # past the places: the rest are keywords
            size = _name_span(words, i)
            name = " ".join(words[i : i + size])
            found.append(_name_key(name[1:] if name.startswith("و") and len(words[i]) > 4 else name))
            i += size
    return found, i


def _type_span(words: list[str], i: int) -> tuple[str, int] | None:
    """An event type named by the words at ``i`` (longest first: "attack on civilians", "قصف جوي", "غارة")."""
    for size in (3, 2, 1):
        if i + size <= len(words) and (type_ := event_type(" ".join(words[i : i + size]))) is not None:
            return type_, size
    return None


def _words(args: str) -> list[str]:
    args = _SEPARATORS.sub(" ", args.translate(_QUOTES))
    try:
        return shlex.split(args)
    except ValueError:
        return args.split()


def parse_filters(args: str) -> Filters:
    words = _words(args)
    types: list[str] = []
    places: list[PlaceKey] = []
    keywords: list[str] = []
    exclude: list[str] = []
    min_killed: int | None = None
    min_severity: float | None = None
    with_casualties = False
    i = 0
    while i < len(words):
        word = words[i]
        folded = normalize(word)
        if (m := _MINIMUM.match(folded)) is not None:
            value = min(float(m.group(2)), MAX_MINIMUM)  # '9' * 400 is inf, and no toll is that high
            if m.group(1) in ("severity", "خطوره"):
                min_severity = value
            else:
                min_killed = int(value)
        elif folded in _CASUALTIES:
            with_casualties = True
        elif folded in _PLACE_MARKERS:
            taken, i = _take_places(words, i + 1)
            places += taken
            continue
        elif word.startswith("-") and len(word) > 1:
            exclude.append(word[1:])
        elif (found := _type_span(words, i)) is not None:
            types.append(found[0])
            i += found[1]
            continue
        else:
            keywords.append(word)
        i += 1
    return Filters(
        types=tuple(dict.fromkeys(types)),
        places=tuple(dict.fromkeys(str(p) for p in places)),
        keywords=tuple(keywords),
        exclude=tuple(exclude),
        min_killed=min_killed,
        min_severity=min_severity,
        with_casualties=with_casualties,
    )


def place_label(key: str, language: str) -> str:
    """A subscription's place as people read it, in the chat's language where known."""
    place = PlaceKey.parse(key)
    if place.kind == "gov" and (gov := governorate(place.value)):
        return gov[1] if language == "ar" else gov[0]
    return place.label or place.value


def describe(filters: Filters, language: str) -> str:
    """A one-line human description of a subscription's filters."""
    labels = keys(language, "event")
    parts = [labels.get(t_, t_) for t_ in filters.types]
    if filters.places:
        sep = "، " if language == "ar" else ", "
        names = sep.join(dict.fromkeys(place_label(p, language) for p in filters.places))
        parts.append(("في " if language == "ar" else "in ") + names)
    parts += [f"“{k}”" for k in filters.keywords]
    parts += [f"-“{k}”" for k in filters.exclude]
    if filters.min_killed:
        parts.append(f"killed ≥ {filters.min_killed}" if language == "en" else f"قتلى ≥ {filters.min_killed}")
    if filters.min_severity:
        word = "severity" if language == "en" else "خطورة"
        parts.append(f"{word} ≥ {filters.min_severity:g}")
    if filters.with_casualties:
        parts.append("with casualties" if language == "en" else "مع ضحايا")
    return " · ".join(parts)
