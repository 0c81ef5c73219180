"""Subscriptions compiled once, then matched against each report through postings. Pure.

``match_subscriptions`` asks every subscription of every chat about every report, and
each asks its own questions of the text (normalising it again each time): at 100k chats
that is seconds per report. A :class:`Matcher` is built once from the active
subscriptions (and then told which chats changed, see bot/pipeline.py) and files each one
under its most selective filter: an event type, else a place, else a keyword, else
"always". A report then only reaches the subscriptions filed under its types, the
places it is located in (or mentions) and the keywords it holds; the text is
normalised once, and each distinct place or keyword is looked up once per report,
whatever the number of subscriptions that name it. The answer is exactly
``match_subscriptions``' (same chats, same order): tests/delivery/test_matcher.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.analysis.normalize import normalize
from bot.delivery.match import PlaceKey, _contains, _mentions, _severe_enough, place_matches
from bot.models import Analysis, ChatKey, Event, Subscription


@dataclass(frozen=True, slots=True)
class _Compiled:
    subscription: Subscription
    types: frozenset[str]
    places: tuple[str, ...]  # PlaceKey strings, looked up once per report
    keywords: tuple[str, ...]  # normalised
    exclude: tuple[str, ...]  # normalised


class _Report:
    """One report's answers, each computed at most once."""

    def __init__(self, analysis: Analysis, text: str, keys: dict[str, PlaceKey]) -> None:
        self.events = analysis.events
        self.types = {e.type for e in self.events}
        self.located: list[Event] = [e for e in self.events if e.location is not None]
        self.haystack = normalize(f"{analysis.title}\n{text}")
        self._keys = keys
        self._places: dict[str, bool] = {}
        self._words: dict[str, bool] = {}

    def place(self, key: str) -> bool:
        """Whether the report is placed there (or, with no located event, names it)."""
        known = self._places.get(key)
        if known is None:
            parsed = self._keys[key]
            if self.located:
                known = any(place_matches(parsed, e.location) for e in self.located if e.location)
            else:
                known = _mentions(parsed, self.haystack)
            self._places[key] = known
        return known

    def word(self, term: str) -> bool:
        known = self._words.get(term)
        if known is None:
            known = self._words[term] = _contains(self.haystack, term)
        return known


class Matcher:
    """The active subscriptions, filed for lookup; kept up to date chat by chat (``replace_chats``)."""

    def __init__(self, subscriptions: Iterable[Subscription] = ()) -> None:
        self._subs: dict[int, _Compiled] = {}
        self._by_chat: dict[ChatKey, list[int]] = {}
        self._keys: dict[str, PlaceKey] = {}
        self._by_type: dict[str, set[int]] = {}
        self._by_place: dict[str, set[int]] = {}
        self._by_word: dict[str, set[int]] = {}
        self._always: set[int] = set()
        for subscription in subscriptions:
            self.add(subscription)

    def __len__(self) -> int:
        return len(self._subs)

    def _postings(self, compiled: _Compiled) -> list[set[int]]:
        """The postings a subscription is filed under: its types, else its places, else its first keyword."""
        if compiled.types:
            return [self._by_type.setdefault(t, set()) for t in compiled.types]
        if compiled.places:
            return [self._by_place.setdefault(p, set()) for p in dict.fromkeys(compiled.places)]
        if compiled.keywords:
            return [self._by_word.setdefault(compiled.keywords[0], set())]
        return [self._always]

    def add(self, subscription: Subscription) -> None:
        if not subscription.active:
            return
        if subscription.id in self._subs:
            self._remove(subscription.id)
        compiled = _Compiled(
            subscription,
            frozenset(subscription.types),
            tuple(subscription.places),
            tuple(normalize(k) for k in subscription.keywords),
            tuple(normalize(k) for k in subscription.exclude),
        )
        for place in compiled.places:
            if place not in self._keys:
                self._keys[place] = PlaceKey.parse(place)
        self._subs[subscription.id] = compiled
        self._by_chat.setdefault(subscription.chat, []).append(subscription.id)
        for posting in self._postings(compiled):
            posting.add(subscription.id)

    def _remove(self, subscription_id: int) -> None:
        compiled = self._subs.pop(subscription_id)
        for posting in self._postings(compiled):
            posting.discard(subscription_id)
        ids = self._by_chat.get(compiled.subscription.chat, [])
        if subscription_id in ids:
            ids.remove(subscription_id)

    def replace_chats(self, chats: Iterable[ChatKey], subscriptions: Iterable[Subscription]) -> None:
        """Forget what these chats wanted and file their current ``subscriptions`` instead."""
        for chat in chats:
            for subscription_id in self._by_chat.pop(chat, []):
                if subscription_id in self._subs:
                    self._remove(subscription_id)
        for subscription in subscriptions:
            self.add(subscription)

    def chats(self, analysis: Analysis, text: str) -> list[ChatKey]:
        """The chats that want this report, each once, in subscription order (as ``match_subscriptions``)."""
        report = _Report(analysis, text, self._keys)
        candidates: set[int] = set(self._always)
        for type_ in report.types:
            candidates.update(self._by_type.get(type_, ()))
        for place, posting in self._by_place.items():
            if posting and report.place(place):
                candidates.update(posting)
        for word, posting in self._by_word.items():
            if posting and report.word(word):
                candidates.update(posting)
        chats: dict[ChatKey, None] = {}
        for n in sorted(candidates):
            compiled = self._subs[n]
            chat = compiled.subscription.chat
            if chat not in chats and self._wants(compiled, report):
                chats[chat] = None
        return list(chats)

    @staticmethod
    def _wants(compiled: _Compiled, report: _Report) -> bool:
        """``match.matches`` for one subscription, with the report's answers shared."""
        if compiled.types and not compiled.types & report.types:
            return False
        if compiled.places and not any(report.place(p) for p in compiled.places):
            return False
        if not all(report.word(k) for k in compiled.keywords):
            return False
        if any(report.word(k) for k in compiled.exclude):
            return False
        return _severe_enough(compiled.subscription, report.events)
