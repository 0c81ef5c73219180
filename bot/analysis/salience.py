"""Salience and newness: which sentences may announce an event, and which may only add to one.

The attachment rules, in the order ``analyze`` applies them to each sentence (``document.py`` gives the
roles; each rule has its own table in tests/analysis/test_salience.py):

1. ``aside``: a crosshead or a link to another article announces nothing and adds nothing.
2. ``background``: a recap, a total, history, a denial (``events.is_background``) announces nothing; an inquiry
   into an old attack keeps only its diplomacy (inspectors at the site, a UN report).
3. ``abroad``: a sentence that puts its incident outside Syria (``scope.is_abroad``) gives no violent event
   and no arrests (a raid in Izmir);
   when the headline is abroad (a country anywhere in it, a city or a side of a war abroad), a sentence gives an
   event only with its own place in Syria or naming Syria.
4. ``announce``: the headline and the lead announce the report's incidents.
4c. ``question``: unless the headline asks a question ("هل تنجح روسيا في تفادي مواجهة …؟"), threatens ("عواقب
   وخيمة إذا …", "كل الخيارات مطروحة", "الرد التالي …") or heads an explainer ("تعرف على …", "بالتفاصيل.. …"): the
   report is analysis, a threat or background, not news of an incident; its headline announces nothing and its
   lead is judged like a later paragraph (rule 5).
4d. ``plain``: a headline that tells no incident (no event word, no toll, no "المرصد: …" attribution) heads a
   feature, a profile, a report on conditions ("ظروف عمل بشعة للاجئين السوريين في تركيا"): its lead's violence,
   displacement or battle is judged like a later paragraph (rule 5); a statement in the lead stays the news.
4e. ``statement``: a headline or a lead sentence that tells what a government, a leader or the UN said, called for
   or warned of ("فرنسا: نشر إس-300 ينذر بتصعيد") tells a statement (diplomacy), not the strikes, the deal or the
   returns it names (``speaks_of``); an army, a monitor or the opposition reporting an operation still tells it.
5. ``news``: a later paragraph announces an incident of its own only when it names its own place and either
   the time of the news ("صباح اليوم", "on Monday"), its own toll or figure, or a next-item cue ("وفي سياق
   منفصل"); or when it names a town of its own (an admin centre, or a village it calls a town: "بلدة قرقس") with
   strong words for violence ("غارات على بلدة كفرنبل").
6. ``join``: any other later sentence only adds to an incident already announced, of its type and place
   (a detail, a count, the town): it never starts one. Reactions, quotes and background stay out.
7. ``towns`` (``analyze``'s ``_coordinated``): a violent sentence that names towns side by side ("القصف في حرستا
   وعربين") tells one incident per town; the toll stays with the first.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bot.analysis.document import BODY, HEADLINE, LEAD
from bot.analysis.events import _cues
from bot.analysis.lexicon import PhraseMatcher, rows
from bot.analysis.normalize import match_tokens

__all__ = [
    "announces",
    "announces_nothing",
    "headline_is_plain",
    "is_commentary",
    "is_statement",
    "official_speaks",
    "speaks_of",
    "tells_now",
]


@functools.cache
def _cues_of_structure() -> PhraseMatcher:
    """Every news cue of structure.tsv in one matcher (one scan per sentence), the kind as payload."""
    return PhraseMatcher((r[0], r[1]) for r in rows("structure.tsv") if r[1] != "link")


def _kinds(tokens: Sequence[str]) -> set[str]:
    return {m.payload for m in _cues_of_structure().find(tokens)}


def tells_now(tokens: Sequence[str]) -> bool:
    """A time of the news itself: today, last night, a weekday."""
    return "now" in _kinds(tokens)


# Numbers of things, not of people: "17 طنا من المتفجرات", "28 في المئة", "50 مليون يورو".
_UNITS = frozenset(
    {"طن", "طنا", "اطنان", "كم", "كلم", "كيلومتر", "كيلومترا", "كيلومترات", "متر", "مترا", "بالميه", "بالمايه", "في"}
    | {"مليون", "مليار"}
    | {"دولار", "يورو", "ليره", "عاما", "عام", "سنه", "سنوات", "يوما", "ايام", "شهرا", "اشهر", "ساعه", "ساعات"}
    | {"tons", "tonnes", "km", "kilometres", "kilometers", "percent", "million", "billion", "dollars", "euros"}
    | {"years", "days", "months", "hours"}
)


def _figure(tokens: Sequence[str]) -> bool:
    """A count of its own that is not a year nor an amount ("أكثر من 300 عائلة", "11 شخصاً"; not "17 طنا")."""
    n = len(tokens)
    return any(
        t.isdigit() and not (len(t) == 4 and t[:2] in ("19", "20")) and (i + 1 == n or tokens[i + 1] not in _UNITS)
        for i, t in enumerate(tokens)
    )


def announces(role: str, tokens: Sequence[str], has_place: bool, has_toll: bool, town_strike: bool = False) -> bool:
    """Rules 4 and 5: whether a sentence in this role may start an incident. ``town_strike``: the sentence names a
    town of its own and strong words for violence ("غارات على بلدة كفرنبل"), outside a quote."""
    if role in (HEADLINE, LEAD):
        return True
    if role != BODY:
        return False
    if town_strike or (has_place and (has_toll or tells_now(tokens) or _figure(tokens))):
        return True
    # "وفي سياق منفصل، …", "Separately, …": the next item of news, with its place or its time
    kinds = _kinds(tokens)
    return "next" in kinds and (has_place or "now" in kinds)


def is_commentary(tokens: Sequence[str]) -> bool:
    """A legislator, a former official or an interview speaks ("حذر سناتور أميركي ترامب …"): no government's step."""
    return "commentary" in _kinds(tokens)


def is_statement(tokens: Sequence[str]) -> bool:
    """Rule 4b: a statement, warning, call or talks ("حذر لافروف واشنطن", "Macron and Sisi discuss"), or what an
    official or a state said ("قال البيت الأبيض إن …"), not a guess about what could happen ("the army could
    launch an offensive, a newspaper warned"), nor commentary (a senator, a former president, an interview)."""
    if any(m.payload == "hyp" for m in _cues().find(tokens)):
        return False
    kinds = _kinds(tokens)
    if "commentary" in kinds:  # a senator, a former president, an interview: no government's step
        return False
    return "statement" in kinds or {"speech", "official"} <= kinds


# Speakers who report an operation or a toll, not a position: an army, a monitor, a source, an agency, a ministry
# of defence ("أعلن الجيش الإسرائيلي قصف موقع", "قال المرصد إن …"): what they say happened is news
_REPORTERS = frozenset(
    {"الجيش", "جيش", "المرصد", "مصدر", "مصادر", "الدفاع", "وكاله", "سانا", "التلفزيون", "التحالف", "المتحدث"}
    | {"المعارضه", "معارضون", "ناشطون", "ناشطين", "مسعفون", "سكان", "شهود"}
    | {"army", "military", "observatory", "source", "sources", "agency", "coalition", "defence", "defense"}
    | {"opposition", "activists", "rescuers", "residents", "witnesses", "medics", "media"}
)
_OPENING = 8  # a lede's speaker and verb come first: "قالت وزارة الخارجية الفرنسية، الجمعة، إن …"
# a statement that follows an incident ("سوريا تتهم إسرائيل بعد اختراق هدف معاد"): the incident is news too
_AFTER = frozenset({"بعد", "اثر", "عقب", "after", "following"})
# "أعلنت روسيا إقامة مركز لعودة اللاجئين": an announcement is often the step itself, not a position
_ANNOUNCE = frozenset({"اعلن", "اعلنت", "تعلن", "يعلن", "announced"})


def speaks_of(tokens: Sequence[str], before_colon: Sequence[str] = ()) -> bool:
    """Rule 4e: a headline or a lede that tells what a government, a leader or the UN said, called for or warned
    of ("قالت الخارجية الفرنسية إن نشر إس-300 ينذر بتصعيد", "أردوغان: الاتفاق حول منبج لم يمت"): the strikes,
    the deal or the returns it names are what was said, the statement is the news (one diplomacy event). Not an
    army, a monitor or a source reporting an operation ("أعلن الجيش الإسرائيلي قصف موقع")."""
    opening = tokens[:_OPENING]
    if not _AFTER.isdisjoint(tokens):
        return False
    if not _REPORTERS.isdisjoint(opening) or not _REPORTERS.isdisjoint(before_colon):
        return False
    if official_speaks(before_colon):
        return True
    cues = [m for m in _cues_of_structure().find(opening) if opening[m.start] not in _ANNOUNCE]
    found = {m.payload for m in cues}
    if "commentary" in found:  # a party leader, a senator: no government's position
        return False
    if "statement" in found:
        return True
    # "قالت وزارة الخارجية إن …", "The White House said …": the official is the one who speaks (beside the verb),
    # not the side the words are about ("activists said government forces fired …")
    said = [m.start for m in cues if m.payload == "speech"]
    arabic = _arabic(opening)  # the speaker follows the verb in Arabic ("قال الوزير"), precedes it in English
    return any(
        m.payload == "official" and any(-3 <= m.start - k <= 5 if arabic else -6 <= m.start - k < 0 for k in said)
        for m in cues
    )


def official_speaks(before_colon: Sequence[str]) -> bool:
    """A headline "X: …" whose X is a government, a leader or the UN ("بوتن: لا حاجة لعمل عسكري كبير في إدلب",
    "الخارجية الأمريكية: …"): what follows is what they said. Not a monitor or an army ("المرصد السوري: …")."""
    return 0 < len(before_colon) <= 3 and _REPORTERS.isdisjoint(before_colon) and "official" in _kinds(before_colon)


def _arabic(tokens: Sequence[str]) -> bool:
    return any("\u0600" <= t[:1] <= "\u06ff" for t in tokens[:3])


_QUESTION = frozenset("؟?")
_QUIET = frozenset({"threat", "explainer"})  # a threat, or an explainer ("تعرف على …", "بالتفاصيل.. …")


def announces_nothing(headline: str) -> bool:
    """Rule 4c: a headline that asks a question, threatens (``threat`` cues of structure.tsv: a condition, dire
    consequences, a retaliation, all options) or heads an explainer (``explainer`` cues: "تعرف على", "بالتفاصيل")
    heads analysis, a threat or background, whose lead tells no incident as news."""
    if not _QUESTION.isdisjoint(headline):
        return True
    return not _QUIET.isdisjoint(_kinds(match_tokens(headline)))


def headline_is_plain(headline: str, has_type: bool, has_toll: bool) -> bool:
    """Rule 4d: a headline that tells no incident - no event word, no toll, and no source's words ("المرصد السوري:
    …", "الخارجية: …", whose quote announces what the lead tells) - heads a feature or a report on conditions."""
    return not has_type and not has_toll and ":" not in headline
