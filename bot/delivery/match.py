"""Who gets an alert: subscriptions matched against a report's analysis. Pure.

Places in a subscription are :class:`PlaceKey` strings, resolved when the chat
subscribed (handlers/filters.py): ``gov:Idlib`` (a governorate: every town in it),
``pcode:C3985|Maarat al-Numan`` (one gazetteer place, whatever the report's
spelling) or ``name:اريحا|أريحا`` (a folded name, when the gazetteer did not know it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from bot.analysis.normalize import normalize
from bot.incidents.governorates import GOVERNORATES, governorate
from bot.incidents.severity import event_severity
from bot.models import Analysis, ChatKey, Event, Place, Subscription

__all__ = ["GOVERNORATES", "PlaceKey", "governorate", "match_subscriptions", "matches", "place_matches"]


@dataclass(frozen=True, slots=True)
class PlaceKey:
    """A place a subscription asks for: ``kind`` is gov, pcode or name; ``label`` is for people."""

    kind: str
    value: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}" + (f"|{self.label}" if self.label and self.label != self.value else "")

    @classmethod
    def parse(cls, text: str) -> PlaceKey:
        """The key stored as text; a bare name (older subscriptions) is a name key."""
        kind, sep, rest = text.partition(":")
        if not sep or kind not in ("gov", "pcode", "name"):
            if (gov := governorate(text)) is not None:
                return cls("gov", gov[0], gov[0])
            return cls("name", normalize(text), text)
        value, _, label = rest.partition("|")
        return cls(kind, value, label or value)


def place_matches(key: PlaceKey, place: Place) -> bool:
    """Whether an event's place is (or lies in) the place a subscription names."""
    if key.kind == "gov":
        gov = governorate(key.value)
        names = {normalize(key.value)} | ({normalize(gov[0]), normalize(gov[1])} if gov else set())
        if place.governorate and normalize(place.governorate) in names:
            return True
        return bool(gov and place.pcode and place.pcode.startswith(gov[2]))
    if key.kind == "pcode":
        if not place.pcode:
            return False
        # Admin p-codes nest (SY07 > SY0703 > SY070300); community p-codes (C3985) do not.
        return place.pcode == key.value or (key.value.startswith("SY") and place.pcode.startswith(key.value))
    names = {fold_name(n) for n in (place.name, place.name_ar, place.governorate) if n}
    return fold_name(key.value) in names


_EN_ARTICLES = re.compile(r"\b(?:el|an|ar|as|ash|ad|at|az|ed|es|er|ez|en)\b")
_APOSTROPHES = re.compile(r"['’`ʿʾ]")
_NAME_GAPS = re.compile(r"[-\s]+")


def fold_name(name: str) -> str:
    """A place name folded for comparison: ``Ma'arat an-Numan`` and ``Maarat al Numan`` agree."""
    folded = _NAME_GAPS.sub(" ", _APOSTROPHES.sub("", normalize(name))).strip()
    return _EN_ARTICLES.sub("al", folded) if folded.isascii() else folded


def _mentions(key: PlaceKey, haystack: str) -> bool:
    """Whether a report's folded text names the place (used when no event has a place)."""
    names = {key.label, key.value if key.kind != "pcode" else ""}
    if key.kind == "gov" and (gov := governorate(key.value)):
        names |= {gov[0], gov[1]}
    return any(_contains(haystack, normalize(n)) for n in names if n)


_ARABIC = re.compile("[\u0621-\u064a]")
_CLITICS = "(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل|ك)?"


@cache
def _word_pattern(term: str) -> re.Pattern[str]:
    prefix = _CLITICS if _ARABIC.match(term) else ""
    return re.compile(rf"(?<!\w){prefix}{re.escape(term)}")


def _contains(haystack: str, term: str) -> bool:
    """A folded term at a word start (after an Arabic clitic, too): ``هدنه`` finds ``والهدنه``, not ``ahudna``."""
    return bool(term) and _word_pattern(term).search(haystack) is not None


def matches(subscription: Subscription, analysis: Analysis, text: str) -> bool:
    """Whether a report (its analysis and full text) is wanted by one subscription.

    Empty filters match everything. Types: any event of a listed type. Places: any
    event located there; when no event has a place, a mention in the text counts.
    Keywords: all present; excludes: none. Severity, killed and casualties: the
    report's most severe event reaches the minimum.
    """
    events = analysis.events
    if subscription.types and not any(e.type in subscription.types for e in events):
        return False
    haystack = normalize(f"{analysis.title}\n{text}")
    if subscription.places:
        wanted = [PlaceKey.parse(p) for p in subscription.places]
        located = [e for e in events if e.location is not None]
        if located:
            if not any(place_matches(k, e.location) for k in wanted for e in located if e.location):
                return False
        elif not any(_mentions(k, haystack) for k in wanted):
            return False
    if not all(_contains(haystack, normalize(k)) for k in subscription.keywords):
        return False
    if any(_contains(haystack, normalize(k)) for k in subscription.exclude):
        return False
    return _severe_enough(subscription, events)


def _severe_enough(subscription: Subscription, events: tuple[Event, ...]) -> bool:
    if (
        subscription.min_killed is not None
        and max((e.killed or 0 for e in events), default=0) < subscription.min_killed
    ):
        return False
    if subscription.with_casualties and not any((e.killed or 0) + (e.injured or 0) > 0 for e in events):
        return False
    if subscription.min_severity is not None:
        return max((event_severity(e) for e in events), default=0.0) >= subscription.min_severity
    return True


def match_subscriptions(subscriptions: Iterable[Subscription], analysis: Analysis, text: str) -> list[ChatKey]:
    """The chats that want this report, each once, in subscription order."""
    chats: dict[ChatKey, None] = {}
    for subscription in subscriptions:
        if subscription.active and subscription.chat not in chats and matches(subscription, analysis, text):
            chats[subscription.chat] = None
    return list(chats)
