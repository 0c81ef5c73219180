"""Casualty counts in one sentence: killed, injured, killed children, killed women.

A sentence is read as groups: a count (digits, words, a dual noun such as طفلين) with the
noun it counts (civilians, children, women, fighters, "others"). Each group takes the role
of the nearest killed/injured word; "more than N" counts N (qualifiers are skipped); a group
right after بينهم / منهم / including, or in brackets after a count, is a breakdown of the count
before it. ``killed`` is the sum of the top-level killed groups, so "three children and two
women were killed" gives 5.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analysis.lexicon import PhraseMatcher, rows
from bot.analysis.normalize import clitic_variants, normalize
from bot.analysis.numbers import read_number

__all__ = ["Casualties", "read_casualties"]

_BREAKDOWN = frozenset({"بينهم", "منهم", "بينهن", "منهن", "بينهما", "منهما", "including", "among", "of"})
_CONJ = frozenset({"and", "و", ","})
_SKIP_FWD = frozenset({"were", "was", "have", "has", "been", "had", "are", "is", "reportedly", "also", "in", "بجروح"})
_SIDE = frozenset({"من", "of", "from", "on"})  # "soldiers of the army and four fighters", "on both sides"
# Qualifier words between the two sides' counts do not part them ("18 عنصراً من قوات النظام، وما لا يقل عن خمسة").
_QUAL_GLUE = frozenset({"وما", "ما", "لا", "يقل", "يزيد", "عن", "على", "الاقل", "نحو", "at", "least", "more", "than"})


def _side_gap(between: Sequence[str]) -> int:
    return sum(1 for t in between if t not in _QUAL_GLUE)


_MAX_GAP = 6
_EACH_SIDE = frozenset(
    {("من", "كل", "طرف"), ("من", "كل", "جانب"), ("from", "each", "side"), ("on", "each", "side")}
    | {("of", "each", "side")}
)
_PASSIVE_GAP = 16  # "At least 33 members of ... organisations were killed": a subject far from its verb
_PASSIVE = frozenset({"were", "was", "been", "are", "is"})
_NOUNS = frozenset({"child", "woman", "person", "fighter", "others"})
# Words that end an English noun phrase: a count's noun is not looked for past them.
_NP_END = frozenset(
    {"and", "or", "in", "on", "at", "by", "from", "to", "when", "after", "as", "with", "were", "was", "have", "has"}
    | {"had", "been", "are", "the", "a", "an", "of", "for", "during", "while", "including", "among", "said", "who"}
)
_NP_GAP = 3  # "45 Islamic State militants", "20 Kurdish militia fighters"
_TOLL_VERBS = frozenset(
    {"to", "at", "reached", "reach", "reaches", "is", "was", "stood", "stands", "hit", "hits", "climbed", "of", "الي"}
)
_UNITS = frozenset(
    {"year", "years", "month", "months", "day", "days", "hour", "hours", "week", "weeks", "km", "kilometres"}
    | {"kilometers", "miles", "metres", "meters", "percent", "per", "million", "billion", "tons", "tonnes", "am", "pm"}
    | {"عاما", "عام", "سنه", "سنوات", "اعوام", "شهرا", "اشهر", "يوما", "ايام", "ساعه", "ساعات", "كم", "كيلومتر", "متر"}
    | {"بالمئه", "بالمائه", "مليون", "مليار", "طن"}
)
# How far (in tokens) a group's role, a bracket's breakdown or a qualifier run is looked for. Far beyond what a
# sentence ever needs; it keeps the work per group constant, so a sentence of any length reads in linear time.
_LOOK = 64
_QUAL_RUN = 16
MAX_INCIDENT_COUNT = 5000  # a larger figure is a war's or a campaign's toll, never one incident's


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    killed_children: int | None = None
    killed_women: int | None = None

    def is_empty(self) -> bool:
        return self.killed is None and self.injured is None


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    value: int
    who: str | None  # child | woman | person | fighter | others | None
    role: str | None = None
    parent: int | None = None  # index of the group this one breaks down
    toll: bool = False  # "the death toll ... rose to N"


@dataclass(frozen=True, slots=True)
class _Index:
    """Where the casualty words of a sentence are, by token, so no look-up walks every match."""

    cue_at: dict[int, tuple[int, str]]  # token -> (start, role) of the first killed/injured phrase covering it
    cue_ends: frozenset[int]  # where a killed/injured phrase ends
    covered: frozenset[int]  # tokens inside any matched phrase

    @classmethod
    def of(cls, roles: dict[int, tuple[str, int]]) -> _Index:
        cue_at: dict[int, tuple[int, str]] = {}
        covered: set[int] = set()
        for s, (r, e) in roles.items():  # insertion order: the first phrase covering a token wins
            covered.update(range(s, e))
            if r in ("killed", "injured"):
                for k in range(s, e):
                    cue_at.setdefault(k, (s, r))
        ends = frozenset(e for r, e in roles.values() if r in ("killed", "injured"))
        return cls(cue_at, ends, frozenset(covered))


@functools.cache
def _zeros() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("zeros.tsv"))


def zero_fields(tokens: Sequence[str]) -> frozenset[str]:
    """Counts a sentence says are nil ("دون وقوع إصابات": killed and injured; "none … was killed": killed)."""
    out: set[str] = set()
    for m in _zeros().find(tokens):
        out.update(("killed", "injured") if m.payload == "both" else (m.payload,))
    return frozenset(out)


@functools.cache
def _words() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("casualty_words.tsv"))


@functools.cache
def _qualifiers() -> PhraseMatcher:
    return PhraseMatcher((r[0], True) for r in rows("qualifiers.tsv"))


@functools.cache
def _breakdown_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in _BREAKDOWN)


def _is_breakdown_word(tok: str) -> bool:
    return any(v in _breakdown_words() for v in clitic_variants(tok))


def read_casualties(tokens: Sequence[str]) -> Casualties:
    """The counts one sentence states (``None`` where it states none)."""
    words = _words()
    roles: dict[int, tuple[str, int]] = {}  # token index -> (role/noun, end)
    for m in words.find(tokens):
        roles[m.start] = (m.payload, m.end)
    if not any(r[0] in ("killed", "injured") for r in roles.values()):
        return _one_victim(roles)
    qual_cover = {k for m in _qualifiers().find(tokens) for k in range(m.start, m.end)}
    at = _Index.of(roles)
    groups: list[_Group] = []
    depth = 0
    paren_of: list[int] = []  # paren depth per token
    for tok in tokens:
        if tok == "(":
            depth += 1
        paren_of.append(depth)
        if tok == ")":
            depth = max(0, depth - 1)
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if i in roles and roles[i][0].startswith("dual:"):
            groups.append(_Group(i, roles[i][1], 2, roles[i][0][5:]))
            i = roles[i][1]
            continue
        got = read_number(tokens, i)
        if got is None and groups and i - groups[-1].end <= 6 and tok.startswith("و") and len(tok) > 3:
            # "وثلاثة مقاتلين", "واثنان من مقاتلي الفصائل": a count listed after another
            alt = read_number([tok[1:]], 0)
            noun = i + 2 if i + 2 < n and tokens[i + 1] == "من" else i + 1
            if alt is not None and noun < n and noun in roles and roles[noun][0] in _NOUNS:
                groups.append(_Group(i, roles[noun][1], alt[0], roles[noun][0]))
                i = roles[noun][1]
                continue
        if got is None and i in roles and roles[i][0] in _NOUNS and not tok.isascii():
            after = read_number(tokens, roles[i][1])
            if after is not None and not tokens[roles[i][1]].isdigit():
                groups.append(_Group(i, after[1], after[0], roles[i][0]))  # "مدنيين اثنين": the number follows
                i = after[1]
                continue
        if got is None and i in roles and groups and groups[-1].end >= i - 1 and _singular(tok):
            # "طفلين وامرأة", "two children and a woman": one more of that kind
            groups.append(_Group(i, roles[i][1], 1, _singular(tok)))
            i = roles[i][1]
            continue
        if (
            got is None
            and i in roles
            and tok.startswith("و")
            and _singular(tok) == "fighter"
            and groups
            and groups[-1].who == "fighter"
            and groups[-1].end < i <= groups[-1].end + _MAX_GAP
            and tokens[groups[-1].end] in _SIDE
        ):
            groups.append(_Group(i, roles[i][1], 1, "fighter"))  # "عنصرين من الأمن ومسلح من أبناء المدينة"
            i = roles[i][1]
            continue
        if got is None and i in roles and _singular(tok) and _cue_before(tokens, at, i, qual_cover):
            groups.append(_Group(i, roles[i][1], 1, _singular(tok)))  # "قتل مدني"
            i = roles[i][1]
            continue
        if (
            got is None
            and tok.isascii()
            and i + 1 < n
            and _singular(tok)
            and _participle(tokens, roles, i + 1)
            and not (i > 0 and read_number(tokens, i - 1) and not _is_year(tokens[i - 1]))
        ):
            groups.append(_Group(i, i + 1, 1, _singular(tok)))  # headline "Child killed, 9 injured"
            i += 1
            continue
        if got is None and tok in ("a", "an", "one", "her", "his", "their") and i + 1 < n:
            k = i + 1
            if tokens[k + 1 : k + 3] in (["year", "old"], ["years", "old"]) and read_number(tokens, k):
                k += 3  # "her eight-year-old daughter"
            if k < n and _singular(tokens[k]):
                groups.append(_Group(i, k + 1, 1, _singular(tokens[k])))
                i = k + 1
                continue
        if got is None:
            i += 1
            continue
        value, j = got
        # "التاسعة عشر" (an age, an ordinal): a bare عشر after a definite word is not a count.
        if j == i + 1 and tok in ("عشر", "عشره") and i > 0 and tokens[i - 1].startswith("ال"):
            i = j
            continue
        if j < n and tokens[j] in _UNITS:
            i = j  # "three-year-old", "20 km", "48 hours": not a count of people
            continue
        who = None
        end = j
        of_them = tokens[j : j + 2] == ["of", "them"]
        if of_them:
            j += 2
        noun = _noun_after(tokens, roles, j)
        if noun is None and j + 1 < n and tokens[j] == "من" and roles.get(j + 1, ("",))[0] in _NOUNS:
            noun = j + 1  # "ثلاثة من عناصر قسد", "3 من مقاتلي الهيئة": a count of some of a group
        if noun is not None:
            who = roles[noun][0]
            end = roles[noun][1]
            # "civilians, including ...", "مدنيين اثنين": a second noun right after stays in the group
        elif j < n and j in roles and roles[j][0].startswith("dual:"):
            i = j
            continue
        toll = who is None and _toll_before(tokens, i, qual_cover)
        near_cue = toll or _cue_after(tokens, roles, j) or _cue_before(tokens, at, i, qual_cover)
        if who is None and not near_cue:
            i = j
            continue
        is_year = _is_year(tok) and not _qualified(i, qual_cover)
        if is_year or value > MAX_INCIDENT_COUNT:
            i = j
            continue
        groups.append(_Group(i, end, value, who, parent=-1 if of_them else None, role="killed" if toll else None))
        groups[-1].toll = toll
        i = end
    if not groups:
        return _one_victim(roles)
    for g in groups:
        if tuple(tokens[g.end : g.end + 3]) in _EACH_SIDE:
            g.value *= 2  # "قتل عنصران من كل طرف", "two fighters on each side": both sides' dead
    # Breakdowns: after بينهم/including, or inside brackets that follow a count.
    if groups[0].parent == -1:
        groups[0].parent = None
    for gi, g in enumerate(groups):
        if gi == 0:
            continue
        k = g.start - 1
        while k >= 0 and k in qual_cover and k > groups[gi - 1].end:
            k -= 1
        prev_tok = tokens[k] if k >= 0 else ""
        if prev_tok in ("them", "whom") and k > 0:
            prev_tok = tokens[k - 1]
        elif prev_tok == "among" and groups[gi - 1].parent is None and g.start - groups[gi - 1].end <= 3:
            groups[gi - 1].parent = gi  # "six children were among 19 civilians killed": the count comes second
            continue
        joined = any(t in _CONJ for t in tokens[groups[gi - 1].end : g.start]) or tokens[g.start].startswith("و")
        if (
            g.parent == -1
            or (_is_breakdown_word(prev_tok) and k not in at.covered)
            or (groups[gi - 1].parent is not None and joined and g.start - groups[gi - 1].end <= 1)
            or (paren_of[g.start] > paren_of[groups[gi - 1].start])
        ):
            parent = gi - 1
            while groups[parent].parent is not None:
                parent = groups[parent].parent
            g.parent = parent
    # Roles, left to right; a killed/injured word after a group describes it and is not read again
    # for the next one ("25 civilians killed, 80 injured").
    consumed: set[int] = set()
    group_at = {g.start: gi for gi, g in enumerate(groups)}  # starts only grow: one group per start
    for gi, g in enumerate(groups):
        if g.parent is not None or g.toll:
            continue
        g.role = _role(tokens, roles, at, groups, group_at, gi, paren_of, qual_cover, consumed)
    # "45 militants and 20 fighters had been killed": a group joined by "and" to the next one shares its role.
    for gi in range(len(groups) - 2, -1, -1):
        g, nxt = groups[gi], groups[gi + 1]
        if g.role is None and g.parent is None and nxt.parent is None and nxt.role:
            between = tokens[g.end : nxt.start]
            joined = any(t in _CONJ for t in between) or tokens[nxt.start].startswith("و")
            if joined and len(between) <= 1:
                g.role = nxt.role
    # "قُتل 9 عناصر من قوات النظام و3 مقاتلين من الفصائل": the dead of the other side share the role.
    for gi in range(1, len(groups)):
        g, prev = groups[gi], groups[gi - 1]
        if g.parent is not None or prev.parent is not None or not prev.role or prev.who != "fighter":
            continue
        if _is_fighters(tokens, roles, g):
            if any(roles.get(k, ("",))[0] in ("killed", "injured") for k in range(prev.end, g.start)):
                continue  # "قتل 3 عناصر وأصيب اثنان": each count has its own verb
            between = tokens[prev.end : g.start]
            joined = any(t in _CONJ or t == "وما" for t in between) or tokens[g.start].startswith("و")
            of_side = len(between) > 1 and between[0] in _SIDE and _side_gap(between) <= 6
            if joined and (of_side or len(between) <= 2):
                g.role = prev.role  # also past a short name: "ثلاثة من عناصر قسد واثنين من المسلحين"
    for g in groups:
        if g.parent is not None:
            g.role = groups[g.parent].role
    # Singular nouns listed inside a breakdown ("(3 أطفال وفتاة وامرأة)") count one each.
    extra = _singulars_in_breakdowns(tokens, roles, groups, paren_of)
    _apposed_singulars(tokens, groups, extra)
    killed = _total(tokens, [g for g in groups if g.role == "killed" and g.parent is None])
    injured = _total(tokens, [g for g in groups if g.role == "injured" and g.parent is None])
    kc = [g.value for g in groups if g.role == "killed" and g.who == "child"] + extra.get(("killed", "child"), [])
    kw = [g.value for g in groups if g.role == "killed" and g.who == "woman"] + extra.get(("killed", "woman"), [])
    if killed is None and any(r[0] == "killed:1" for r in roles.values()):
        killed = 1  # "shot dead a commander …, and a bomb wounded four soldiers"
    return Casualties(
        killed=killed,
        injured=injured,
        killed_children=sum(kc) if kc else None,
        killed_women=sum(kw) if kw else None,
    )


_SINGULAR = {
    "امراه": "woman",
    "سيده": "woman",
    "woman": "woman",
    "طفل": "child",
    "طفله": "child",
    "child": "child",
    "boy": "child",
    "girl": "child",
    "man": "person",
    "civilian": "person",
    "person": "person",
    "رجل": "person",
    "شاب": "person",
    "مدني": "person",
    "مسلح": "fighter",
    "مواطن": "person",
    "اخر": "person",
    "مواطنه": "woman",
    "طفلهما": "child",
    "طفلتها": "child",
    "طفلته": "child",
    "طفلهم": "child",
    "ثالث": "person",
    "طفلها": "child",
    "زوجها": "person",
    "زوجته": "woman",
    "ابنها": "child",
    "ابنه": "child",
    "شقيقها": "person",
    "شقيقه": "person",
    "شقيقته": "woman",
    "ابنهما": "child",
    "ابنتهما": "child",
    "ابنته": "child",
    "ابنتها": "child",
    "والدتهما": "woman",
    "والدته": "woman",
    "والدتها": "woman",
    "والده": "person",
    "والدها": "person",
    "راع": "person",
    "راعي": "person",
    "عنصر": "fighter",
    "مقاتل": "fighter",
    "جندي": "fighter",
    "ضابط": "fighter",
    "قيادي": "fighter",
    "قائد": "fighter",
    "officer": "fighter",
    "commander": "fighter",
    "doctor": "person",
    "nurse": "person",
    "teacher": "person",
    "shepherd": "person",
    "passer": "person",
    "passerby": "person",
    "soldier": "fighter",
    "fighter": "fighter",
    "daughter": "child",
    "son": "child",
    "mother": "woman",
    "wife": "woman",
    "husband": "person",
    "grandmother": "woman",
}


def _is_fighters(tokens: Sequence[str], roles: dict, g: _Group) -> bool:
    """Fighters counted by this group: "أربعة مقاتلين", or "واثنين من المسلحين" (a count, then "of" fighters)."""
    if g.who == "fighter":
        return True
    k = g.end + 1
    return g.who is None and g.end < len(tokens) and tokens[g.end] in _SIDE and roles.get(k, ("",))[0] == "fighter"


def _one_victim(roles: dict) -> Casualties:
    """A verb that names one victim ("اغتال رئيس البلدية", "shot dead a council member") when no count was read."""
    return Casualties(killed=1) if any(r[0] == "killed:1" for r in roles.values()) else Casualties()


def _singular(tok: str) -> str | None:
    for v in clitic_variants(tok):
        if v in _SINGULAR:
            return _SINGULAR[v]
    return None


def _total(tokens: Sequence[str], top: list[_Group]) -> int | None:
    """Groups listed together add up ("three children and two women", "and nine others"); a count
    told again further on (a headline and its lead run together) does not: the largest list wins."""
    if not top:
        return None
    sums = [top[0].value]
    for prev, g in itertools.pairwise(top):
        between = tokens[prev.end : g.start]
        joined = any(t in _CONJ or t == "وما" for t in between) or tokens[g.start].startswith("و")
        listed = len(between) <= 2 and joined
        if not listed and prev.who == g.who == "fighter" and joined and _side_gap(between) <= 6 and between[0] in _SIDE:
            listed = True  # "11 عنصراً من قوات النظام وأربعة مقاتلين من الفصائل": the dead of both sides
        if listed or (g.who == "others" and g.value != prev.value):
            sums[-1] += g.value
        else:
            sums.append(g.value)
    return max(sums)


def _top(groups: list[_Group], g: _Group) -> int | None:
    parent = g.parent
    while parent is not None and groups[parent].parent is not None:
        parent = groups[parent].parent
    return parent


def _noun_after(tokens: Sequence[str], roles: dict, j: int) -> int | None:
    """Where the noun a count counts starts: right after it, or past a few English modifiers
    ("45 Islamic State militants")."""
    for k in range(j, min(j + 1 + _NP_GAP, len(tokens))):
        hit = roles.get(k)
        if hit and hit[0] in _NOUNS:
            return k
        tok = tokens[k]
        if not tok.isascii() or tok in _NP_END or tok.isdigit() or hit or tok in ("(", ")"):
            return None
    return None


_ACTIVE = frozenset({"killing", "wounding", "injuring", "kill", "kills", "leaving"})


def _participle(tokens: Sequence[str], roles: dict, k: int) -> bool:
    hit = roles.get(k)
    return bool(hit) and hit[0] in ("killed", "injured") and tokens[k] not in _ACTIVE


def _is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and 1900 <= int(tok) <= 2100


def _cue_after(tokens: Sequence[str], roles: dict, j: int) -> bool:
    """A killed/injured word right after a count, or after "were", "have been" ("115 were wounded")."""
    k = j
    while k < len(tokens) and k < j + 3:
        hit = roles.get(k)
        if hit:
            return hit[0] in ("killed", "injured")
        if tokens[k] not in _SKIP_FWD or tokens[k] == "in":
            return False
        k += 1
    return False


def _qualified(i: int, qual_cover: set[int]) -> bool:
    return i > 0 and (i - 1) in qual_cover


def _toll_before(tokens: Sequence[str], i: int, qual_cover: set[int]) -> bool:
    """ "The death toll from the blasts rose to N", "put the toll at N"."""
    k = i - 1
    while k >= 0 and k in qual_cover and k >= i - _QUAL_RUN:
        k -= 1
    if k < 0 or tokens[k] not in _TOLL_VERBS:
        return False
    for b in range(k - 1, max(-1, k - 20), -1):
        if tokens[b].isdigit():
            return False
        if tokens[b] == "toll" or "حصيله" in clitic_variants(tokens[b]):
            return True
    return False


def _cue_before(tokens: Sequence[str], at: _Index, i: int, qual_cover: set[int]) -> bool:
    k = i - 1
    steps = 0
    while k >= 0 and steps < 4:
        if k + 1 in at.cue_ends:
            return True
        if k not in qual_cover and tokens[k] not in _SKIP_FWD:
            return False
        k -= 1
        steps += 1
    return False


def _role(tokens, roles, at: _Index, groups, group_at, gi, paren_of, qual_cover, consumed: set[int]) -> str | None:
    """The killed/injured word nearest to a group; ties go to the word before it.

    Looking ahead stops at a word that opens a new clause (وجرح، "and injured") and skips the
    group's own breakdown ("seven people, including two children, were killed"); far ahead, only a
    passive verb ("were killed") is taken. A word already read for the group before is skipped.
    Both looks are bounded (``_LOOK``), so a sentence of any length costs time in proportion to it.
    """
    g = groups[gi]
    before: tuple[int, str] | None = None
    k = g.start - 1
    dist = 0
    prev_end = groups[gi - 1].end if gi > 0 else -1
    while k >= 0 and k >= prev_end and dist <= _MAX_GAP and k >= g.start - _LOOK:
        hit = at.cue_at.get(k)
        if hit:
            if hit[0] not in consumed:
                before = (dist, hit[1])
            break
        if k not in qual_cover:
            dist += 1
        k -= 1
    after: tuple[int, str] | None = None
    after_at = -1
    k = g.end
    dist = 0
    while k < len(tokens) and dist <= _PASSIVE_GAP and k < g.end + _LOOK:
        if paren_of[k] > paren_of[g.start] or tokens[k] in ("(", ")"):
            k += 1
            continue
        nxt_at = group_at.get(k)
        if nxt_at is not None:
            nxt = groups[nxt_at]
            if nxt.parent is not None and _top(groups, nxt) == gi:
                k = nxt.end  # the group's own breakdown
                continue
            break
        hit = roles.get(k)
        if hit and hit[0] in ("killed", "injured"):
            opens_clause = (
                (tokens[k][0] == "و" and tokens[k] != "وفاه")
                or (k > 0 and tokens[k - 1] == "and")
                or tokens[k] in _ACTIVE  # "killing two people, injuring eight": the verb takes what follows
            )
            if not opens_clause and (dist <= _MAX_GAP or tokens[k - 1] in _PASSIVE):
                after = (dist, hit[0])
                after_at = k
            break
        if tokens[k] not in _SKIP_FWD:
            dist += 1
        k += 1
    # English headlines: "Child killed, 9 civilians injured": a participle right after the group is its own.
    if after and before and after[0] == before[0] == 0 and tokens[g.start].isascii() and after_at == g.end:
        before = None
    if after and not (before and before[0] <= after[0]):
        consumed.add(after_at)
    if before and (not after or before[0] <= after[0]):
        return before[1]
    if after:
        return after[1]
    # "killed 5 civilians and 3 fighters": a group joined by "and" shares the role before it.
    if (
        gi > 0
        and groups[gi - 1].role
        and any(t in _CONJ or t.startswith("و") for t in tokens[groups[gi - 1].end : g.start + 1])
    ):
        return groups[gi - 1].role
    if before:
        return before[1]
    return None


_APPOSED = frozenset({"هم", "هما", "وهم", "وهما", "هن", "وهن", "namely"})


def _apposed_singulars(tokens: Sequence[str], groups: list[_Group], out: dict[tuple[str, str], list[int]]) -> None:
    """ "ثلاثة مدنيين، هم امرأة وطفلها ورجل مسن": the victims named one by one after a count."""
    for g in groups:
        if g.parent is not None or not g.role:
            continue
        k = g.end + (1 if g.end < len(tokens) and tokens[g.end] == "," else 0)
        if k >= len(tokens) or tokens[k] not in _APPOSED:
            continue
        for tok in tokens[k + 1 : k + 7]:
            if tok == ",":
                break
            who = _singular(tok)
            if who in ("child", "woman"):
                out.setdefault((g.role, who), []).append(1)


def _singulars_in_breakdowns(tokens, roles, groups, paren_of) -> dict[tuple[str, str], list[int]]:
    out: dict[tuple[str, str], list[int]] = {}
    in_group = {k for h in groups for k in range(h.start, h.end)}
    for g in groups:
        if g.parent is None or not g.role:
            continue
        k = g.end
        stop = min(len(tokens), g.end + _LOOK)  # an unclosed bracket does not make every breakdown read to the end
        while k < stop and (paren_of[k] >= paren_of[g.start] and paren_of[g.start] > 0) and tokens[k] != ")":
            hit = roles.get(k)
            listed = hit and hit[0] in ("child", "woman") and tokens[k].startswith("و")
            if listed and k not in in_group:
                out.setdefault((g.role, hit[0]), []).append(1)
            k += 1
    return out
