"""Analysis: text in, :class:`~bot.models.Analysis` out. Pure: no I/O, no clocks.

``analyze`` splits a report into sentences and reads each one for event triggers, casualty
counts, places and actors; sentences of the same event type form one event. Lexicons and the
gazetteer load lazily on first use (``functools.cache``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.actors import find_actors
from bot.analysis.casualties import Casualties, read_casualties
from bot.analysis.events import VIOLENT_ORDER, is_background, is_weak, sentence_types
from bot.analysis.language import detect_language
from bot.analysis.normalize import match_tokens, normalize
from bot.analysis.places import PlaceHit, best_place, find_places
from bot.analysis.sentences import split_sentences
from bot.analysis.summary import summarize
from bot.models import Analysis, Event, Place

__all__ = ["DEFAULT_SUMMARY_WORDS", "analyze", "normalize", "split_sentences"]

DEFAULT_SUMMARY_WORDS = 60
_VIOLENT = frozenset(VIOLENT_ORDER)
_RAW_TOKEN = re.compile(r"[^\W\d_]+|\d+|[()]", re.UNICODE)
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bf\u02be`\u00b4]")
_POSSESSIVE = re.compile("(?<=[A-Za-z])['\u2019]s\\b")


@dataclass(slots=True)
class _Sentence:
    text: str
    tokens: list[str]
    types: list[str]
    weak: bool
    background: bool
    casualties: Casualties
    places: list[PlaceHit]


def _caps(text: str, n: int) -> list[bool] | None:
    raw = _RAW_TOKEN.findall(_APOSTROPHES.sub("", _POSSESSIVE.sub("", text)))
    if len(raw) != n:
        return None
    return [t[:1].isupper() or not t.isascii() for t in raw]


def _read(text: str, language: str) -> _Sentence:
    tokens = match_tokens(text)
    background = is_background(tokens)
    types = [] if background else sentence_types(tokens, language)
    weak = bool(types) and is_weak(tokens, language)
    casualties = Casualties() if background else read_casualties(tokens)
    places = find_places(tokens, _caps(text, len(tokens)) if language != "ar" else None)
    return _Sentence(text, tokens, types, weak, background, casualties, places)


def _max(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _events(sentences: list[_Sentence], title: _Sentence | None) -> tuple[Event, ...]:
    groups: dict[str, list[int]] = {}
    last_violent: str | None = None
    for k, s in enumerate(sentences):
        if s.weak and s.types[0] in _VIOLENT and last_violent:
            s.types = [last_violent]  # "وتسبب القصف بدمار": the strike told before
        for t in s.types:
            groups.setdefault(t, []).append(k)
        if s.types and s.types[0] in _VIOLENT:
            last_violent = s.types[0]
    # A count in a sentence with no trigger belongs to the violent event told just before it.
    violent_of: dict[int, str] = {k: s.types[0] for k, s in enumerate(sentences) if s.types and s.types[0] in _VIOLENT}
    extra: dict[str, list[int]] = {}
    for k, s in enumerate(sentences):
        if s.background or s.casualties.is_empty() or k in violent_of:
            continue
        before = [j for j in violent_of if j < k]
        after = [j for j in violent_of if j > k]
        owner = max(before) if before else (min(after) if after else None)
        if owner is not None:
            extra.setdefault(violent_of[owner], []).append(k)
    named_govs = [
        e.place.governorate
        for s in ([title] if title else []) + sentences
        for h in s.places
        for e in h.candidates
        if e.place.level == "governorate"
    ]
    events = []
    for kind, idx in groups.items():
        own = sorted(set(idx) | set(extra.get(kind, [])))
        violent = kind in _VIOLENT
        counted = [
            sentences[k].casualties for k in own if not violent or k in extra.get(kind, []) or violent_of.get(k) == kind
        ]
        if not violent:
            counted = []
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
        events.append(
            Event(
                type=kind,
                location=place,
                killed=_max([c.killed for c in counted]),
                injured=_max([c.injured for c in counted]),
                killed_children=_max([c.killed_children for c in counted]),
                killed_women=_max([c.killed_women for c in counted]),
                actors=tuple(actors),
                evidence=" ".join(sentences[k].text for k in idx[:2]),
            )
        )
    return tuple(events)


def analyze(text: str, *, title: str | None = None, summary_words: int = DEFAULT_SUMMARY_WORDS) -> Analysis:
    """Analyse one report. ``title`` defaults to the first sentence (cut to 20 words)."""
    body = (text or "").strip()
    language = detect_language((title or "") + "\n" + body)
    texts = split_sentences(body)
    if not title:
        title = " ".join(texts[0].split()[:20]) if texts else ""
    lang = "ar" if language == "ar" else "en"
    sentences = [_read(s, lang) for s in texts]
    title_s = _read(title, lang) if title and (not texts or title != texts[0][: len(title)]) else None
    summary = summarize(
        texts,
        summary_words,
        tokens=[s.tokens for s in sentences],
        types=[s.types for s in sentences],
    )
    return Analysis(language=language, title=title, summary=summary, events=_events(sentences, title_s))
