"""Casualty counts, stage 3: the attachment rules, in order, and the sentence's totals.

Each rule takes the groups of stage 2 (:mod:`bot.analysis.casualty_groups`) and settles one thing; each has its
own test table in tests/analysis/test_casualty_rules.py.

1. ``each_side`` - "قتل عنصران من كل طرف", "two fighters on each side": both sides' dead.
2. ``breakdowns`` - a group after بينهم / including / "of them", or in brackets after a count, breaks it down
   ("20 مدنيا بينهم 4 أطفال"); "six children were among 19 civilians" (the total second).
3. ``roles`` - each top-level group takes the nearest killed / injured / mixed word ("25 civilians killed, 80
   injured"): the one before wins a tie; ahead, the look stops at a word that opens a new clause (وجرح, "and
   injured", "killing"; but not "were rounded up and executed": one passive subject) and far ahead only a
   passive verb ("were killed") is taken; a word read for one group is not read again for the next.
4. ``listed_share_role`` - "45 militants and 20 fighters had been killed": a group joined by "and" to the next
   shares its role; "killed 5 civilians and 3 fighters" shares the one before.
5. ``sides_share_role`` - "قتل 9 عناصر من قوات النظام و3 مقاتلين من الفصائل", "10 قتلى من الفصائل مقابل سبعة
   من قوات النظام": the other side's dead share the role.
6. ``breakdown_role`` - a breakdown has the role of the count it breaks down.

Totals (:func:`totals`): a breakdown without a total is summed (groups listed together add up: "three children
and two women" = 5); a count told again (a headline and its lead run together) is not: the largest list wins; a
figure that mixes killed and injured ("70 قتيلا وجريحا") counts for neither; children and women named one by one
in a breakdown count one each.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from bot.analysis.casualty_groups import Group
from bot.analysis.casualty_spans import Spans, grammar, has_class, singular

__all__ = ["RULES", "Totals", "totals"]

_MAX_GAP = 6  # how far (in words, qualifiers not counted) a killed/injured word still describes a group
_PASSIVE_GAP = 16  # "At least 33 members of ... organisations were killed": a subject far from its verb
_SIDE_GAP = 6  # "11 عنصراً من قوات النظام وأربعة مقاتلين من الفصائل": a side's name between two counts
# How far (in tokens) a role or a breakdown is looked for: far beyond what a sentence needs; it keeps the work per
# group constant, so a sentence of any length reads in linear time.
_LOOK = 64

Rule = Callable[[Spans, list[Group]], None]


def each_side(sp: Spans, groups: list[Group]) -> None:
    phrases = grammar().each_side
    for g in groups:
        if " ".join(sp.tokens[g.end : g.end + 3]) in phrases:
            g.value *= 2


def breakdowns(sp: Spans, groups: list[Group]) -> None:
    g_ = grammar()
    tokens = sp.tokens
    if groups and groups[0].parent == -1:
        groups[0].parent = None
    for gi in range(1, len(groups)):
        g, prev = groups[gi], groups[gi - 1]
        k = g.start - 1
        while k >= 0 and k in sp.qualified and k > prev.end:
            k -= 1
        prev_tok = tokens[k] if k >= 0 else ""
        if prev_tok in g_.them and k > 0:
            prev_tok = tokens[k - 1]
        elif prev_tok == "among" and prev.parent is None and g.start - prev.end <= 3:
            prev.parent = gi  # "six children were among 19 civilians killed": the count comes second
            continue
        if (
            g.parent == -1
            or (has_class(prev_tok, g_.breakdown) and k not in sp.covered)
            or (prev.parent is not None and _joined(sp, prev, g) and g.start - prev.end <= 1)
            or sp.depth[g.start] > sp.depth[prev.start]
        ):
            parent = gi - 1
            while groups[parent].parent is not None:
                parent = groups[parent].parent
            g.parent = parent


def roles(sp: Spans, groups: list[Group]) -> None:
    consumed: set[int] = set()
    group_at = {g.start: gi for gi, g in enumerate(groups)}
    for gi, g in enumerate(groups):
        if g.parent is not None or g.role is not None:
            continue  # a breakdown takes its count's role (rule 6); a toll or "قتيل" says its own
        g.role = _role(sp, groups, group_at, gi, consumed)


def listed_share_role(sp: Spans, groups: list[Group]) -> None:
    for gi in range(len(groups) - 2, -1, -1):
        g, nxt = groups[gi], groups[gi + 1]
        free = g.role is None and g.parent is None and nxt.parent is None and nxt.role
        if free and _joined(sp, g, nxt) and nxt.start - g.end <= 1:
            g.role = nxt.role


def sides_share_role(sp: Spans, groups: list[Group]) -> None:
    side = grammar().side
    for gi in range(1, len(groups)):
        g, prev = groups[gi], groups[gi - 1]
        if g.parent is not None or prev.parent is not None or not prev.role:
            continue
        if g.rival:
            g.role = prev.role  # "مقابل سبعة": the other side's count of the same
            continue
        if prev.who != "fighter" or not _is_fighters(sp, g):
            continue
        if any(sp.cue(k) in ("killed", "injured") for k in range(prev.end, g.start)):
            continue  # "قتل 3 عناصر وأصيب اثنان": each count has its own verb
        between = sp.tokens[prev.end : g.start]
        of_side = len(between) > 1 and between[0] in side and _side_gap(between) <= _SIDE_GAP
        if _joined(sp, prev, g, glued=True) and (of_side or len(between) <= 2):
            g.role = prev.role  # also past a short name: "ثلاثة من عناصر قسد واثنين من المسلحين"


def breakdown_role(sp: Spans, groups: list[Group]) -> None:
    for g in groups:
        if g.parent is not None:
            g.role = groups[g.parent].role


RULES: tuple[Rule, ...] = (each_side, breakdowns, roles, listed_share_role, sides_share_role, breakdown_role)


class Totals:
    """What a sentence's groups add up to, once the rules have run."""

    __slots__ = ("injured", "killed", "killed_children", "killed_women")

    def __init__(self, sp: Spans, groups: list[Group]) -> None:
        extra = _named_one_by_one(sp, groups)
        self.killed = _listed_total(sp, [g for g in groups if g.role == "killed" and g.parent is None])
        self.injured = _listed_total(sp, [g for g in groups if g.role == "injured" and g.parent is None])
        kc = [g.value for g in groups if g.role == "killed" and g.who == "child"] + extra.get(("killed", "child"), [])
        kw = [g.value for g in groups if g.role == "killed" and g.who == "woman"] + extra.get(("killed", "woman"), [])
        self.killed_children = sum(kc) if kc else None
        self.killed_women = sum(kw) if kw else None
        if self.killed is None and sp.names_one_victim():
            self.killed = 1  # "shot dead a commander …, and a bomb wounded four soldiers"


def totals(sp: Spans, groups: list[Group]) -> Totals:
    return Totals(sp, groups)


def _joined(sp: Spans, a: Group, b: Group, glued: bool = False) -> bool:
    """Two groups joined by "and" / و (or, ``glued``, by "وما لا يقل عن")."""
    conj = grammar().conj
    between = sp.tokens[a.end : b.start]
    return any(t in conj or (glued and t == "وما") for t in between) or sp.tokens[b.start].startswith("و")


def _side_gap(between: Sequence[str]) -> int:
    glue = grammar().glue
    return sum(1 for t in between if t not in glue)


def _is_fighters(sp: Spans, g: Group) -> bool:
    """Fighters counted by this group: "أربعة مقاتلين", or "واثنين من المسلحين" (a count, then "of" fighters)."""
    if g.who == "fighter":
        return True
    n = len(sp.tokens)
    return g.who is None and g.end < n and sp.tokens[g.end] in grammar().side and sp.noun(g.end + 1) == "fighter"


def _listed_total(sp: Spans, top: list[Group]) -> int | None:
    """Groups listed together add up; a count told again further on does not: the largest list wins."""
    if not top:
        return None
    side = grammar().side
    sums = [top[0].value]
    for prev, g in itertools.pairwise(top):
        between = sp.tokens[prev.end : g.start]
        joined = _joined(sp, prev, g, glued=True)
        listed = (len(between) <= 2 and joined) or g.rival
        if not listed and prev.who == g.who == "fighter" and joined and _side_gap(between) <= _SIDE_GAP:
            listed = between[0] in side  # "11 عنصراً من قوات النظام وأربعة مقاتلين من الفصائل": both sides
        if listed or (g.who == "others" and g.value != prev.value):
            sums[-1] += g.value
        else:
            sums.append(g.value)
    return max(sums)


def _top(groups: list[Group], g: Group) -> int | None:
    parent = g.parent
    while parent is not None and groups[parent].parent is not None:
        parent = groups[parent].parent
    return parent


def _opens_clause(sp: Spans, k: int) -> bool:
    """A killed/injured word that starts a clause of its own: وجرح, "and injured", "killing" (takes what follows)."""
    tok = sp.tokens[k]
    return (tok[0] == "و" and tok != "وفاه") or (k > 0 and sp.tokens[k - 1] == "and") or tok in grammar().active


def _role(sp: Spans, groups: list[Group], group_at: dict[int, int], gi: int, consumed: set[int]) -> str | None:
    """The cue word nearest to a group (rule 3); see the module's docstring."""
    tokens, g = sp.tokens, groups[gi]
    passive, skip = grammar().passive, grammar().skip
    before: tuple[int, str] | None = None
    k, dist = g.start - 1, 0
    prev_end = groups[gi - 1].end if gi > 0 else -1
    while k >= 0 and k >= prev_end and dist <= _MAX_GAP and k >= g.start - _LOOK:
        hit = sp.cue_at.get(k)
        if hit:
            if hit[0] not in consumed:
                before = (dist, hit[1])
            break
        if k not in sp.qualified:
            dist += 1
        k -= 1
    after: tuple[int, str] | None = None
    after_at = -1
    k, dist, was = g.end, 0, False  # was: a passive auxiliary seen ("41 rebels were rounded up and executed")
    while k < len(tokens) and dist <= _PASSIVE_GAP and k < g.end + _LOOK:
        if sp.depth[k] > sp.depth[g.start] or tokens[k] in ("(", ")"):
            k += 1
            continue
        nxt_at = group_at.get(k)
        if nxt_at is not None:
            nxt = groups[nxt_at]
            if nxt.parent is not None and _top(groups, nxt) == gi:
                k = nxt.end  # the group's own breakdown
                continue
            break
        cue = sp.cue(k)
        if cue is not None:
            shared = was and tokens[k - 1] == "and"  # "were rounded up and executed": one subject, two participles
            if (shared or not _opens_clause(sp, k)) and (dist <= _MAX_GAP or tokens[k - 1] in passive):
                after, after_at = (dist, cue), k
            break
        was = was or tokens[k] in passive
        if tokens[k] not in skip:
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
    # "killed 5 civilians and 3 fighters": a group joined to the one before shares its role
    prev = groups[gi - 1] if gi > 0 else None
    # (not past another verb: "قتلت اثنين … واعتقلت خمسة آخرين" - a word with و between opens a clause of its own)
    if prev is not None and prev.role and _joined(sp, prev, g):
        return prev.role
    return None


def _named_one_by_one(sp: Spans, groups: list[Group]) -> dict[tuple[str, str], list[int]]:
    """Children and women named one by one: in a breakdown's brackets ("(3 أطفال وفتاة وامرأة)") or after a count
    ("ثلاثة مدنيين، هم امرأة وطفلها ورجل مسن"): one each."""
    out: dict[tuple[str, str], list[int]] = {}
    tokens = sp.tokens
    in_group = {k for h in groups for k in range(h.start, h.end)}
    for g in groups:
        if g.parent is None or not g.role:
            continue
        k, stop = g.end, min(len(tokens), g.end + _LOOK)
        while k < stop and sp.depth[g.start] > 0 and sp.depth[k] >= sp.depth[g.start] and tokens[k] != ")":
            who = sp.noun(k)
            if who in ("child", "woman") and tokens[k].startswith("و") and k not in in_group:
                out.setdefault((g.role, who), []).append(1)
            k += 1
    apposition = grammar().apposition
    for g in groups:
        if g.parent is not None or not g.role or g.end >= len(tokens) or tokens[g.end] not in apposition:
            continue
        for tok in tokens[g.end + 1 : g.end + 7]:
            who = singular(tok)
            if who in ("child", "woman"):
                out.setdefault((g.role, who), []).append(1)
    return out
