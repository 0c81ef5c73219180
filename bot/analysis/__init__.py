"""Analysis: text in, :class:`~bot.models.Analysis` out. Pure: no I/O, no clocks.

``analyze`` splits a report into sentences and reads each one for event triggers, casualty
counts, places and actors; sentences of the same event type form one event per incident (a
violent sentence naming another place starts another incident). Lexicons and the gazetteer load
once, on first use.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.analysis.actors import find_actors
from bot.analysis.casualties import Casualties, read_casualties, zero_fields
from bot.analysis.collector import collector_paused
from bot.analysis.events import (
    VIOLENT_ORDER,
    away_spans,
    incident_part,
    is_background,
    is_tally,
    minor_kinds,
    sentence_types,
)
from bot.analysis.grouping import PlaceGroups
from bot.analysis.language import detect_language
from bot.analysis.lexicon import scan
from bot.analysis.normalize import match_tokens, normalize
from bot.analysis.places import PlaceHit, best_place, capital_rank, find_places
from bot.analysis.sentences import split_sentences
from bot.analysis.summary import summarize
from bot.models import Analysis, Event, Place

__all__ = ["DEFAULT_SUMMARY_WORDS", "analyze", "normalize", "split_sentences"]

DEFAULT_SUMMARY_WORDS = 60
_VIOLENT = frozenset(VIOLENT_ORDER)
_LEVEL = {"governorate": 0, "district": 1, "subdistrict": 2, "community": 3}
_RAW_TOKEN = re.compile(r"[^\W\d_]+|\d+|[()]", re.UNICODE)
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bf\u02be`\u00b4]")
_POSSESSIVE = re.compile("(?<=[A-Za-z])['\u2019]s\\b")
# "DAMASCUS (Reuters) -", "BEIRUT, Oct 3 (AFP) —", "دمشق - سانا": where the report was filed, not where it happened.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z'. -]{1,40}(?:,[^()\n]{0,30})?\s*\([A-Za-z. ]{2,20}\)\s*[-\u2013\u2014:]+\s*"
    r"|^\s*[\u0621-\u064a ]{2,25}\s*[-\u2013\u2014]\s*"
    r"\(?(?:سانا|رويترز|أ ف ب|ا ف ب|فرانس برس|الأناضول|د ب أ)\)?\s*[-:\u2013\u2014]?\s*"
)


@dataclass(slots=True)
class _Sentence:
    text: str
    tokens: list[str]
    types: list[str]
    weak: bool
    background: bool
    casualties: Casualties
    places: list[PlaceHit]
    minor: set[str]
    zeros: frozenset[str] = frozenset()


def _caps(text: str, n: int) -> list[bool] | None:
    raw = _RAW_TOKEN.findall(_APOSTROPHES.sub("", _POSSESSIVE.sub("", text)))
    if len(raw) != n:
        return None
    return [t[:1].isupper() or not t.isascii() for t in raw]


@functools.cache
def _preload() -> None:
    """Every lexicon, before the first sentence is scanned for their phrases (see ``lexicon.scan``)."""
    from bot.analysis import actors, casualties, events, places

    events._triggers("ar"), events._triggers("en"), events._background(), events._tallies(), events._cues()
    casualties._words(), casualties._qualifiers(), casualties._zeros()
    actors._actors(), places._index(), places._foreign()


def _read(text: str, language: str) -> _Sentence:
    tokens = scan(match_tokens(text))
    background = is_background(tokens)
    types, weak = ([], False) if background else sentence_types(tokens, language, with_weak=True)
    counted = incident_part(tokens)
    casualties = Casualties() if background or is_tally(counted) else read_casualties(counted)
    places = find_places(tokens, _caps(text, len(tokens)) if language != "ar" else None)
    if places:
        away = away_spans(tokens)
        if away:  # the base the jets took off from, the hospital the wounded were taken to
            places = [h for h in places if not any(a <= h.start < b for a, b in away)]
    minor = minor_kinds(tokens, language) if "displacement" in types else set()
    zeros = frozenset() if background else zero_fields(tokens)
    return _Sentence(text, tokens, types, weak, background, casualties, places, minor, zeros)


def _max(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


@dataclass(slots=True)
class _Incident:
    kind: str
    sentences: list[int]
    place: Place | None = None


def _is_sure(place: Place, named_govs: list[str]) -> bool:
    """Sure enough to start another incident: a village whose governorate the report never names may be a
    common word ("ومدرسة ابتدائية"), so it does not split an incident; a town that is an admin centre does."""
    return place.level != "community" or place.governorate in named_govs or capital_rank(place) <= 3


def _incidents(sentences: list[_Sentence], named_govs: list[str]) -> list[_Incident]:
    """Sentences grouped into incidents: one per type, except that a violent sentence naming a place
    other than its type's incident so far starts another incident (strikes on two towns are two events)."""
    out: list[_Incident] = []
    last: dict[str, _Incident] = {}
    groups = PlaceGroups()  # the incidents by type and place: a report naming thousands of places stays linear
    for k, s in enumerate(sentences):
        violent = s.places and not _VIOLENT.isdisjoint(s.types)
        where = best_place(s.places, named_govs) if violent else None  # once per sentence: both loops ask
        for t in s.types:
            current = last.get(t)
            if t not in _VIOLENT or current is None:
                if current is None:
                    current = _Incident(t, [])
                    out.append(current)
                    groups.add(current)
                    last[t] = current
                current.sentences.append(k)
                continue
            place = where
            if place is not None and _is_sure(place, named_govs):
                current = groups.last(t, place)  # the last incident of type t at no place or the same place
                if current is None:
                    current = _Incident(t, [])
                    out.append(current)
                    groups.add(current)
                last[t] = current
            current.sentences.append(k)
        for t in s.types[:1]:
            inc = last[t]
            place = where if t in _VIOLENT else None
            if place is not None and (inc.place is None or _LEVEL[place.level] > _LEVEL[inc.place.level]):
                inc.place = place  # "strikes on Idlib ... in Kafranbel": the town, once it is named
                groups.moved(inc)
    return out


def _events(sentences: list[_Sentence], title: _Sentence | None) -> tuple[Event, ...]:
    last_violent: str | None = None
    protest = any("protest" in s.types for s in sentences)
    for s in sentences:
        if s.weak and s.types[0] in _VIOLENT:
            if last_violent:
                s.types = [last_violent]  # "وتسبب القصف بدمار": the strike told before
            elif protest and s.casualties.is_empty():
                s.types = []  # "the strike would continue" after a general strike: no strike was told
        if s.types and s.types[0] in _VIOLENT:
            last_violent = s.types[0]
    if last_violent:
        # Displacement named only in passing ("آلاف العائلات النازحة" in the camp that was hit) is background.
        for s in sentences:
            if "displacement" in s.types and "displacement" in s.minor:
                s.types = [t for t in s.types if t != "displacement"]
    named_govs = list(  # each once (only membership is asked): a long report names a governorate thousands of times
        dict.fromkeys(
            e.place.governorate
            for s in ([title] if title else []) + sentences
            for h in s.places
            for e in h.candidates
            if e.place.level == "governorate"
        )
    )
    incidents = _incidents(sentences, named_govs)
    # The violent incident each sentence tells first (its own, for a sentence with a violent type).
    violent_of: dict[int, _Incident] = {}
    for inc in incidents:
        if inc.kind in _VIOLENT:
            for k in inc.sentences:
                if sentences[k].types and sentences[k].types[0] == inc.kind:
                    violent_of[k] = inc
    # A count in a sentence with no trigger belongs to the violent incident told just before it.
    violent_at = sorted(violent_of)  # bisected: a report of thousands of sentences stays linear
    extra: dict[int, list[int]] = {}
    for k, s in enumerate(sentences):
        if s.background or s.casualties.is_empty() or k in violent_of:
            continue
        b = bisect.bisect_left(violent_at, k)  # violent_at[:b] are before k, violent_at[b:] after it
        owner = violent_at[b - 1] if b else (violent_at[b] if b < len(violent_at) else None)
        if owner is not None:
            extra.setdefault(id(violent_of[owner]), []).append(k)
    # "دون وقوع إصابات", "None of the soldiers was killed": the nil counts of the violent incident told so far.
    nil: dict[int, set[str]] = {}
    for k, s in enumerate(sentences):
        if s.zeros:
            b = bisect.bisect_right(violent_at, k)
            if b:
                nil.setdefault(id(violent_of[violent_at[b - 1]]), set()).update(s.zeros)
    events = []
    for inc in incidents:
        kind, idx = inc.kind, inc.sentences
        own = sorted(set(idx) | set(extra.get(id(inc), [])))
        counted = []
        if kind in _VIOLENT:
            counted = [sentences[k].casualties for k in own if violent_of.get(k) is inc or k not in violent_of]
        hits = [h for k in own for h in sentences[k].places]
        place: Place | None = best_place(hits, named_govs)
        if place is None and title is not None:
            place = best_place(title.places, named_govs)
        if place is None:
            near = [h for k in range(max(0, own[0] - 1), own[0]) for h in sentences[k].places]
            place = best_place(near, named_govs)
        actors: list[str] = []
        for k in own:
            for a in find_actors(sentences[k].tokens):
                if a not in actors:
                    actors.append(a)
        zeros = nil.get(id(inc), set())
        killed, injured = _max([c.killed for c in counted]), _max([c.injured for c in counted])
        events.append(
            Event(
                type=kind,
                location=place,
                killed=0 if killed is None and "killed" in zeros else killed,
                injured=0 if injured is None and "injured" in zeros else injured,
                killed_children=_max([c.killed_children for c in counted]),
                killed_women=_max([c.killed_women for c in counted]),
                actors=tuple(actors),
                evidence=" ".join(sentences[k].text for k in idx[:2]),
            )
        )
    return tuple(events)


TITLE_WORDS = 20


def headline_from(sentence: str, max_words: int = TITLE_WORDS) -> str:
    """A title for a report that has none: its first sentence, or the first clause of it, or its start with "…".

    A title cut in the middle of a phrase reads as a mistake; a whole clause (up to a comma) reads as a headline.
    """
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".。")
    clause = re.split(r"[،,؛;:]", sentence, maxsplit=1)[0].strip()
    if 6 <= len(clause.split()) <= max_words + 4:
        return clause
    return " ".join(words[:max_words]) + "…"


def _read_all(texts: list[str], lang: str, stop: Callable[[], bool] | None) -> list[_Sentence]:
    """Each sentence read in order, until ``stop()`` says the time is up (asked between sentences, never
    before the first): the caller owns the clock, so analysis stays pure."""
    out: list[_Sentence] = []
    for k, s in enumerate(texts):
        if k and stop is not None and stop():
            break
        out.append(_read(_DATELINE.sub("", s, count=1) if k == 0 else s, lang))
    return out


@collector_paused
def analyze(
    text: str,
    *,
    title: str | None = None,
    summary_words: int = DEFAULT_SUMMARY_WORDS,
    stop: Callable[[], bool] | None = None,
) -> Analysis:
    """Analyse one report. ``title`` defaults to the first sentence or its first clause.

    ``stop``: asked between sentences; once it answers True the rest of the text is left unread and the
    result, built from the sentences read so far, says so in ``partial``.
    """
    _preload()
    body = (text or "").strip()
    language = detect_language((title or "") + "\n" + body)
    texts = split_sentences(body)
    if not title:
        title = headline_from(texts[0]) if texts else ""
    lang = "ar" if language == "ar" else "en"
    sentences = _read_all(texts, lang, stop)
    partial = (len(sentences), len(texts)) if len(sentences) < len(texts) else None
    texts = texts[: len(sentences)]
    title_s = _read(title, lang) if title and (not texts or title != texts[0][: len(title)]) else None
    summary = summarize(
        texts,
        summary_words,
        tokens=[s.tokens for s in sentences],
        types=[s.types for s in sentences],
    )
    events = _events(sentences, title_s)
    return Analysis(language=language, title=title, summary=summary, events=events, partial=partial)
