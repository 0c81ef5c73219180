"""Analysis: text in, :class:`~bot.models.Analysis` out. Pure: no I/O, no clocks.

``analyze`` reads a report in stages a newcomer can follow:

1. **Spans from the data files** (``data/*.tsv``, ``gazetteer.json``): triggers per event type, places, numbers,
   casualty nouns, cues (negation, possibility, background classes, structure cues) - per sentence, one scan.
2. **Document structure** (``document.py``): headline, lead, later paragraphs, asides (crossheads, links,
   datelines), quotes.
3. **Attachment rules** (``salience.py``, in order; each has its own test table in
   tests/analysis/test_salience.py): aside, background, abroad (``scope.py``), announce, news, join. The headline
   and the lead announce; a later paragraph announces only with its own place and time or toll; anything else
   only adds to an incident already announced.
4. **Incidents and events** (here): sentences of one type form one incident, another place starts another;
   counts, places and actors are read from the incident's own sentences.
5. **The learned models**, each a linear model whose weights ship as a data file: the relevance gate
   (``relevance.py``, decided first: no event at all in a report that is not news of the war in Syria), the event
   gate (``eventgate.py``: which candidates a reader takes as news; another for articles without a headline) and
   the type model (``typemodel.py``: which kinds of event the report tells - adding one the rules left without an
   event, dropping the untolled events of one it does not tell).

Lexicons and the gazetteer load once, on first use.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.analysis.actors import find_actors
from bot.analysis.casualties import Casualties, read_casualties, updates_toll, zero_fields
from bot.analysis.collector import collector_paused
from bot.analysis.document import ASIDE, BODY, HEADLINE, LEAD, Part, structure, unquoted
from bot.analysis.eventgate import Gate, candidate_features, gate, untitled_gate
from bot.analysis.events import (
    MONTHS,
    VIOLENT_ORDER,
    away_spans,
    incident_part,
    is_background,
    is_period_total,
    is_tally,
    minor_kinds,
    read_types,
    tells_victims,
)
from bot.analysis.grouping import PlaceGroups, same_place
from bot.analysis.language import detect_language
from bot.analysis.lexicon import scan
from bot.analysis.normalize import clitic_variants, commas_before, match_tokens, normalize
from bot.analysis.numbers import read_number, starts_number
from bot.analysis.places import LEVEL_RANK, PlaceHit, best_place, capital_rank, find_places, is_place_word
from bot.analysis.relevance import MIN_WORDS, is_relevant, relevance
from bot.analysis.relevance import model as relevance_model
from bot.analysis.salience import (
    announces,
    announces_nothing,
    headline_is_plain,
    is_commentary,
    is_statement,
    official_speaks,
    speaks_of,
    tells_now,
)
from bot.analysis.scope import is_abroad, names_syria
from bot.analysis.sentences import split_sentences
from bot.analysis.summary import summarize
from bot.analysis.typemodel import type_model
from bot.models import Analysis, Event, Place

__all__ = ["DEFAULT_SUMMARY_WORDS", "analyze", "candidates", "normalize", "split_sentences"]

DEFAULT_SUMMARY_WORDS = 60
# An untitled Arabic report of at least this many paragraphs is an article the learned stages judge (``_gated``): no
# in-house report (3-5 paragraphs, all news) has as many
ARTICLE_PARAGRAPHS = 6
_VIOLENT = frozenset(VIOLENT_ORDER)
# Types whose incidents are told apart by place (one event per type and place): violence, and a side taking a
# town ("سيطرت على بلدتي المسيفرة وكحيل" is two events). People leaving towns named side by side are an event
# per town too (rule 7); displacement told in another sentence with another place is mostly where they went.
_PLACED = _VIOLENT | {"territory_change"}
_TOWNS = _PLACED | {"displacement"}
_RAW_TOKEN = re.compile(r"[^\W\d_]+|\d+|[()]", re.UNICODE)
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02bf\u02be`\u00b4]")
_POSSESSIVE = re.compile("(?<=[A-Za-z])['\u2019]s\\b")


@dataclass(slots=True)
class _Sentence:
    text: str
    tokens: list[str]
    types: list[str]
    weak: bool
    background: str | None
    casualties: Casualties
    places: list[PlaceHit]
    minor: set[str]
    zeros: frozenset[str] = frozenset()
    role: str = BODY
    new: bool = True  # may start an incident (salience rules 4 and 5); else it may only join one
    abroad: bool = False
    paragraph: int = 0
    said: bool = False  # diplomacy only because an official said something (rule 4b)
    dropped: bool = False  # it told violence that announced nothing (rule 6): its counts belong to no incident
    split: tuple[int, ...] = ()  # starts of the places that became incidents of their own (rule 7)
    total: Casualties | None = None  # a campaign total's own figures (background "total"), kept to spot them again
    lede: bool = False
    weights: dict[str, int] = field(default_factory=dict)  # the trigger weights its types were read from
    unjoined: tuple[str, ...] = ()  # types it told that announced nothing and joined nothing (rule 6)
    update: bool = False  # its toll replaces the one told before ("the death toll rose to 86")
    further: bool = False  # a later sentence that says "also": its place is a further target, not the one before
    spoken: tuple[str, ...] = ()  # the types a statement named (rule 4e made it diplomacy or nothing)


_TANWEEN_WORD = re.compile(r"[^\s.,،:;\"'()«»]*\u064b[^\s.,،:;\"'()«»]*")


def _tanween_words(text: str) -> frozenset[str]:
    """The sentence's words written with tanween ("دوماً", "أيضاً"), as ``match_tokens`` spells them: indefinite
    nouns and adverbs, never a town's name."""
    return frozenset(t for w in _TANWEEN_WORD.findall(text) for t in match_tokens(w))


def _caps(text: str, n: int) -> list[bool] | None:
    raw = _RAW_TOKEN.findall(_APOSTROPHES.sub("", _POSSESSIVE.sub("", text)))
    if len(raw) != n:
        return None
    return [t[:1].isupper() or not t.isascii() for t in raw]


@functools.cache
def _preload() -> None:
    """Every lexicon, before the first sentence is scanned for their phrases (see ``lexicon.scan``)."""
    from bot.analysis import actors, casualties, events, places, salience, scope

    events._triggers("ar"), events._triggers("en"), events._background(), events._tallies(), events._cues()
    casualties._words(), casualties._qualifiers(), casualties._zeros()
    actors._actors(), places._index(), places._foreign()
    salience._cues_of_structure(), scope._abroad()


def preload() -> None:
    """Load every lexicon now (a second or more, once per process): a caller that gives each report a
    time budget calls it first, so the first report's budget is not spent loading them (nor the learned models'
    weights)."""
    _preload()
    relevance_model(), gate(), untitled_gate(), type_model()


_NOTHING = Casualties()
_HAD = frozenset({"وكان", "وكانت", "وكانوا", "وبعدما", "بعدما"})  # "had", "after": a recap
_ALSO = frozenset({"ايضا", "وايضا", "كذلك", "also"})
_ON = (["في"], ["وفي"])
_TOLL_OF = _VIOLENT | {"territory_change"}  # the types a toll can be told of (a battle won): a statement has none
_CLAUSE_BACKGROUND = frozenset({"total", "context"})  # a clause beside the news, not the whole sentence


def _read(part: Part, language: str, quiet: bool = False, plain: bool = False) -> _Sentence:
    """One sentence read. ``quiet``: the headline asks a question or threatens (``salience.announces_nothing``):
    the report is analysis or a threat, so its headline and lead announce nothing by their place (rule 4c).
    ``plain``: the headline tells no incident (``salience.headline_is_plain``): the lead's incident must be news
    of its own (rule 4d)."""
    text, role = part.text, part.role
    tokens = scan(match_tokens(text))
    if role == ASIDE:  # rule 1: a crosshead, a link or a dateline announces nothing (a dateline's place may
        # still settle which of two same-named villages the report means)
        places = find_places(tokens, _caps(text, len(tokens)) if language != "ar" else None)
        return _Sentence(
            text, tokens, [], False, "aside", _NOTHING, places, set(), role=role, new=False, paragraph=part.paragraph
        )
    background = is_background(tokens)
    if not background and role != HEADLINE and not part.lede and tokens and tokens[0] in _HAD:
        # "وكانت القيادة العامة أعلنت …": a later paragraph's pluperfect tells what came before; so does one that
        # opens with "after" ("وبعدما استعاد النظام مدينة دوما …")
        background = "recap"
    if not background and role == BODY and not part.lede and language == "ar" and is_period_total(tokens):
        # "… أكثر من 1700 مدني خلال الشهر الماضي وحده": a later paragraph's period toll is the campaign's (Arabic only:
        # FA-KES, the English floor, records such a toll as the article's deaths)
        background = "total"
    dated = tokens[:1] in _ON or (role == BODY and ":" in text[:40])  # a lead opening "وفي 24 مارس،" too
    if not background and role != HEADLINE and dated and _dated(tokens):
        # "22 أيلول/سبتمبر: …", "ليل 8-9 كانون الثاني: …": an entry of a chronology; "وفي 14 أبريل/نيسان …": a later
        # paragraph dated by day and month tells an earlier incident (the day's news is told by its weekday)
        background = "history"
    typed = tokens
    if role == BODY and (said := unquoted(text)) is not None:
        typed = scan(match_tokens(said))  # a later paragraph's quote is a reaction, not an announcement
    # Rule 2: background yields nothing - except that the headline and the lead announce their incident even
    # beside a clause of background ("…، in a campaign that has killed 1,100 since February"): the types stand,
    # the counts (the campaign's) go.
    # an ongoing offensive named beside the day's news ("went on strike on Sunday … unpaid for months") is a clause
    kept = part.lede and (background in _CLAUSE_BACKGROUND or (background == "ongoing" and tells_now(tokens)))
    types, weak, weights = ([], False, {}) if background and not kept else read_types(typed, language)
    if background == "inquiry":  # inspectors at the site, a UN report: the diplomacy stands, the attack is old
        types, weak, weights = read_types(typed, language)
        types = [t for t in types if t not in _VIOLENT]
    counted = incident_part(tokens)
    casualties = _NOTHING if background or is_tally(counted) else read_casualties(counted)
    commas = functools.cache(lambda: commas_before(text))  # read only for a name right after a place
    places = find_places(tokens, _caps(text, len(tokens)) if language != "ar" else None, commas)
    if places and "\u064b" in text:  # "دوماً" (always) is no Douma: a word with tanween is no place name
        indefinite = _tanween_words(text)
        places = [h for h in places if h.end - h.start > 1 or tokens[h.start] not in indefinite]
    if places:
        away = away_spans(tokens)
        if away:  # the base the jets took off from, the hospital the wounded were taken to
            places = [h for h in places if not any(a <= h.start < b for a, b in away)]
    abroad = False
    if (types and (types[0] in _VIOLENT or types[0] == "arrests")) or not casualties.is_empty():
        abroad = is_abroad(tokens, len(places))
        if abroad:  # rule 3: violence outside Syria
            types = [t for t in types if t not in _VIOLENT and t != "arrests"]
            casualties = _NOTHING
    if types and casualties.is_empty() and (tokens[:1] in _AMID or tokens[:2] == ["في", "ظل"]):
        # "وسط غارات جوية لا تهدأ على الغوطة، تحدى طفل …", "وسط القصف العنيف والحصار، يضطر الأطباء …": a sentence
        # that opens with the violence around it tells something else; the violence is the backdrop
        types = [t for t in types if t not in _VIOLENT]
    if "arrests" in types and not _RELEASE.isdisjoint(tokens):
        # "الإفراج عن 34 سجينا اعتقلهم حزب الله", "صفقة تطلق المختطفات": a release (a deal's), not new arrests
        types = [t for t in types if t != "arrests"]
    if "displacement" in types and (not _POPULATION.isdisjoint(tokens) or _counts_residents(tokens)):
        # "إدلب، التي يقطنها نحو 3 ملايين شخص نصفهم من النازحين", "عدد سكان إدلب يبلغ 4 ملايين، من بينهم عشرات الآلاف
        # من النازحين": who lives there, not people fleeing now
        types = [t for t in types if t != "displacement"]
    if "territory_change" in types and _holds_share(tokens):
        # "يسيطر النظام الآن على 80 بالمئة من محافظة درعا", "استعادة 95 في المئة من الغوطة": a share of a region
        # held is the campaign's tally, not a place changing hands
        types = [t for t in types if t != "territory_change"]
    if types == ["diplomacy"] and is_commentary(typed):
        # a legislator's, a former official's or an interview's words are no government's step: no diplomacy event
        types = []
    speaker = match_tokens(text.split(":", 1)[0]) if role == HEADLINE and ":" in text[:40] else []
    spoken: tuple[str, ...] = ()
    if (
        role in (HEADLINE, LEAD)
        and types
        and types != ["diplomacy"]
        and casualties.is_empty()
        and speaks_of(tokens, speaker)
    ):
        # rule 4e: what a government or the UN said is the news, not the events it names; the lead's later
        # sentences add what else was said ("وتقول المفوضية إن الوضع ليس آمنا بعد لعودة اللاجئين")
        spoken = tuple(types)
        types = ["diplomacy"] if role == HEADLINE or part.lede else []
    said = (
        not types and part.lede and not quiet and not background and (is_statement(tokens) or official_speaks(speaker))
    )
    said = said and bool(places or names_syria(tokens))
    if said:
        types = ["diplomacy"]  # rule 4b: the news is what an official said about Syria
    minor = minor_kinds(tokens, language) if "displacement" in types else set()
    zeros = frozenset() if background else zero_fields(tokens)
    # a town of its own: an admin centre, or any village the sentence calls one ("في بلدة الحراك")
    town = any(
        e.place.level in ("community", "subdistrict") and (e.capital <= 3 or h.context == 2)
        for h in places
        for e in h.candidates
    )
    # "كما شملت الغارات مطار النيرب": a later sentence that opens with "also" adds to the incident told before it
    adds = role == BODY and tokens[:1] == ["كما"]
    violent = bool(types) and types[0] in _VIOLENT and not adds
    strong = violent and typed is tokens and weights.get(types[0], 0) >= 3
    # "إن الجيش شرع في قصف مواقع … في بلدة الحراك": a plain word for violence ("قصف") aimed at a place the sentence
    # calls a town is a strike on that town, not a word that refers back to the news told before
    called = violent and any(_called_town(tokens, h) for h in places)
    # rule 4c: below a question or a threat the lead is judged like a later paragraph; the headline announces nothing
    news_role = (ASIDE if role == HEADLINE else BODY if role == LEAD else role) if quiet else role
    if plain and role == LEAD and "diplomacy" not in types:
        # rule 4d: below a headline that tells no incident (a feature, a profile, conditions abroad) the lead's
        # violence, displacement or battle is background unless it has its own place and time or toll; a statement
        # in the lead is still the report's news ("الخارجية الأمريكية تدين …" below a headline with no verb)
        news_role = BODY
    new = announces(news_role, tokens, bool(places), not casualties.is_empty(), town and (strong or called))
    if weak and not called and not part.lede and (casualties.is_empty() or _TOLL_OF.isdisjoint(types)):
        # "بحسب بيان للجيش", "the agreement": a weak word refers to news unless it brings its own toll, and a toll is a
        # violent incident's ("وأسفرت العملية، وفقا للبيان، عن مقتل 45 مسلحا" is no statement of its own)
        new = False
    sentence = _Sentence(
        text, tokens, types, weak, background, casualties, places, minor, zeros, role, new, abroad, part.paragraph, said
    )
    sentence.lede, sentence.weights, sentence.spoken = part.lede, weights, spoken
    sentence.update = not casualties.is_empty() and updates_toll(tokens)
    sentence.further = role == BODY and not _ALSO.isdisjoint(tokens)
    if background == "total" and role != HEADLINE:
        sentence.total = read_casualties(counted)
    return sentence


_RELEASE = frozenset({"الافراج", "افراج", "والافراج", "سراح", "تطلق", "يطلق", "release", "released", "freed", "swap"})
_POPULATION = frozenset({"يقطنها", "يقطن", "يقطنه", "يسكنها", "يعيش", "تعيش", "يعيشون", "inhabitants", "population"})


def _counts_residents(tokens: list[str]) -> bool:
    """ "عدد سكان إدلب", "نصف سكانها": a count of the residents."""
    return any(
        t in ("عدد", "نصف") and tokens[i + 1 : i + 2] and tokens[i + 1].startswith("سكان") for i, t in enumerate(tokens)
    )


_AMID = (["وسط"], ["ووسط"], ["amid"])
_PERCENT = ("بالميه", "بالمايه", "percent")  # as match_tokens spells them (ئ -> ي, ة -> ه)


def _holds_share(tokens: list[str]) -> bool:
    """A share of a region: a number and "percent" ("80 بالمئة", "95 في المئة", "90 بالمئةمن" glued)."""
    for i, t in enumerate(tokens[1:], 1):
        if not tokens[i - 1].isdigit():
            continue
        if t.startswith(_PERCENT) or (t == "في" and tokens[i + 1 : i + 2] in (["الميه"], ["المايه"])):
            return True
    return False


# The words that call a name a town ("بلدة الحراك", "the town of Nawa"); "منطقة" (an area) may head a common word
_TOWN_WORDS = frozenset(
    {"بلده", "مدينه", "قريه", "بلدات", "مدن", "قري", "town", "city", "village", "towns", "villages"}
)


def _called_town(tokens: list[str], h: PlaceHit) -> bool:
    """The sentence calls this name a town: a word for a town right before it ("في بلدة الحراك", "town of")."""
    if h.context != 2 or h.start == 0:
        return False
    before = tokens[h.start - 1]
    if before == "of" and h.start > 1:
        before = tokens[h.start - 2]
    return not _TOWN_WORDS.isdisjoint(clitic_variants(before))


_HELD_IN = frozenset({"في", "in", "at"})
_CITY_OF = frozenset({"city", "town", "port"})


def _held_in(s: _Sentence) -> list[PlaceHit]:
    """The places a sentence puts its act in ("في دمشق", "بدمشق", "in Damascus"), when it names no city abroad."""
    if s.abroad or is_abroad(s.tokens, 0):
        return []
    out = []
    for h in s.places:
        tok = s.tokens[h.start]
        before = s.tokens[h.start - 1] if h.start else ""
        city_of = before == "of" and h.start > 1 and s.tokens[h.start - 2] in _CITY_OF  # "in the port city of Tartus"
        if before in _HELD_IN or (before[1:] in _HELD_IN and before[:1] in "وف") or tok[:1] == "ب" or city_of:
            out.append(h)
    return out


def _dated(tokens: list[str]) -> bool:
    """The sentence opens with a date: a day and a month among its first words, or "in" and a month ("وفي
    شباط/فبراير، …": a month named without its day is not the day of the news)."""
    if len(tokens) > 1 and tokens[:1] in _ON and tokens[1] in MONTHS:
        return True
    return any(tokens[i] in MONTHS and tokens[i - 1].isdigit() for i in range(1, min(5, len(tokens))))


def _toll(values: list[int | None], updates: list[bool]) -> int | None:
    """An incident's toll: the first figure the report gives it (the headline's and the lead's), unless a later
    sentence updates it ("the death toll rose to 86"). Later figures are another source's estimate, a wider area's
    or the days before ("Since Saturday at least 68 civilians have been killed"), not the incident's toll."""
    out: int | None = None
    for value, update in zip(values, updates, strict=True):
        if value is not None and (out is None or (update and value > out)):
            out = value
    return out


def _max(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


@dataclass(slots=True)
class _Incident:
    kind: str
    sentences: list[int]
    place: Place | None = None
    pinned: bool = False  # a place named beside another (rule 7): the event's place is this one
    low: bool = False  # a candidate the attachment rules did not let announce: only the event gate may keep it
    bare: set[int] = field(default_factory=set)  # sentences that only name its place: their counts are another's


_AND = frozenset({"و", "and"})
_TOWN_LEVELS = frozenset({"community", "subdistrict"})  # a comma lists towns; "Douma, Eastern Ghouta" is no list
_BETWEEN = frozenset({"بين", "between"})  # a road or a front between two towns is one place


_normalized = functools.lru_cache(maxsize=8192)(normalize)  # a place's Arabic name, each time it is named


def _coordinated(s: _Sentence, named_govs: list[str]) -> list[tuple[PlaceHit, Place]]:
    """Rule 7: the towns a sentence names side by side with the first ("القصف في حرستا وعربين", "الحراك وبصر
    الحرير", "in Harasta and Arbin") are incidents of their own (one event per type and place). Only sure towns
    (not governorates), each right after the one before it and joined by "and", by a comma between towns ("طفس،
    اليادودة ونصيب"; ``commas_before``) or by "and" and a place word:
    "واليادودة ومنطقة غرز"); not a road "between" two towns. A town listed beside the first is read in the first's
    governorate ("نوى وكحيل والسهوة": one area), and is sure there."""
    out: list[tuple[PlaceHit, Place]] = []
    first = best_place(s.places[:1], named_govs) if s.places else None
    if first is None or first.level == "governorate" or not _is_sure(first, named_govs):
        return out
    beside = [*named_govs, first.governorate]
    seen = [first]
    commas: frozenset[int] | None = None  # read from the text only when a list has no "and" to show it
    for prev, h in itertools.pairwise(s.places):
        gap = s.tokens[prev.end : h.start]
        if len(gap) > 2 or (len(gap) == 2 and not _place_word(gap[0])):
            break
        place = best_place([h], beside)
        if place is None or place.level == "governorate":
            break
        if place.governorate != first.governorate and place.governorate not in named_govs:
            if place.level != "community":
                continue  # an admin area elsewhere amid a list of villages ("قرى شقرا والحصان"): a namesake
            if not _is_sure(place, named_govs):
                break
        tok = s.tokens[h.start]
        name = _normalized(place.name_ar or "")
        if gap:
            # "و" alone, or "and" glued to a place word: "ومحيط السوسة", "ومنطقة غرز"
            joined = gap[0] in _AND or (gap[0][:1] == "و" and (len(gap) == 2 or _place_word(gap[0])))
        else:
            joined = tok[:1] == "و" and not name.startswith("و")
            if not joined and place.level in _TOWN_LEVELS:  # "طفس، اليادودة ونصيب", "Tafas, Yadouda and Nasib"
                commas = commas_before(s.text) if commas is None else commas
                joined = h.start in commas
        between = prev.start > 0 and s.tokens[prev.start - 1] in _BETWEEN  # "الطريق بين خان أرنبة وجباتا الخشب"
        if not joined or between or any(same_place(place, p) for p in seen):
            break
        seen.append(place)
        out.append((h, place))
    return out


def _place_word(token: str) -> bool:
    """ "ومنطقة", "وبلدة": "and" and a place word, between two names of a list."""
    return token[:1] == "و" and is_place_word(token[1:])


def _is_sure(place: Place, named_govs: list[str]) -> bool:
    """Sure enough to start another incident: a village whose governorate the report never names may be a
    common word ("ومدرسة ابتدائية"), so it does not split an incident; a town that is an admin centre does."""
    return place.level != "community" or place.governorate in named_govs or capital_rank(place) <= 3


def _incidents(sentences: list[_Sentence], named_govs: list[str], low: bool = False) -> list[_Incident]:
    """Sentences grouped into incidents: one per type, except that a violent sentence naming a place
    other than its type's incident so far starts another incident (strikes on two towns are two events)."""
    out: list[_Incident] = []
    last: dict[str, _Incident] = {}
    groups = PlaceGroups()  # the incidents by type and place: a report naming thousands of places stays linear
    for k, s in enumerate(sentences):
        joined: list[str] = []
        violent = s.places and not _PLACED.isdisjoint(s.types)
        named = best_place(s.places, named_govs) if violent else None  # once per sentence: both loops ask
        # a headline's place (Title Case, squeezed) is a fallback, not where the incident is read from
        where = named if s.role != HEADLINE else None
        for t in s.types:
            current = last.get(t)
            if not s.new:  # rule 6: a later sentence only adds to an incident of its type and place
                if current is None:
                    continue
                if t in _PLACED and named is not None and _is_sure(named, named_govs):
                    current = groups.last(t, named)
                    if current is None:
                        continue
                    last[t] = current
                current.sentences.append(k)
                joined.append(t)
                continue
            joined.append(t)
            if t not in _PLACED or current is None:
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
                if current is not None and current.place is None and s.further:
                    # "استهدفت الضربة أيضا مجمعا في الكسوة" after strikes told without a place: a further target
                    # of the incident, a place of its own (one event per type and place), not the one told before
                    current = None
                if current is None:
                    current = _Incident(t, [])
                    out.append(current)
                    groups.add(current)
                last[t] = current
            current.sentences.append(k)
        s.dropped = any(t in _VIOLENT and t not in joined for t in s.types)
        s.unjoined = tuple(t for t in s.types if t not in joined)
        s.types = joined  # the types that announce or join nothing are not this report's news
        for t in [t for t in s.types if t in _TOWNS] or s.types[:1]:
            inc = last[t]
            place = where if t in _TOWNS else None
            if place is not None and (inc.place is None or LEVEL_RANK[place.level] > LEVEL_RANK[inc.place.level]):
                inc.place = place  # "strikes on Idlib ... in Kafranbel": the town, once it is named
                groups.moved(inc)
            if t in _TOWNS and (s.new or not s.background):
                split = _coordinated(s, named_govs)
                s.split = tuple(h.start for h, _ in split)
                for _, place in split:  # rule 7: each town named beside it is an incident of its own
                    found = groups.last(t, place)  # indexed: the last incident of type t at this place
                    same = found if found is not None and found.place is not None else None
                    other = same if same is not None and same is not inc else _Incident(t, [], place, pinned=True)
                    if other is not inc and same is None:
                        out.append(other)
                        groups.add(other)
                    if k not in other.sentences:
                        other.sentences.append(k)
                        other.bare.add(k)
    if low:
        out.extend(_unannounced(sentences, named_govs))
    return out


def _unannounced(sentences: list[_Sentence], named_govs: list[str]) -> list[_Incident]:
    """The candidates rule 6 leaves out: a later sentence's type that announced nothing and joined nothing (a
    strike on a town of its own in the fourth paragraph, told without "today"). One per type and place, of their
    own sentences only (nothing joins them, their counts are nobody else's); the event gate keeps one only when
    it reads as news."""
    found: dict[tuple[str, str | None, str | None], _Incident] = {}
    for k, s in enumerate(sentences):
        if s.role != BODY or s.abroad or s.background or s.weak:
            continue  # a later paragraph's own words for an event; a weak word ("the attack") refers back
        for t in s.unjoined:
            place = best_place(s.places, named_govs) if t in _VIOLENT and s.places else None
            key = (t, place.governorate if place else None, place.name if place else None)
            inc = found.get(key)
            if inc is None:
                inc = found[key] = _Incident(t, [], place, low=True)
            inc.sentences.append(k)
    return list(found.values())


# a sentence that goes on with what the speaker said ("وأضاف أن مسلحين من داعش يحتجزون نحو 700 رهينة")
_GOES_ON = frozenset({"واضاف", "وتابع", "واوضح", "واشار", "واكد", "وقال", "واعتبر", "وبين"})
# names that are also adverbs: "دوما" is "always" (دوماً with its tanween dropped: "ستناصر دوما حقوق الإنسان")
_ADVERB_NAMES = frozenset({"دوما"})
# ... but a name that completes an incident's or a place's noun is the town ("موقع هجوم دوما", "مستشفى دوما")
_NAMED_FOR = frozenset({"هجوم", "الهجوم", "مجزره", "كيماوي", "الكيماوي", "اتفاق", "معركه", "حصار", "مستشفي", "اجزاء"})


def _drop_adverbs(sentences: list[_Sentence]) -> None:
    """A bare name that is also an adverb (mid-sentence, with no preposition, place word or incident noun before it)
    is the town only in a report that names its governorate or region, or names it as a place elsewhere ("في
    دوما"); otherwise it is the adverb ("في المنطقة التي يستهدفها دوما بغارات" in a report on Iraq)."""
    bare = [
        (s, h)
        for s in sentences
        for h in s.places
        if not h.context
        and s.tokens[h.start] in _ADVERB_NAMES
        and h.start > 0  # a sentence that opens with it names the town ("دوما، كبرى مدن الغوطة")
        and s.tokens[h.start - 1] not in _NAMED_FOR
    ]
    if not bare:
        return
    govs = {
        e.place.governorate for s in sentences for h in s.places for e in h.candidates if e.place.level == "governorate"
    }
    placed = {s.tokens[h.start] for s in sentences for h in s.places if h.context}
    for s, h in bare:
        if s.tokens[h.start] not in placed and not any(e.place.governorate in govs for e in h.candidates):
            s.places = [p for p in s.places if p is not h]


def _events(sentences: list[_Sentence], low: bool = False) -> list[tuple[Event, _Incident]]:
    """The candidate events, each with the incident it was read from (for the event gate's features); with
    ``low``, also the ones rule 6 leaves out (``_unannounced``)."""
    _drop_adverbs(sentences)
    title = sentences[0] if sentences and sentences[0].role == HEADLINE else None
    if title is not None and is_abroad(title.tokens, len(title.places), headline=True):
        # Rule 3: a headline abroad ("غارة على صنعاء", "هادي يؤكد انسحاب الحوثيين من الحديدة") - a sentence tells
        # an event only with its own place in Syria or naming Syria.
        for s in sentences:
            # a village that shares a name with a quarter abroad ("حي المغار" in Derna) does not bring it home
            sure = [h for h in s.places if h.city_word or any(_is_sure(e.place, []) for e in h.candidates)]
            if s.types and not sure and not names_syria(s.tokens):
                s.types = []
                s.casualties = _NOTHING
    totals = {n for s in sentences if s.total is not None for n in (s.total.killed, s.total.injured) if n}
    # "مقتل أكثر من ألف مدني في الغوطة" above "… بلغ أكثر من ألف قتيل منذ 18 شباط": the headline's figure is the
    # total the report gives, not the incident's toll
    if title is not None and (title.casualties.killed in totals or title.casualties.injured in totals):
        title.casualties = _NOTHING
    if totals:  # "كما أصيب أكثر من 4350 آخرين" after a campaign's toll: a figure the report gives as a total
        for s in sentences:
            c = s.casualties
            if s.total is None and (c.killed in totals or c.injured in totals):
                killed, injured = (None if n in totals else n for n in (c.killed, c.injured))
                s.casualties = replace(c, killed=killed, injured=injured)
    if title is not None and title.types and "diplomacy" not in title.types:
        # rule 4e below a headline that tells the event itself ("نزوح 320 ألف مدني من ريف درعا" above "قالت الأمم
        # المتحدة إن 320 ألف مدني نزحوا"): the statement is the headline's source, the event stands
        for s in sentences:
            if s.role == LEAD and s.spoken and not set(title.types).isdisjoint(s.spoken):
                s.types = list(s.spoken)
    spoke = False
    for s in sentences:
        if s.role != LEAD:
            continue
        if s.spoken or s.said:
            spoke = True  # the lead tells what an official said (rule 4e or 4b) ...
        elif spoke and s.tokens[:1] and s.tokens[0] in _GOES_ON and s.casualties.is_empty():
            s.types = []  # ... and "وأضاف أن …" goes on with what else was said, not with news of its own
    ledes = [s for s in sentences if s.role != BODY and s.types and not s.said]
    if ledes:  # rule 4b: an official's words are the source of the news the lede tells, not a diplomacy event
        for s in sentences:
            if s.said:
                s.types = []
    last_violent: str | None = None
    told = set(title.types[:1]) if title is not None else set()  # the headline's type: the report's own incident
    protest = any("protest" in s.types for s in sentences)
    for s in sentences:
        if s.weak and s.types and s.types[0] in _VIOLENT:
            if s.types[0] in told and not s.casualties.is_empty():
                # "مقتل 12 مدنيا في القصف" below a headline about the shelling: the toll of that shelling
                s.types = s.types[:1]
            elif last_violent:
                s.types = [last_violent]  # "وتسبب القصف بدمار": the strike told before
            elif protest and s.casualties.is_empty():
                s.types = []  # "the strike would continue" after a general strike: no strike was told
        if s.types and s.types[0] in _VIOLENT and s.new:
            last_violent = s.types[0]  # violence a later paragraph only mentions is not the report's strike
    if last_violent and "displacement" not in told:
        # Displacement named only in passing ("آلاف العائلات النازحة" in the camp that was hit) is background; not
        # when the headline tells it ("مئات المدنيين يفرون من إدلب" above the strikes they flee).
        for s in sentences:
            if "displacement" in s.types and "displacement" in s.minor:
                s.types = [t for t in s.types if t != "displacement"]
    named_govs = list(  # each once (only membership is asked): a long report names a governorate thousands of times
        dict.fromkeys(
            e.place.governorate
            for s in sentences
            for h in s.places
            for e in h.candidates
            if e.place.level == "governorate"
        )
    )
    incidents = _incidents(sentences, named_govs, low)
    # The violent incident each sentence tells first (its own, for a sentence with a violent type).
    violent_of: dict[int, _Incident] = {}
    for inc in incidents:
        if inc.kind in _VIOLENT:
            for k in inc.sentences:
                if sentences[k].types and sentences[k].types[0] == inc.kind and k not in inc.bare:
                    violent_of[k] = inc
    # A count in a sentence with no trigger belongs to the violent incident told just before it.
    violent_at = sorted(violent_of)  # bisected: a report of thousands of sentences stays linear
    dropped_upto = list(itertools.accumulate((s.dropped for s in sentences), initial=0))  # dropped in [:k]
    extra: dict[int, list[int]] = {}
    told_at: tuple[int, int] | None = None  # (the last bare count attached, the violent sentence it went to)
    for k, s in enumerate(sentences):
        if s.background or s.dropped or s.casualties.is_empty() or k in violent_of:
            continue
        if k and sentences[k - 1].background == "total" and not s.types and s.tokens[:1] == ["كما"]:
            continue  # "كما أصيب أكثر من 4350 آخرين" right after a campaign's toll: the rest of that toll
        b = bisect.bisect_left(violent_at, k)  # violent_at[:b] are before k, violent_at[b:] after it
        last = violent_at[b - 1] if b else None
        if s.role == BODY and told_at is not None and told_at[0] == k - 1 and told_at[1] == last:
            last_seen = told_at[0]  # "وأسفر أيضا عن إصابة 40 آخرين" right after the toll that followed its incident
        else:
            last_seen = last
        if s.role == BODY and (last_seen is None or last_seen < k - 2):
            continue  # rule 6: a later paragraph's bare count is a total or a recap unless it follows its incident
        if last is not None and dropped_upto[k] > dropped_upto[last + 1]:
            continue  # the count follows violence that announced nothing
        owner = last if last is not None else (violent_at[b] if b < len(violent_at) else None)
        if owner is not None:
            extra.setdefault(id(violent_of[owner]), []).append(k)
            told_at = (k, owner)
    # "دون وقوع إصابات", "None of the soldiers was killed": the nil counts of the violent incident told so far.
    nil: dict[int, set[str]] = {}
    for k, s in enumerate(sentences):
        if s.zeros:
            b = bisect.bisect_right(violent_at, k)
            if b:
                nil.setdefault(id(violent_of[violent_at[b - 1]]), set()).update(s.zeros)
    events = []
    told: list[_Incident] = []
    opening = range(min(len(sentences), 2 if title is not None else 1))
    untold = title is not None and not title.types and not title.casualties.is_empty()
    for inc in incidents:
        kind, idx = inc.kind, inc.sentences
        own = sorted(set(idx) | set(extra.get(id(inc), [])))
        counted: list[Casualties] = []
        updates: list[bool] = []
        if kind in _VIOLENT:
            at = [k for k in own if k not in inc.bare and (violent_of.get(k) is inc or k not in violent_of)]
            counted = [sentences[k].casualties for k in at]
            updates = [sentences[k].update for k in at]
        hits = [
            h
            for k in own
            if sentences[k].role != HEADLINE
            for h in sentences[k].places
            if h.start not in sentences[k].split
        ]
        if kind == "displacement" and not inc.pinned:
            # people leave a place: where they went ("باتجاه محافظة إدلب", "إلى تركيا") is not where it happened
            hits = _origins(sentences, own, hits)
        # the headline's incident: the one it tells, or the first violent one below a headline that gives a toll with
        # no word for the act ("Syrian Army Kills 50 Al-Nusra Terrorists in Daraa")
        headline_of = idx[0] == 0 or (untold and not any(i.kind in _VIOLENT and not i.low for i in told))
        if kind in _VIOLENT and title is not None and title.places and headline_of and not inc.low:
            hits = _as_headline(hits, title)
        place: Place | None = inc.place if inc.pinned else best_place(hits, named_govs)
        # rule 3 for statements: sanctions on Hezbollah, a summit abroad, a drill in a report that names Syria only
        # further down: neither its opening (headline and first sentence) nor the statement's own first sentences
        # name Syria or a place in it (a report that never names Syria keeps its statements; asked last, rarely)
        opens_elsewhere = kind == "diplomacy" and not any(_about_syria(sentences[k]) for k in (*opening, *idx[:2]))
        if opens_elsewhere and any(_about_syria(s) for s in sentences):
            continue
        if kind == "diplomacy":
            # Talks and statements happen in capitals and halls abroad; the places they name are their subject.
            # A diplomacy event has a place only where it is held in Syria: talks in Damascus, in the city of Tartus,
            # inspectors in Douma. A province named in talks ("the situation in Idlib") is their subject.
            held = [h for k in own for h in _held_in(sentences[k])]
            place = best_place(held, named_govs)
            if place is not None and place.level == "governorate" and place.governorate != "Damascus":
                place = None
        else:
            if title is not None and headline_of and not inc.pinned and (place is None or place.level == "governorate"):
                # the headline's town where the report names only its governorate ("إجلاء سكان كفريا والفوعة" above
                # "… من البلدتين في ريف إدلب"): the most specific place named for the incident
                head = best_place([h for h in title.places if h.start not in title.split], named_govs)
                if head is not None and (place is None or head.governorate == place.governorate):
                    place = head
            if place is None and title is not None:
                place = best_place(title.places, named_govs)
            if place is None:
                near = [h for k in range(max(0, own[0] - 1), own[0]) for h in sentences[k].places]
                place = best_place(near, named_govs)
            first = next((k for k in own if sentences[k].role != HEADLINE), own[0])
            nxt = first + 1
            while place is None and nxt < len(sentences) and sentences[nxt].role != BODY:
                # "Iraqi jets struck IS leaders in Syria." then "The strikes hit three houses in Hajin.": the lead
                # names the place in a later sentence of its own
                place = best_place(sentences[nxt].places, named_govs)
                nxt += 1
        actors: list[str] = []
        for k in own:
            for a in find_actors(sentences[k].tokens):
                if a not in actors:
                    actors.append(a)
        zeros = nil.get(id(inc), set())
        killed = _toll([c.killed for c in counted], updates)
        injured = _toll([c.injured for c in counted], updates)
        counted_none = killed is None and injured is None
        if kind == "chemical_attack" and counted_none and not any(tells_victims(sentences[k].tokens) for k in own):
            continue  # talk of chemical weapons (a warning, a report, fears, an anniversary) is no attack
        events.append(
            Event(
                type=kind,
                location=place,
                killed=0 if killed is None and "killed" in zeros else killed,
                injured=0 if injured is None and "injured" in zeros else injured,
                killed_children=_max([c.killed_children for c in counted]),
                killed_women=_max([c.killed_women for c in counted]),
                actors=tuple(actors),
                evidence=_evidence(sentences, idx),
            )
        )
        told.append(inc)
    return list(zip(events, told, strict=True))


def _about_syria(s: _Sentence) -> bool:
    return bool(s.places) or names_syria(s.tokens)


def _toll_at(s: _Sentence) -> int | None:
    """Where a sentence tells its killed count (the token of the number), or None."""
    killed = s.casualties.killed
    if killed is None:
        return None
    for i, tok in enumerate(s.tokens):
        if starts_number(tok):
            read = read_number(s.tokens, i)
            if read is not None and read[0] == killed:
                return i
    return None


_NEAR = frozenset({"near", "outside", "قرب", "بالقرب", "خارج"})


def _as_headline(hits: list[PlaceHit], title: _Sentence) -> list[PlaceHit]:
    """The places of the incident the headline tells that lie in a governorate the headline names, when any do: a
    later paragraph's town elsewhere ("locked in battle for Manbij" below "16 killed in Syria's Hasakeh") is
    another front, not where the headline's incident happened."""
    named = [h for h in title.places if _NEAR.isdisjoint(title.tokens[max(0, h.start - 2) : h.start])]
    toll = _toll_at(title)
    after: list[PlaceHit] = []  # the places told right after its toll ("Kill 100 in Mallah Farms in Aleppo")
    for h in named:
        if toll is not None and toll < h.start <= (after[-1].end + 2 if after else toll + 4):
            after.append(h)
    # the place its toll is told in ("Foils Attack in Daraa, Kills 50 Gunmen in Lattakia"), else every place it names
    # but a landmark ("near Syria's Aleppo")
    told = best_place(after)
    govs = {told.governorate} if told is not None else {e.place.governorate for h in named for e in h.candidates}
    if "Damascus" in govs:
        govs.add("Rif Dimashq")
    agree = [h for h in hits if any(e.place.governorate in govs for e in h.candidates)]
    return agree or hits


_TOWARDS = frozenset({"الي", "باتجاه", "اتجاه", "نحو", "صوب", "to", "towards"})
_FROM = frozenset({"من", "from"})


def _origins(sentences: list[_Sentence], own: list[int], hits: list[PlaceHit]) -> list[PlaceHit]:
    """The places of a displacement's sentences that are not its destination: a place whose nearest direction word
    among the three before it is "إلى"، "باتجاه"، "نحو" (through a place word: "باتجاه محافظة إدلب"; "إلى دوما من
    حرستا" leaves from Harasta), or that locates a destination right before it ("إلى معبر العيس في ريف حلب"). All
    of them when every place is a destination (the report names no other)."""
    towards = set()
    for k in own:
        s = sentences[k]
        ending = {h.end: h for h in s.places}
        for h in s.places:
            for j in range(h.start - 1, max(-1, h.start - 4), -1):  # the nearest word that says which way
                tok = s.tokens[j]
                before = ending.get(j + 1)
                if tok in _TOWARDS or (before is not None and id(before) in towards):
                    towards.add(id(h))
                if tok in _TOWARDS or tok in _FROM or before is not None:
                    break
    kept = [h for h in hits if id(h) not in towards]
    return kept or hits


def _evidence(sentences: list[_Sentence], idx: list[int]) -> str:
    """The sentence that announces the incident (the headline only when nothing else tells it), and the incident's
    next sentence when it is in the same paragraph: what an alert shows when the headline is about something else."""
    told = [k for k in idx if sentences[k].role != HEADLINE] or idx
    first = told[0]
    more = [k for k in told[1:2] if sentences[k].paragraph == sentences[first].paragraph]
    return " ".join(sentences[k].text for k in [first, *more])


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


def _read_all(parts: list[Part], lang: str, stop: Callable[[], bool] | None) -> list[_Sentence]:
    """Each sentence read in order, until ``stop()`` says the time is up (asked between sentences, never
    before the first): the caller owns the clock, so analysis stays pure."""
    out: list[_Sentence] = []
    quiet = bool(parts) and parts[0].role == HEADLINE and announces_nothing(parts[0].text)
    plain = False
    for k, part in enumerate(parts):
        if k and stop is not None and stop():
            break
        out.append(_read(part, lang, quiet, plain))
        if k == 0 and part.role == HEADLINE and not quiet and lang == "ar":
            # (Arabic only: the English trigger lexicon is too thin to say an English headline tells no incident)
            plain = headline_is_plain(part.text, bool(out[0].types), not out[0].casualties.is_empty())
    return out


@dataclass(slots=True)
class _Document:
    language: str
    lang: str
    title: str
    body: str
    texts: list[str]
    sentences: list[_Sentence]
    body_sentences: list[_Sentence]
    partial: tuple[int, int] | None
    relevance: float
    paragraphs: int = 0  # how many paragraphs the text has (the headline not counted)


def _document(text: str, title: str | None, stop: Callable[[], bool] | None) -> _Document:
    _preload()
    body = (text or "").strip()
    language = detect_language((title or "") + "\n" + body)
    parts = structure(body)
    texts = [p.text for p in parts]
    if not title:
        title = headline_from(texts[0]) if texts else ""
    elif not texts or title != texts[0][: len(title)]:
        parts.insert(0, Part(title, -1, HEADLINE, True))
    lang = "ar" if language == "ar" else "en"
    sentences = _read_all(parts, lang, stop)
    body_sentences = sentences[1:] if parts and parts[0].role == HEADLINE else sentences
    partial = (len(body_sentences), len(texts)) if len(body_sentences) < len(texts) else None
    # Relevance first: a report that is not news of the war in Syria has no events, whatever its words.
    score = relevance(title, body, lang)
    paragraphs = 1 + max((p.paragraph for p in parts), default=0)
    return _Document(
        language, lang, title, body, texts[: len(body_sentences)], sentences, body_sentences, partial, score, paragraphs
    )


def _gated(doc: _Document) -> bool:
    """The event gate (and the type model) decide for what they learned from: an Arabic article, long enough for the
    relevance gate to judge (``relevance.MIN_WORDS``), with its headline - or without one when it is an article
    (``ARTICLE_PARAGRAPHS`` paragraphs or more: a .txt file saved without its headline line; the event gate for it
    learned from the studied articles' text alone, ``eventgate.untitled_gate``). A short report without a headline
    (the in-house reports, a monitor's dispatch: every paragraph news), a lone sentence or an English report keeps
    what the rules announce."""
    article = _titled(doc) or doc.paragraphs >= ARTICLE_PARAGRAPHS
    return article and doc.lang == "ar" and sum(len(t.split()) for t in doc.texts) >= MIN_WORDS


def candidates(
    text: str, *, title: str | None = None, low: bool | None = None, words: bool | None = None
) -> list[tuple[Event, dict[str, float]]]:
    """The candidate events of a relevant report the event gate decides on, with its features, before it decides
    (``scripts/train_eventgate.py`` learns from these); [] where the gate does not decide (``_gated``). ``low``:
    also the candidates rule 6 leaves out; ``words``: also the announcing sentence's words; None: as the shipped
    gate does (``# low``, ``# words``)."""
    doc = _document(text, title, None)
    if not is_relevant(doc.relevance) or not _gated(doc):
        return []
    shipped = _gate_for(doc)
    found = _events(doc.sentences, shipped.low if low is None else low)
    feats = candidate_features(
        doc.sentences, found, doc.relevance, doc.lang, words=shipped.words if words is None else words
    )
    return [(e, f) for (e, _), f in zip(found, feats, strict=True)]


def _untolled(event: Event) -> bool:
    return event.killed is None and event.injured is None


def _typed(doc: _Document, events: tuple[Event, ...], dropped: list[Event], sure: list[str]) -> tuple[Event, ...]:
    """The type model's events (``typemodel.py``): one for each type it is sure the report tells (``sure``) and the
    rules and the gate kept none of - the first candidate of that type the gate dropped, else one read from the
    headline."""
    have = {e.type for e in events}
    out: list[Event] = []
    for kind in sure:
        if kind in have:
            continue
        have.add(kind)
        out.append(next((e for e in dropped if e.type == kind and e not in events), None) or _headline_event(doc, kind))
    return tuple(out)


def _headline_event(doc: _Document, kind: str) -> Event:
    """An event of ``kind`` told by the report's opening (headline and lead): its evidence the first lead sentence
    with a word for ``kind``, else the headline; its place that sentence's, else the first the opening names, else
    the first of a later sentence with a word for ``kind`` - none for a statement (talks are held abroad). No toll:
    the model reads the kind of news, not its figures."""
    opening = [s for s in doc.sentences if s.role != BODY]  # the headline first: the type model reads titled reports
    told = next((s for s in [*opening[1:], opening[0]] if kind in read_types(s.tokens, doc.lang)[0]), opening[0])
    govs = list(dict.fromkeys(e.place.governorate for s in opening for h in s.places for e in h.candidates))
    place = None
    if kind != "diplomacy":
        place = next((p for s in (told, *opening) if (p := best_place(s.places, govs)) is not None), None)
        if place is None:  # lazily: a long report is read only as far as its first sentence that tells the kind
            told_later = (
                s for s in doc.sentences if s.role == BODY and s.places and kind in read_types(s.tokens, doc.lang)[0]
            )
            place = next((p for s in told_later if (p := best_place(s.places, govs)) is not None), None)
    return Event(type=kind, location=place, evidence=told.text)


def _shipped_gate() -> Gate:
    """The shipped event gate (``analyze``'s ``gate`` parameter hides the module's name)."""
    return gate()


def _untitled_gate() -> Gate:
    """The shipped event gate for an article without its headline."""
    return untitled_gate()


def _gate_for(doc: _Document) -> Gate:
    """The gate that learned from reports like this one: with its headline, or its text alone."""
    return _shipped_gate() if _titled(doc) else _untitled_gate()


def _titled(doc: _Document) -> bool:
    return bool(doc.sentences) and doc.sentences[0].role == HEADLINE


@collector_paused
def analyze(
    text: str,
    *,
    title: str | None = None,
    summary_words: int = DEFAULT_SUMMARY_WORDS,
    stop: Callable[[], bool] | None = None,
    gate: bool | None = None,
    types: bool | None = None,
) -> Analysis:
    """Analyse one report. ``title`` defaults to the first sentence or its first clause.

    ``stop``: asked between sentences; once it answers True the rest of the text is left unread and the
    result, built from the sentences read so far, says so in ``partial``.

    ``gate``: whether the event gate decides (for the reports it can: ``_gated``); None: as its weights file says
    (``# on``); True: the shipped gate, even when the file leaves it off (``MARSAD_EVENT_GATE=on``); False: never,
    and no type model either (the rules alone).

    ``types``: whether the type model (``typemodel.py``) decides which kinds of event the report tells (adding an
    event of a type the rules and the gate left without one, dropping the untolled events of a type it does not
    tell); None: as its weights file says; ignored (off) when ``gate`` is False.
    """
    doc = _document(text, title, stop)
    summary = summarize(
        doc.texts,
        summary_words,
        tokens=[s.tokens for s in doc.body_sentences],
        types=[s.types for s in doc.body_sentences],
    )
    events: tuple[Event, ...] = ()
    if is_relevant(doc.relevance):
        shipped = _gate_for(doc)
        judged = _gated(doc)
        found = []
        if judged and (shipped.on if gate is None else gate):  # the event gate: the candidates it takes as news
            found = _events(doc.sentences, shipped.low)  # with rule 6's left-outs when it learned to weigh them
            feats = candidate_features(doc.sentences, found, doc.relevance, doc.lang, words=shipped.words)
            events = tuple(e for (e, _), k in zip(found, shipped.select(feats, on=True), strict=True) if k)
        else:
            events = tuple(e for e, _ in _events(doc.sentences))
        model = type_model()
        if gate is not False and judged and (model.on if types is None else types):
            probabilities = model.probabilities(doc.title, doc.body)
            told = model.told(probabilities, {e.type for e in events}, {e.type for e in events if not _untolled(e)})
            # a type the report does not tell loses its events told with no toll; one it tells and the rules kept
            # no event of gains one (``_typed``), the likeliest type first
            events = tuple(e for e in events if not (_untolled(e) and told.get(e.type) is False))
            sure = sorted((k for k, yes in told.items() if yes), key=lambda k: -probabilities[k])
            events += _typed(doc, events, [e for e, _ in found], sure)
    return Analysis(
        language=doc.language,
        title=doc.title,
        summary=summary,
        events=events,
        partial=doc.partial,
        relevance=round(doc.relevance, 3),
    )
