"""Who gets an alert: subscriptions matched against a report's analysis. Pure.

Places in a subscription are :class:`bot.places.PlaceKey` strings, resolved when the chat
subscribed (handlers/filters.py); whether a report's place is one of them is :func:`bot.places.place_matches`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from bot.analysis.normalize import normalize
from bot.incidents.severity import event_severity
from bot.models import Analysis, ChatKey, Event, Subscription
from bot.places import PlaceKey, governorate, place_matches


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
