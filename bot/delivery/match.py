"""Who gets an alert: subscriptions matched against a report's analysis. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from bot.analysis.normalize import normalize
from bot.models import Analysis, ChatKey, Event, Subscription


def _place_names(event: Event) -> set[str]:
    place = event.location
    if place is None:
        return set()
    names = {place.name, place.name_ar, place.governorate, place.pcode}
    return {normalize(n) for n in names if n}


def matches(subscription: Subscription, analysis: Analysis, text: str) -> bool:
    """Whether a report (its analysis and full text) is wanted by one subscription.

    Empty filters match everything. Types: any event of a listed type. Places: any
    event located there (by name, Arabic name, governorate or p-code); when no event
    has a place, a mention in the text counts. Keywords: all present; excludes: none.
    """
    events = analysis.events
    if subscription.types and not any(e.type in subscription.types for e in events):
        return False
    haystack = normalize(f"{analysis.title}\n{text}")
    if subscription.places:
        wanted = {normalize(p) for p in subscription.places}
        located = [e for e in events if e.location is not None]
        if located:
            if not any(wanted & _place_names(e) for e in located):
                return False
        elif not any(p in haystack for p in wanted):
            return False
    if any(normalize(k) not in haystack for k in subscription.keywords):
        return False
    if any(normalize(k) in haystack for k in subscription.exclude):
        return False
    if subscription.min_killed is not None:
        killed = max((e.killed or 0 for e in events), default=0)
        if killed < subscription.min_killed:
            return False
    return True


def match_subscriptions(subscriptions: Iterable[Subscription], analysis: Analysis, text: str) -> list[ChatKey]:
    """The chats that want this report, each once, in subscription order."""
    chats: dict[ChatKey, None] = {}
    for subscription in subscriptions:
        if subscription.active and subscription.chat not in chats and matches(subscription, analysis, text):
            chats[subscription.chat] = None
    return list(chats)
