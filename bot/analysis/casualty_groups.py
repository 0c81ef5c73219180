"""Casualty counts, stage 2: the groups a sentence counts - a number with the noun it counts.

The sentence is read left to right; at each token the readers of :data:`READERS` are asked in order and the
first that applies reads a group (or says to skip a number that counts no people). Each reader is one rule:

1. ``dual_noun`` - a dual counts two by itself: "طفلين" = 2.
2. ``number_with_noun`` - a number with the noun it counts, right after it or past a few English modifiers
   ("45 Islamic State militants"), or "N من" a group ("ثلاثة من عناصر قسد"); a number without a noun counts
   only beside a killed/injured word or a toll ("rose to 32"). Not people: ages, distances, years, a war's toll.
3. ``listed_after_and`` - "وثلاثة مقاتلين": a count joined by و to the group before it.
4. ``number_after_noun`` - "مدنيين اثنين": the number follows its noun.
5. ``cue_noun`` - a killed/injured noun in the singular or dual counts itself: "قتيل و6 جرحى" = 1 killed.
6. ``one_then_cue`` - "بأن طفلا قتل": a singular noun (no number before it) right before a killed word is one.
7. ``one_more`` - "طفلين وامرأة": a singular noun right after a group is one more victim.
8. ``other_side_one`` - "عنصرين من الأمن ومسلح": one more fighter of the other side.
9. ``singular_after_cue`` - "قتل رجل": a singular noun right after a killed/injured word is one victim.
10. ``english_singular`` - "Child killed, 9 injured", "a woman", "her eight-year-old daughter".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.analysis.casualty_spans import VICTIMS, Spans, grammar, has_class, singular
from bot.analysis.numbers import is_vague, read_number, starts_number

__all__ = ["MAX_INCIDENT_COUNT", "READERS", "Group", "read_groups"]

MAX_INCIDENT_COUNT = 5000  # a larger figure is a war's or a campaign's toll, never one incident's
_NP_GAP = 3  # "45 Islamic State militants", "20 Kurdish militia fighters"
_LISTED_GAP = 6  # how far after a group a count joined by و still belongs to its list
_QUAL_RUN = 16  # how far back a run of qualifiers is skipped
_CUE_BEFORE = 4  # how far back a killed/injured word still takes a count ("قتل ما لا يقل عن 5")


@dataclass(slots=True)
class Group:
    """A count of victims: tokens [start, end), its value, who it counts, and (stage 3) its role."""

    start: int
    end: int
    value: int
    who: str | None  # child | woman | person | fighter | others | None
    role: str | None = None  # killed | injured | mixed, set by the attachment rules
    parent: int | None = None  # the group this one breaks down (-1: "of them", the one before)
    toll: bool = False  # "the death toll ... rose to N"
    rival: bool = False  # "مقابل سبعة": the other side's count, listed with the one before


Read = tuple[Group | None, int] | None  # (a group or None to skip, where reading goes on) or "does not apply"
Reader = Callable[[Spans, list[Group], int], Read]


def dual_noun(sp: Spans, groups: list[Group], i: int) -> Read:
    w = sp.words.get(i)
    if w is not None and w.number == "du" and w.meaning in ("child", "woman", "person", "fighter"):
        return Group(i, w.end, 2, w.meaning), w.end
    return None


def number_with_noun(sp: Spans, groups: list[Group], i: int) -> Read:
    tokens, n = sp.tokens, len(sp.tokens)
    got = read_number(tokens, i)
    if got is None:
        return None
    value, j = got
    tok = tokens[i]
    if j == i + 1 and tok in ("عشر", "عشره") and i > 0 and tokens[i - 1].startswith("ال"):
        return None, j  # "التاسعة عشر": an age or an ordinal, not a count
    if is_vague(tok):
        return None, j  # "dozens of civilians": an amount, not a count (labelled null)
    if j < n and tokens[j] in grammar().unit:
        return None, j  # "three-year-old", "20 km", "48 hours"
    end = j
    of_them = tokens[j : j + 2] == ["of", "them"]
    if of_them:
        j += 2
    noun = _noun_after(sp, j)
    if noun is None and j + 1 < n and tokens[j] == "من" and sp.noun(j + 1):
        noun = j + 1  # "ثلاثة من عناصر قسد", "3 من مقاتلي الهيئة"
    who = None
    if noun is None and j < n and j in sp.words and sp.words[j].number == "du":
        noun = j  # "4 عسكريين روس": after a number, a dual-looking form (-ين) is the plural
    if noun is not None:
        who, end = sp.words[noun].meaning, sp.words[noun].end
    rival = who is None and i > 0 and has_class(tokens[i - 1], grammar().rival) and bool(groups)
    toll = None if rival else toll_of(sp, i)  # "the death toll … reached at least 112 people"
    near = toll is not None or rival or cue_after(sp, j) or cue_before(sp, i)
    if who is None and not near:
        return None, j
    if (is_year(tok) and not qualified(sp, i)) or value > MAX_INCIDENT_COUNT:
        return None, j
    g = Group(i, end, value, who, role=toll, parent=-1 if of_them else None, toll=toll is not None, rival=rival)
    return g, end


def listed_after_and(sp: Spans, groups: list[Group], i: int) -> Read:
    tokens, n, tok = sp.tokens, len(sp.tokens), sp.tokens[i]
    if not groups or i - groups[-1].end > _LISTED_GAP or not tok.startswith("و") or len(tok) <= 3:
        return None
    alt = read_number([tok[1:]], 0)
    noun = i + 2 if i + 2 < n and tokens[i + 1] == "من" else i + 1
    if alt is not None and noun < n and sp.noun(noun):
        return Group(i, sp.words[noun].end, alt[0], sp.words[noun].meaning), sp.words[noun].end
    return None


def number_after_noun(sp: Spans, groups: list[Group], i: int) -> Read:
    who = sp.noun(i)
    if who is None or sp.tokens[i].isascii():
        return None
    end = sp.words[i].end
    after = read_number(sp.tokens, end)
    if after is not None and not sp.tokens[end].isdigit():
        return Group(i, after[1], after[0], who), after[1]
    return None


def cue_noun(sp: Spans, groups: list[Group], i: int) -> Read:
    w = sp.words.get(i)
    if w is None or w.meaning not in ("killed", "injured") or w.number not in ("sg", "du"):
        return None
    if (groups and groups[-1].end == i) or read_number(sp.tokens, w.end) is not None:
        return None  # "70 قتيل", "قتيل واحد": the number counts
    return Group(i, w.end, 1 if w.number == "sg" else 2, None, role=w.meaning), w.end


def one_then_cue(sp: Spans, groups: list[Group], i: int) -> Read:
    w = sp.words.get(i)
    if w is None or w.meaning not in VICTIMS or w.number not in ("sg", "acc") or sp.tokens[i].isascii():
        return None
    if (groups and groups[-1].end == i) or (i > 0 and read_number(sp.tokens, i - 1) is not None):
        return None  # "15 طفلا": the number counts
    if sp.cue(w.end) in ("killed", "injured"):
        return Group(i, w.end, 1, w.meaning), w.end  # "بأن طفلا قتل وأصيب أربعة مدنيين"
    return None


def one_more(sp: Spans, groups: list[Group], i: int) -> Read:
    who = singular(sp.tokens[i]) if i in sp.words else None
    if who and groups and groups[-1].end >= i - 1:
        return Group(i, sp.words[i].end, 1, who), sp.words[i].end
    return None


def other_side_one(sp: Spans, groups: list[Group], i: int) -> Read:
    tok = sp.tokens[i]
    if i not in sp.words or not tok.startswith("و") or singular(tok) != "fighter" or not groups:
        return None
    last = groups[-1]
    if last.who == "fighter" and last.end < i <= last.end + _LISTED_GAP and sp.tokens[last.end] in grammar().side:
        return Group(i, sp.words[i].end, 1, "fighter"), sp.words[i].end
    return None


def singular_after_cue(sp: Spans, groups: list[Group], i: int) -> Read:
    who = singular(sp.tokens[i]) if i in sp.words else None
    if who and cue_before(sp, i):
        return Group(i, sp.words[i].end, 1, who), sp.words[i].end
    return None


def english_singular(sp: Spans, groups: list[Group], i: int) -> Read:
    tokens, n, tok = sp.tokens, len(sp.tokens), sp.tokens[i]
    if tok.isascii() and i + 1 < n and singular(tok) and _participle(sp, i + 1):
        prev = read_number(tokens, i - 1) if i > 0 else None
        if not (prev and not is_year(tokens[i - 1])):
            return Group(i, i + 1, 1, singular(tok)), i + 1  # headline "Child killed, 9 injured"
    if tok in grammar().one and i + 1 < n:
        k = i + 1
        if tokens[k + 1 : k + 3] in (["year", "old"], ["years", "old"]) and read_number(tokens, k):
            k += 3  # "her eight-year-old daughter"
        if k < n and singular(tokens[k]):
            return Group(i, k + 1, 1, singular(tokens[k])), k + 1
    return None


READERS: tuple[Reader, ...] = (
    dual_noun,
    number_with_noun,
    listed_after_and,
    number_after_noun,
    cue_noun,
    one_then_cue,
    one_more,
    other_side_one,
    singular_after_cue,
    english_singular,
)


def read_groups(sp: Spans) -> list[Group]:
    """The sentence's groups, left to right: at each token the first reader that applies."""
    groups: list[Group] = []
    tokens, words, one, i, n = sp.tokens, sp.words, grammar().one, 0, len(sp.tokens)
    while i < n:
        tok = tokens[i]
        may = (
            i in words
            or starts_number(tok)
            or (tok[:1] == "و" and groups and i - groups[-1].end <= _LISTED_GAP)
            or (tok.isascii() and (tok in one or singular(tok) is not None))
        )
        if not may:  # most tokens start no reader's rule: asked once here, not once per reader
            i += 1
            continue
        for reader in READERS:
            got = reader(sp, groups, i)
            if got is not None:
                group, nxt = got
                if group is not None:
                    groups.append(group)
                i = max(nxt, i + 1)
                break
        else:
            i += 1
    return groups


# Helpers the readers share.


def is_year(tok: str) -> bool:
    return len(tok) == 4 and tok.isdigit() and 1900 <= int(tok) <= 2100


def qualified(sp: Spans, i: int) -> bool:
    return i > 0 and (i - 1) in sp.qualified


def _noun_after(sp: Spans, j: int) -> int | None:
    """Where the noun a count counts starts: right after it, or past a few English modifiers."""
    np_end = grammar().np_end
    for k in range(j, min(j + 1 + _NP_GAP, len(sp.tokens))):
        if sp.noun(k):
            return k
        tok = sp.tokens[k]
        if not tok.isascii() or tok in np_end or tok.isdigit() or k in sp.words or tok in ("(", ")"):
            return None
    return None


def _participle(sp: Spans, k: int) -> bool:
    return sp.cue(k) in ("killed", "injured") and sp.tokens[k] not in grammar().active


def cue_after(sp: Spans, j: int) -> bool:
    """A killed/injured word right after a count, or after "were", "have been" ("115 were wounded")."""
    skip = grammar().skip
    for k in range(j, min(j + 3, len(sp.tokens))):
        if k in sp.words:
            return sp.cue(k) is not None
        if sp.tokens[k] not in skip or sp.tokens[k] == "in":
            return False
    return False


def cue_before(sp: Spans, i: int) -> bool:
    """A killed/injured word just before a count, past qualifiers ("قتل ما لا يقل عن 5")."""
    skip = grammar().skip
    k = i - 1
    for _ in range(_CUE_BEFORE):
        if k < 0:
            return False
        if k + 1 in sp.cue_ends:
            return True
        if k not in sp.qualified and sp.tokens[k] not in skip:
            return False
        k -= 1
    return False


def _before_qualifiers(sp: Spans, i: int) -> int:
    """The token before the run of qualifiers that ends just before ``i`` (or ``i - 1``)."""
    k = i - 1
    while k >= 0 and k in sp.qualified and k >= i - _QUAL_RUN:
        k -= 1
    return k


def toll_of(sp: Spans, i: int) -> str | None:
    """The role of a running toll's figure at ``i``, or None when it is not one: "the death toll ... rose to N",
    "ارتفعت حصيلة الجرحى لأكثر من عشرة", "ارتفع إلى 27 عدد ... ممن قتلوا" (the toll's noun after the figure: a
    killed/injured word must follow). A toll counts the dead unless its noun says the wounded."""
    g = grammar()
    tokens = sp.tokens
    k = _before_qualifiers(sp, i)
    lam = k + 1 < i and tokens[k + 1][:1] == "ل" and len(tokens[k + 1]) > 3  # "لأكثر من": ل is "to"
    to = k >= 0 and tokens[k] in g.toll_to
    bare = k + 1 < i and not lam and not to  # "Death toll from Aleppo bomb attack at least 112": no verb
    if not lam and not bare and not to:
        return None
    start = k if lam or bare else k - 1
    for b in range(start, max(-1, start - 19), -1):
        if tokens[b].isdigit():
            return None
        if tokens[b] == "toll" or has_class(tokens[b], g.toll_noun):
            said = [sp.cue_at[c][1] for c in range(max(0, b - 1), min(b + 3, i)) if c in sp.cue_at]
            return next((r for r in said if r != "mixed"), "killed")
        if bare and b < start - 6:
            return None  # without a verb, the toll's noun is right before its figure
        if b == start and not lam and has_class(tokens[b], g.rise):
            later = [sp.cue(c) for c in range(i + 1, min(len(tokens), i + 16))]
            return next((r for r in later if r in ("killed", "injured")), None)
    return None
