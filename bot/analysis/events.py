"""Event types per sentence from trigger lexicons, with the precedence rules.

- The violent types of a sentence (airstrike, shelling, clashes, bombing, attack_on_civilians,
  chemical_attack): the strongest trigger comes first, ties by ``VIOLENT_ORDER``; another violent type
  follows only when a strong word names it too ("القصف الجوي والمدفعي": an airstrike and shelling). So a
  strike that caused a massacre is an airstrike, and a bare قصف beside an aircraft word is an airstrike.
- Other types are added when a normal or strong trigger names them; a weak trigger (هجوم،
  اتفاق، قرار) counts only when nothing else does.
- Talks about a ceasefire are diplomacy: a ceasefire named in a diplomacy sentence without a
  strong ceasefire word (هدنة، خرق، حيز التنفيذ) is not a separate event. But talks with armed factions
  (cues ``talks`` and ``armed``: "المفاوضات بين الجانب الروسي وفصائل المعارضة") are the local deal: ceasefire;
  so are talks with the opposition (cue ``opposition``) that name a truce or a deal: one ceasefire event.
- A ceasefire violation told with a weak violent word (خرق الهدنة عبر قصف) is the ceasefire event;
  a protest against arrests is a protest.
- Background sentences (a campaign's toll, "since the start of ...") yield nothing.
- Cues (``cues.tsv``) silence the triggers near them: a negation before ("لم تشهد أي غارات", "no air
  raids"), a possibility or threat around ("هجوم محتمل", "could launch an offensive"), "since" before
  ("منذ توقيع اتفاق وقف إطلاق النار"). A trigger row of type ``-`` hides the words it covers ("in a
  statement", "خط وقف إطلاق النار", "exchange detainees"): those name no event.
- A chemical attack named beside diplomacy (inspectors, investigators, sanctions, a condemnation) is what the
  diplomacy is about, not a new attack; so is an attack named after an "about" cue ("ردا على الهجوم الكيماوي",
  "لإنتاج غاز السارين"): a response, a programme, a stockpile.
- Displacement told beside violence (a strike on a camp for displaced people) is the violent event unless a
  strong displacement word names it; refugees or a truce discussed in talks are the diplomacy event.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Literal, overload

from bot.analysis.lexicon import PhraseMatcher, rows
from bot.analysis.normalize import clitic_variants

__all__ = [
    "MONTHS",
    "VIOLENT_ORDER",
    "away_spans",
    "incident_part",
    "is_background",
    "is_period_total",
    "is_tally",
    "is_weak",
    "minor_kinds",
    "sentence_types",
    "weight_of",
]

VIOLENT_ORDER = ("chemical_attack", "airstrike", "bombing", "shelling", "attack_on_civilians", "clashes")
_VIOLENT = frozenset(VIOLENT_ORDER)


@functools.cache
def _triggers(language: str) -> PhraseMatcher:
    name = "triggers_ar.tsv" if language == "ar" else "triggers_en.tsv"
    return PhraseMatcher((r[0], (r[1], int(r[2]))) for r in rows(name))


@functools.cache
def _background() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("background.tsv"))


@functools.cache
def _cues() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("cues.tsv"))


_AFTER = {"neg": 5, "since": 5, "hyp": 4, "obj": 8, "about": 5, "prep": 8, "will": 4, "aim": 4}
# "حذر ترامب الحكومة السورية وحلفاءها من الهجوم على إدلب": what a warning is against is no event; the words right
# after the warning's "من" (within WARN_REACH tokens of the verb) are silenced, whatever their type.
_WARNED_OF = frozenset({"من", "بشان", "of", "against"})
WARN_REACH = 10
WARNED_SPAN = 4  # "من تصاعد القتال والضربات الجوية": the words the warning or the concern is about
_CALLED_TO = frozenset({"الي", "for", "to"})
_ONLY_VIOLENT = frozenset({"obj", "about", "prep"})  # cues that silence the violent triggers after them, not the others
# What a silenced range silences: every trigger, only the violent ones, or all but diplomacy (the caller of a call,
# "دعا مجلس الأمن إلى هدنة", is the diplomacy; the truce it calls for is not an event).
_ALL, _VIOLENT_ONLY, _NOT_DIPLOMACY, _DEAL_ONLY = "all", "violent", "not_diplomacy", "deal"
_BEFORE_VIOLENT = frozenset({"over"})
AIMED_REACH = 5  # "أطلقت صاروخا من نظام باتريوت على الطائرة": the shot fired at an aircraft
WILL_REACH = 4  # "الهجوم على إدلب سيخلف": the subject of a future verb that opens the sentence
_WHICH = frozenset({"ما", "مما", "which"})  # "…، ما سيؤدي إلى": a consequence of what was told before
_BEFORE = {"hyp": 2, "over": 3}


def _silenced(tokens: Sequence[str], kinds: set[str] | None = None) -> list[tuple[int, int, str]]:
    """Token ranges whose triggers report no event (after a negation, around a possibility), and which triggers
    are silenced there: all, only the violent ones (a weapon seized in a raid: the raid stands; the attack a
    response, a sanction or a weapons programme is about: the response stands), or all but diplomacy (a call)."""
    out = []
    for m in _cues().find(tokens):
        kind = m.payload
        if kinds is not None:
            kinds.add(kind)
        if kind in _AFTER:
            # an "obj" phrase may hold the aircraft word itself ("سقوط طائرة مقاتلة"): it is silenced with what follows
            start = m.start if kind == "obj" else m.end
            out.append((start, m.end + _AFTER[kind], _VIOLENT_ONLY if kind in _ONLY_VIOLENT else _ALL))
        if kind in ("basis", "vote"):
            # "انسحبت الفصائل بموجب اتفاق": the agreement is the basis, the withdrawal the news; "التصويت على هدنة":
            # the truce voted on is the diplomacy's subject
            out.append((m.end, m.end + 5, _DEAL_ONLY))
        if kind in _BEFORE:
            out.append((m.start - _BEFORE[kind], m.start, _VIOLENT_ONLY if kind in _BEFORE_VIOLENT else _ALL))
        if kind == "will" and _foretold_subject(tokens, m.start):  # "الهجوم على إدلب سيخلف كابوسا"
            out.append((m.start - WILL_REACH, m.start, _ALL))
        if kind == "aimed":  # the shot before it and the aircraft it names ("طائرة مسيرة") are no strike
            out.append((m.start - AIMED_REACH, m.end + 2, _VIOLENT_ONLY))
        if kind == "warn":
            of = next((i for i in range(m.end, min(len(tokens), m.end + WARN_REACH)) if tokens[i] in _WARNED_OF), None)
            if of is not None:
                out.append((of + 1, of + 1 + WARNED_SPAN, _ALL))
        if kind == "call":  # "يدعو لوقف إطلاق النار", "دعا المبعوث إلى هدنة": what is called for has not happened
            out.append((m.end, m.end + 3, _NOT_DIPLOMACY))
            to = next((i for i in range(m.end, min(len(tokens), m.end + WARN_REACH)) if tokens[i] in _CALLED_TO), None)
            if to is not None:
                out.append((to + 1, to + 4, _NOT_DIPLOMACY))
    return out


def _foretold_subject(tokens: Sequence[str], at: int) -> bool:
    """The words before a future verb are its subject ("الهجوم على إدلب سيخلف") only when the verb opens the
    sentence's first clause; after a told event ("قتل 5 في غارات، ما سيؤدي إلى نزوح", "… وسوف تستمر") they stand."""
    return 0 < at <= 6 and not tokens[at].startswith("و") and tokens[at - 1] not in _WHICH


def tells_victims(tokens: Sequence[str]) -> bool:
    """A chemical attack's victims told in words ("حالات اختناق", "breathing problems"), with or without a number."""
    return any(m.payload == "victims" for m in _cues().find(tokens))


def away_spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges naming a place the event did not happen at: where jets took off, where the wounded went (after
    an "away" cue), the capital named for its government ("the regime in Damascus": the "govt" phrase itself)."""
    return [
        (m.end, m.end + 8) if m.payload == "away" else (m.start, m.end)
        for m in _cues().find(tokens)
        if m.payload == "away" or m.payload == "govt"
    ]


@functools.cache
def _tallies() -> PhraseMatcher:
    return PhraseMatcher((r[0], True) for r in rows("tallies.tsv"))


# "خلال خمسة أيام", "طيلة الأسابيع الستة الماضية", "على مدى شهرين": a span of several days, weeks or months
_SPAN_OPENERS = frozenset({"خلال", "طيله", "طوال", "مدي", "مدار"})
_SPAN_UNITS = frozenset(
    {"ايام", "الايام", "يومين", "اسبوع", "اسبوعين", "اسابيع", "الاسابيع", "اسبوعا", "شهرين", "اشهر", "الاشهر", "شهور"}
    | {"الشهور", "الاسبوعين", "اليومين"}
)


def _span_at(tokens: Sequence[str]) -> int | None:
    """Where a span of days, weeks or months begins: an opener ("خلال", "طيلة", "على مدى") with a unit in the three
    words after it ("خلال خمسة أيام", "طيلة الأسابيع الستة الماضية"); not hours ("خلال الساعات الـ24 الماضية" is
    the day's news)."""
    for i, t in enumerate(tokens):
        if t in _SPAN_OPENERS and not _SPAN_UNITS.isdisjoint(tokens[i + 1 : i + 4]):
            return i
    return None


def _tally_at(tokens: Sequence[str]) -> int | None:
    found = _tallies().find(tokens)
    span = _span_at(tokens)
    starts = [m for m in (found[0].start if found else None, span) if m is not None]
    return min(starts) if starts else None


def is_tally(tokens: Sequence[str]) -> bool:
    """A period's toll ("خلال الشهر الماضي", "خلال خمسة أيام", "last month"): the sentence's counts are not one
    incident's."""
    return _tally_at(tokens) is not None


def is_period_total(tokens: Sequence[str]) -> bool:
    """A period named before any running total told after the incident ("أكثر من 1700 مدني خلال الشهر الماضي
    وحده", not "…، ليرتفع إلى 20 عدد القتلى منذ مطلع الشهر"): in a later paragraph, the campaign's total."""
    at = _tally_at(tokens)
    return at is not None and at < _running_at(tokens)


def incident_part(tokens: Sequence[str]) -> Sequence[str]:
    """The tokens before a running total told after the incident ("…، ليرتفع إلى 20 عدد القتلى"), else all."""
    if _RUNNING_TOTAL.isdisjoint(tokens):
        return tokens
    running = next(i for i, t in enumerate(tokens) if t in _RUNNING_TOTAL)
    return tokens[:running] if running >= 3 else tokens


_YEAR_WORDS = frozenset({"in", "عام", "العام", "عامي", "في", "منذ", "since"})
# A month before a year dates a past incident ("في آذار 2018", "in April 2017", "since October 2019").
_MONTHS = frozenset(
    {
        *("كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين"),
        *("يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر"),
        *("نوفمبر", "ديسمبر"),
        *("january", "february", "march", "april", "may", "june", "july", "august", "september", "october"),
        *("november", "december"),
    }
)
MONTHS = _MONTHS
_MONTH_ORDINALS = frozenset({"الاول", "الثاني"})  # تشرين الأول، كانون الثاني
# "last August", "في آذار الماضي": a month named as past, without a year ("since December" is not: people
# "displaced since December" are today's story).
_PAST_BEFORE_MONTH = frozenset({"last"})
_PAST_AFTER_MONTH = frozenset({"الماضي", "الفايت", "المنصرم"})
# "وكانت الفصائل قد سيطرت …": the pluperfect tells what happened before the report's incident.
# "…، ليرتفع إلى 27 عدد الغارات منذ مطلع الأسبوع": a running total told after the incident in one sentence.
_RUNNING_TOTAL = frozenset({"ليرتفع", "لترتفع", "bringing"})
_SINCE = frozenset({"منذ", "since"})
_WAS = frozenset({"وكان", "وكانت", "وكانوا", "كان", "كانت"})


def _year_at(tokens: Sequence[str], i: int) -> bool:
    tok = tokens[i]
    if not (len(tok) == 4 and tok.isdigit() and 1940 <= int(tok) <= 2030):
        return False
    before = tokens[i - 1]
    if before in _YEAR_WORDS:
        return True
    if before in _MONTHS:
        month = i - 1
    elif before in _MONTH_ORDINALS and i > 1 and tokens[i - 2] in _MONTHS:
        month = i - 2
    else:
        return False
    # A full date ("18 October 2016", "15 آذار 2024") is the report's dateline, not history.
    return month == 0 or not tokens[month - 1].isdigit()


def _past_month(tokens: Sequence[str]) -> bool:
    """ "last August", "في آذار الماضي"."""
    for i, t in enumerate(tokens):
        if t in _MONTHS and (
            (i and tokens[i - 1] in _PAST_BEFORE_MONTH) or (i + 1 < len(tokens) and tokens[i + 1] in _PAST_AFTER_MONTH)
        ):
            return True
    return False


def _minute_of_play(tokens: Sequence[str]) -> bool:
    """ "في الدقيقة 23": a match report (a "قذيفة صاروخية" there is a long shot)."""
    return any(t == "الدقيقه" and i + 1 < len(tokens) and tokens[i + 1].isdigit() for i, t in enumerate(tokens))


def is_background(tokens: Sequence[str]) -> str | None:
    """Context rather than an incident, and of which class (``background.tsv``): a campaign's toll ("total"), the
    war's history, a sports match, an event "in 2019" or "في آذار 2018" ("history"), a pluperfect "وكان … قد"
    ("recap"); None for a sentence that tells its own news."""
    found = _background().find(tokens)
    if found:
        running = next((i for i, t in enumerate(tokens) if t in _RUNNING_TOTAL), None)
        if running is None or running < 3 or any(m.start < running for m in found):
            # the strictest class found: a sentence that recaps beside a total is a recap
            return next((m.payload for m in found if m.payload not in ("total", "context")), found[0].payload)
        # else the background is only the running total's clause, after the incident

    if _denies_reports(tokens):
        return "denial"
    if tokens and tokens[0] in _WAS and "قد" in tokens[1:5]:
        return "recap"
    if not _MONTHS.isdisjoint(tokens) and _past_month(tokens):
        return "history"
    if "الدقيقه" in tokens and _minute_of_play(tokens):
        return "sport"
    digits = list(map(str.isdigit, tokens))  # C-level; most sentences have no number at all
    if True not in digits:
        return None
    years = [i for i in itertools.compress(range(len(tokens)), digits) if i and len(tokens[i]) == 4]
    if any(_year_at(tokens, i) for i in years):
        return "history"
    return "total" if not _SINCE.isdisjoint(tokens) and _since_date(tokens) else None


_DENY = frozenset({"نفي", "نفت", "ينفي", "تنفي", "ونفي", "ونفت", "denied", "denies"})
_REPORTS = frozenset(
    {"الانباء", "انباء", "الاخبار", "اخبار", "الخبر", "التقارير", "تقارير", "صحه", "المزاعم", "مزاعم", "الادعاءات"}
    | {"ادعاءات", "الشايعات", "شايعات", "reports", "claims", "allegations", "rumours"}
)


# Denying one's own part ("روسيا تنفي شن غارات", "denied carrying out") does not deny that the strikes happened
_AGENCY = frozenset(
    {"شن", "تنفيذ", "مسووليه", "مسووليتها", "مسووليته", "مشاركه", "مشاركتها", "ضلوع", "ضلوعها", "تورط", "تورطها"}
    | {"carrying", "responsibility", "involvement", "conducting", "launching"}
)


def _denies_reports(tokens: Sequence[str]) -> bool:
    """A denial with its speaker and time between ("نفى الجيش السوري، مساء السبت، الأنباء التي تداولتها وسائل إعلام
    حول استهداف …", "نفى مصدر عسكري، مساء السبت، تعرض مطار المزة إلى هجوم"): what was denied is no event (the
    denial rows of background.tsv need the words side by side): reports denied anywhere in the sentence, or a
    sentence that opens with the denial, unless what it denies is one's own part in it."""
    if _DENY.isdisjoint(tokens):
        return False
    for i, t in enumerate(tokens):
        if t not in _DENY:
            continue
        after = tokens[i + 1 : i + 9]
        if not _REPORTS.isdisjoint(after) or (i < 3 and _AGENCY.isdisjoint(after)):
            return True
    return False


def _running_at(tokens: Sequence[str]) -> int:
    """Where a running total told after the incident begins ("…، ليرتفع إلى 20 عدد القتلى منذ مطلع الشهر"), else
    the sentence's end: a period named after it dates the total, not the incident."""
    running = next((i for i, t in enumerate(tokens) if t in _RUNNING_TOTAL), None)
    return len(tokens) if running is None or running < 3 else running


def _since_date(tokens: Sequence[str]) -> bool:
    """A toll counted since a date ("منذ 18 شباط/فبراير", "since February 18") is the campaign's, not the day's;
    unless the date is only a running total's clause after the incident ("…، لترتفع الحصيلة منذ 18 شباط …")."""
    running = next((i for i, t in enumerate(tokens) if t in _RUNNING_TOTAL), None)
    for i, t in enumerate(tokens):
        after = tokens[i + 1 : i + 3]  # a day and a month: "منذ 18 شباط", "since February 18" (not "since March")
        if t in _SINCE and len(after) == 2 and any(a.isdigit() for a in after) and not _MONTHS.isdisjoint(after):
            return running is None or running < 3 or i < running
    return False


def _silences(scope: str, kind: str) -> bool:
    if scope == _VIOLENT_ONLY:
        return kind in _VIOLENT
    if scope == _DEAL_ONLY:
        return kind == "ceasefire"
    return scope == _ALL or kind != "diplomacy"


def minor_kinds(tokens: Sequence[str], language: str) -> set[str]:
    """Non-violent types named only by a normal (not a strong) trigger: "النازحين" beside a strike is background."""
    return {k for k, w in _weights(tokens, language).items() if k not in _VIOLENT and w < 3}


# people leaving a place: a departure word and, in the three words after it, who leaves ("خروج أول مجموعة من مسلحي
# جيش الإسلام", "غادرت 30 حافلة تقل عائلات", "بخروج حافلتين على متنهما مسلحون"); not "تخرج" (also "graduates":
# "تخرج دفعة جديدة من الطلاب")
_DEPART = frozenset(
    {"خروج", "خرج", "خرجت", "يخرج", "خرجوا", "يخرجون", "اخراج", "مغادره", "غادر", "غادرت", "يغادر", "ترحيل"}
)
_LEAVERS = frozenset(
    {"مسلحي", "المسلحين", "مسلحين", "مسلحون", "مقاتلي", "المقاتلين", "مقاتلين", "مقاتلون", "عناصر", "مدنيين"}
    | {"المدنيين", "عايلات", "العايلات", "اسر", "دفعه", "الدفعه", "مجموعه", "حافله", "حافلات", "الحافلات", "حافلتين"}
    | {"قافله", "المهجرين", "مهجري", "النازحين", "سكان", "اهالي", "الاهالي"}
)


def _departure_at(tokens: Sequence[str]) -> int | None:
    """Where a departure of people begins (``_DEPART`` with ``_LEAVERS`` right after it): displacement, however
    the report words it (an evacuation convoy leaving, the first batch of fighters going out), unless they go out to
    protest (``_weights``)."""
    for i, t in enumerate(tokens):
        if not _DEPART.isdisjoint(clitic_variants(t)) and not _LEAVERS.isdisjoint(tokens[i + 1 : i + 4]):
            return i
    return None


# an air defence countering an attack ("الدفاعات الجوية تتصدى لصاروخين إسرائيليين", "تصدت الدفاعات الجوية لهدف
# معاد"): the attack on Syria is the news - missiles are shelling (as the labels' convention has it), aircraft,
# drones and "a hostile target" an air strike
_DEFENCE = frozenset({"الدفاعات", "دفاعات", "الدفاع", "المضادات", "الدفاعيه"})
_COUNTER = frozenset({"تتصدي", "تصدت", "يتصدي", "التصدي", "اعترضت", "تعترض", "اعتراض", "اسقطت", "تسقط", "اسقاط"})
_MISSILES = frozenset({"صاروخ", "صاروخين", "صواريخ", "الصواريخ", "لصاروخ", "لصاروخين", "لصواريخ", "صاروخا"})
_ISRAELI = frozenset({"الاسراييليه", "اسراييل", "الاسراييلي"})


def _interception(tokens: Sequence[str]) -> tuple[int, str] | None:
    """The attack an air defence counters (``_DEFENCE`` and ``_COUNTER`` within three words of each other): shelling
    when missiles are countered or the defence is Israel's (its Patriots fired at a jet), else an air strike."""
    for i, t in enumerate(tokens):
        if t not in _DEFENCE or tokens[i + 1 : i + 2] == ["المدني"]:  # civil defence is rescue, not air defence
            continue
        near = [j for j in range(max(0, i - 3), min(len(tokens), i + 4)) if tokens[j] in _COUNTER]
        if not near:
            continue
        after = tokens[max(i, near[0]) + 1 : max(i, near[0]) + 6]
        missiles = not _MISSILES.isdisjoint(after) or not _ISRAELI.isdisjoint(tokens[i : i + 4])
        return i, "shelling" if missiles else "airstrike"
    return None


def _weights(tokens: Sequence[str], language: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    matches = _triggers(language).find(tokens)
    cues: set[str] = set()
    departs = _departure_at(tokens) if language == "ar" else None
    countered = _interception(tokens) if language == "ar" else None
    silenced = _silenced(tokens, cues) if matches or departs is not None or countered is not None else ()
    for m in matches:
        kind, weight = m.payload
        if kind == "-" or any(a <= m.start < b and _silences(scope, kind) for a, b, scope in silenced):
            continue
        weights[kind] = max(weights.get(kind, 0), weight)
    if (
        departs is not None
        and "protest" not in weights  # "خرج العشرات من أهالي البلدة في مظاهرة": out to protest
        and not any(a <= departs < b and _silences(s, "displacement") for a, b, s in silenced)
    ):
        weights["displacement"] = 3
    if countered is not None:
        # the defence's own cue ("الدفاعات الجوية", obj: what it shoots down is no strike of its own) leaves the
        # attack it counters standing; a negation or a possibility before it does not
        at, kind = countered
        if not any(a <= at < b and a != at and _silences(s, kind) for a, b, s in silenced):
            weights[kind] = max(weights.get(kind, 0), 3)
    if "diplomacy" in weights and {"talks", "armed"} <= cues:
        # talks between the government or its allies and armed factions are the local deal (a truce, a surrender,
        # an evacuation): the ceasefire event; international talks stay diplomacy
        del weights["diplomacy"]
        weights["ceasefire"] = 3
    elif "diplomacy" in weights and "ceasefire" in weights and {"talks", "opposition"} <= cues:
        # talks with the opposition on a truce or a deal ("مفاوضات بين المعارضة وروسيا بشأن وقف المعارك") are one
        # incident, the truce being made: the ceasefire event alone (one event per incident, issue 11)
        del weights["diplomacy"]
        weights["ceasefire"] = 3
    return weights


def weight_of(tokens: Sequence[str], language: str, kind: str) -> int:
    """How strongly the sentence names ``kind`` (0 none, 1 weak, 2 normal, 3 strong: "غارات", "قصف مدفعي")."""
    return _weights(tokens, language).get(kind, 0)


def is_weak(tokens: Sequence[str], language: str) -> bool:
    """Only weak triggers (a bare القصف, "the attack"): a sentence that refers back to an event."""
    weights = _weights(tokens, language)
    return bool(weights) and max(weights.values()) < 2


@overload
def sentence_types(tokens: Sequence[str], language: str) -> list[str]: ...
@overload
def sentence_types(tokens: Sequence[str], language: str, *, with_weak: Literal[True]) -> tuple[list[str], bool]: ...


def sentence_types(tokens: Sequence[str], language: str, *, with_weak: bool = False):
    """The event types one sentence reports, violent type first (and, ``with_weak``, whether only weak
    triggers named them: see :func:`is_weak`), from one pass of the trigger lexicon."""
    weights = _weights(tokens, language)
    if with_weak:
        types = _types(weights)
        return types, bool(types) and max(weights.values()) < 2
    return _types(weights)


def read_types(tokens: Sequence[str], language: str) -> tuple[list[str], bool, dict[str, int]]:
    """:func:`sentence_types` ``with_weak``, and the weights it read them from (for :func:`weight_of` on the
    same tokens without a second pass of the trigger lexicon)."""
    weights = _weights(tokens, language)
    types = _types(weights)
    return types, bool(types) and max(weights.values()) < 2, weights


def _types(weights: dict[str, int]) -> list[str]:
    if not weights:
        return []
    if "chemical_attack" in weights and weights.get("diplomacy", 0) >= 2:
        # inspectors, sanctions, talks or a condemnation over a chemical attack: it is their subject
        weights = {k: w for k, w in weights.items() if k != "chemical_attack"}
    if len(weights) == 1:
        return list(weights)  # one type named: none of the rules below applies
    violent = [k for k in weights if k in _VIOLENT]
    out: list[str] = []
    if violent:
        best = max(violent, key=lambda k: (weights[k], -VIOLENT_ORDER.index(k)))
        if weights[best] >= 2 or len(weights) == len(violent):
            out.append(best)
        if weights[best] >= 3:  # "القصف الجوي والمدفعي": each violent type a strong word names is an event
            out += [k for k in VIOLENT_ORDER if k != best and weights.get(k, 0) >= 3]
    others = [k for k in weights if k not in _VIOLENT]
    strong_others = [k for k in others if weights[k] >= 2]
    if "diplomacy" in strong_others and "ceasefire" in strong_others and weights["ceasefire"] < 3:
        strong_others.remove("ceasefire")
    if "diplomacy" in strong_others and "displacement" in strong_others and weights["diplomacy"] >= 3:
        strong_others.remove("displacement")  # talks on the return of refugees
    if out and "displacement" in strong_others and weights["displacement"] < 3 and weights[out[0]] >= 2:
        strong_others.remove("displacement")  # a strike on a camp for displaced people
    if out and weights.get("arrests", 0) >= 3 and weights[out[0]] < 3:
        out.pop(0)  # a raid backed by helicopters, shots fired during an arrest: the arrests
    if "protest" in strong_others and "arrests" in strong_others:
        strong_others.remove("arrests")  # protesting against arrests
    if "protest" in strong_others and "diplomacy" in strong_others and weights["protest"] >= 3:
        strong_others.remove("diplomacy")  # banners condemning the strikes, calls on the UN: the protest
    if "ceasefire" in weights and weights["ceasefire"] >= 3 and out and weights[out[0]] < 3:
        out.pop(0)  # a violation by shelling is the ceasefire event
    if strong_others:
        out.extend(sorted(strong_others, key=lambda k: -weights[k]))
    elif not out and others:
        out.append(max(others, key=lambda k: weights[k]))
    return out
