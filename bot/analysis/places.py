"""Places: a token index over the shipped gazetteer (5.6k governorates, districts, subdistricts
and communities), matched on normalised text.

Arabic names match with clitics (بكفرنبل، والحسكة، للرقة) and with or without the space after
كفر/دير/تل/عين/... (كفرنبل = كفر نبل). English names match when capitalised, with articles
unified (an-Nu'man = al-Numan) and, failing an exact hit, on a consonant skeleton
(Ma'arrat = Maarat, Idleb = Idlib).

Spelling variants are folded into the index's keys, not listed as aliases: the normaliser already
unifies alef forms, ى/ي and ة/ه; a word before the last of a multi-word name may also end in ت
(the construct state: معرت مصرين = معرة مصرين = معره مصرين), the last word's final alef may be written ى
(بيت سوا = بيت سوى) or, as the final ة, the other way (كفر بطنا = كفر بطنة; a one-word name's only after a
place word: قرى شقرا for شقرة), and a later word may have the article or not (دير الزور = دير زور, تل أبيض = تل الأبيض);
a one-word name may lose its article (قرى قصيبة for القصيبة); a name the gazetteer glues to its article is also read
as two words (بصرالحرير = بصر الحرير). A name read with its article changed is also an
everyday phrase often enough (عين شمس, برج العرب, باب الجنة) that it counts as a place only where the
sentence uses it as one, like a village name that is a common word. Many village names are ordinary words, so a one-word
village needs a place word or preposition right before it (في، ب، قرب، بلدة; in, near, town of).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources

from bot.analysis import place_index
from bot.analysis.lexicon import Scanned, register_probe, rows
from bot.analysis.normalize import clitic_variants, match_tokens, normalize
from bot.models import Place

__all__ = [
    "LEVEL_RANK",
    "PlaceHit",
    "best_place",
    "capital_rank",
    "find_places",
    "gazetteer_size",
    "is_place_word",
    "place_aliases",
    "places_named",
]

LEVEL_RANK = {"governorate": 0, "district": 1, "subdistrict": 2, "community": 3}
_SPLIT_PREFIXES = ("كفر", "دير", "تل", "عين", "بيت", "خان", "جسر", "راس", "ابو", "ام", "بني", "حزب")
_ARTICLES = frozenset(
    ["al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ed", "es", "er", "ez", "en", "ul", "adh", "ath"]
)
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")
_CITY_WORDS = frozenset({"مدينه", "city"})
# a capital that is a governorate of its own, and the governorate of the countryside around it (place_outskirts.tsv)
_COUNTRYSIDE = {"Damascus": ("ريف", "دمشق")}
_CAPITAL_WORDS = frozenset({"العاصمه", "السوريه", "the", "capital", "syrian", "of"})  # "قرب العاصمة السورية دمشق"
_KUNYA = frozenset({"ابو", "ام"})


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    capital: int
    common: bool


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A place name found in a sentence: token span and its candidate gazetteer entries."""

    start: int
    end: int
    candidates: tuple[_Entry, ...]
    city_word: bool = False  # "مدينة حلب": the city, not the governorate
    context: int = 0  # what came right before it: 2 a place word, 1 a preposition (see _has_context)


def _en_token(tok: str) -> str:
    return "al" if tok in _ARTICLES else tok


_FRENCH = (("dj", "j"),)  # Djisr = Jisr (ch = sh would make "Cheikh" read as Shaqa, as "Sheikh" already does)


@functools.lru_cache(maxsize=65536)  # the index build asks for "tal", "ain", "al" thousands of times
def _skeleton(tok: str) -> str:
    """Consonants only, for transliteration noise: first letter kept (a vowel as "a": Afrin = Efrin,
    Ain = Ein), vowels dropped, doubles single, q = k, no final h, French dj as j."""
    if tok == "al" or not tok.isascii():
        return tok
    for a, b in _FRENCH:
        if a in tok:
            tok = tok.replace(a, b)
    first = "a" if tok[0] in "aeiou" else tok[0]
    s = first + _VOWELS.sub("", tok[1:])
    s = _DOUBLE.sub(r"\1", s.replace("q", "k"))
    if len(s) > 2 and s.endswith("h"):
        s = s[:-1]
    return "al~" if s == "al" else s  # Ali, Elhawa: a word, not the article ("In Daraa an army unit" is no Deir Ali)


def _skeletons(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name's skeleton, and for a word before the last that ends in a vowel or "t", the same with and
    without the "t" of the construct state (Maarat Misrin = Maara Misrin, like معرة/معرت in Arabic)."""
    sk = tuple(_skeleton(t) for t in key)
    out = [sk]
    for k, tok in enumerate(key[:-1]):
        if tok == "al" or len(sk[k]) < 2 or not tok.endswith(("a", "e", "ah", "eh", "at", "et")):
            continue
        other = sk[k][:-1] if tok.endswith(("at", "et")) else sk[k] + "t"
        out += [(*s[:k], other, *s[k + 1 :]) for s in list(out)]
    return out[:_MAX_SPELLINGS]


@functools.cache
def _name_tokens(name: str) -> tuple[str, ...]:
    """``match_tokens`` of a gazetteer name, once per name while the index is built (:func:`_keys` and
    :func:`_short_names` both read each Arabic name); cleared when the index is done."""
    return tuple(match_tokens(name))


def _keys(name: str) -> list[tuple[tuple[str, ...], bool]]:
    """The index keys of one name, each with whether it is a loose spelling (its article changed)."""
    toks = [t for t in _name_tokens(name) if t not in ("(", ")")]
    if not toks:
        return []
    if toks[0].isascii():
        return [(tuple(_en_token(t) for t in toks), False)]
    keys = [tuple(toks)]
    if len(toks) >= 2 and toks[0] in _SPLIT_PREFIXES:
        keys.append((toks[0] + toks[1], *toks[2:]))
    for p in _SPLIT_PREFIXES:
        if len(toks[0]) > len(p) + 1 and toks[0].startswith(p):
            keys.append((p, toks[0][len(p) :], *toks[1:]))
    glued = toks[0].find("ال", 2)
    # the gazetteer's بصرالحرير is بصر الحرير (not الخالدية as الخ الدية: a first part of its own, not an article)
    if len(toks) == 1 and glued > 1 and len(toks[0]) - glued > 3 and not (toks[0][:2] == "ال" and glued < 4):
        keys.append((toks[0][:glued], toks[0][glued:]))
    out: dict[tuple[str, ...], bool] = {}
    for key in keys:
        for variant, loose in _spellings(key):
            out[variant] = out.get(variant, True) and loose  # a strict reading of the name wins
    return list(out.items())


_MAX_SPELLINGS = 16


def _spellings(key: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
    """The key and its common Arabic spelling variants (see the module docstring), each with whether its
    article was changed; a one-word key's only variant is the name without its article ("قرى قصيبة وقرقس"
    for القصيبة), loose: clitics and the normaliser cover the rest."""
    if len(key) < 2:
        tok = key[0]
        out = [(key, False)]
        if tok.startswith("ال") and len(tok) > 5:  # a stem of four letters at least: "على" (علي) is no village "العلي"
            out.append(((tok[2:],), True))
        elif len(tok) > 3 and tok[-1] in "اه" and not tok.startswith("ال"):  # قرى شقرا for شقرة: the final ة or alef
            out.append(((tok[:-1] + ("ا" if tok[-1] == "ه" else "ه"),), True))
        return out
    options: list[list[tuple[str, bool]]] = []
    for k, tok in enumerate(key):
        opts = [(tok, False)]
        if k < len(key) - 1 and len(tok) > 2 and tok[-1] in "هت":  # معره/معرت مصرين (ة is folded to ه)
            opts.append((tok[:-1] + ("ت" if tok[-1] == "ه" else "ه"), False))
        if k == len(key) - 1 and k > 0 and len(tok) > 2 and tok[-1] in "اي":  # بيت سوا/بيت سوى (ى is folded to ي)
            opts.append((tok[:-1] + ("ي" if tok[-1] == "ا" else "ا"), False))
        if k == len(key) - 1 and k > 0 and len(tok) > 2 and tok[-1] in "اه":  # كفر بطنا/كفر بطنة
            opts.append((tok[:-1] + ("ه" if tok[-1] == "ا" else "ا"), False))
        if k > 0 and tok.startswith("ال") and len(tok) > 4:  # دير الزور/دير زور
            opts.append((tok[2:], True))
        elif k > 0 and not tok.startswith("ال") and len(tok) > 2:  # تل ابيض/تل الابيض
            opts.append(("ال" + tok, True))
        options.append(opts)
    variants = itertools.islice(itertools.product(*options), _MAX_SPELLINGS)
    return [(tuple(t for t, _ in v), any(loose for _, loose in v)) for v in variants]


@dataclass(frozen=True, slots=True)
class _Groups:
    """The keys that start with one token, longest first, as (length, the tokens after the first, their
    entries): longer keys by their second token (a common first word such as تل or عين starts hundreds)."""

    by_second: dict[str, tuple[tuple[int, list[str], list[_Entry]], ...]]
    singles: tuple[tuple[int, list[str], list[_Entry]], ...]


@dataclass(slots=True)
class _Index:
    exact: dict[str, list[tuple[tuple[str, ...], _Entry]]]
    skeleton: dict[str, list[tuple[tuple[str, ...], _Entry]]]
    context: frozenset[str]
    place_words: frozenset[str]
    size: int
    capitals: dict[str, int]
    plurals: frozenset[str] = frozenset()  # place words that head a list of names ("بلدات", "قرى")
    buckets: dict[str, tuple] = None  # Arabic token -> ((variant, bucket), ...): most tokens name no place
    words: frozenset[str] = frozenset()  # English words of place_common.tsv: never a name read by its consonants
    probe: int = -1  # id of the gazetteer's probe in lexicon.scan
    groups: dict[str, _Groups] = None  # Arabic first token of a key -> its bucket's groups (built with the index)
    shipped: bool = False  # read from the shipped precomputed tables (place_index), not built from the data

    def __post_init__(self) -> None:
        self.buckets = {}
        self.groups = {}

    def ar_buckets(self, token: str) -> tuple:
        found = self.buckets.get(token)
        if found is None:
            variants = clitic_variants(token)
            if len(token) == 3 and token[0] in "وف":  # "وأم المياذن", "وتل السمن": a two-letter first word and "and"
                variants = (*variants, token[1:])
            found = tuple((v, self._groups(v)) for v in variants if v in self.exact)
            if len(self.buckets) > 200_000:
                self.buckets.clear()
            self.buckets[token] = found
        return found

    def _groups(self, first: str) -> _Groups:
        """A bucket's distinct keys, longest first, as (length, the tokens after the first, their entries):
        what :func:`_match_ar` compares, built once per first token instead of at every match."""
        built = self.groups.get(first)
        if built is None:
            built = self.groups[first] = self._build_groups(first)  # bounded by the gazetteer's first tokens
        return built

    def _build_groups(self, first: str) -> _Groups:
        groups: dict[tuple[str, ...], tuple[int, list[str], list[_Entry]]] = {}
        for key, entry in self.exact[first]:
            if key not in groups:
                groups[key] = (len(key), list(key[1:]), [])
            groups[key][2].append(entry)
        by_second: dict[str, list[tuple[int, list[str], list[_Entry]]]] = {}
        for group in groups.values():
            if group[0] > 1:
                by_second.setdefault(group[1][0], []).append(group)
        singles = tuple(g for g in groups.values() if g[0] == 1)
        return _Groups({k: tuple(v) for k, v in by_second.items()}, singles)


@functools.cache
def place_aliases() -> dict[str, tuple[str, list[str]]]:
    """p-code -> (display name, extra aliases) from place_aliases.tsv (one row per p-code: test_lexicons.py)."""
    return {
        r[0]: (r[1] if len(r) > 1 else "", r[2].split("|") if len(r) > 2 and r[2] else [])
        for r in rows("place_aliases.tsv")
    }


@functools.cache
def place_regions() -> dict[str, list[str]]:
    """p-code -> the region, quarter, airbase and crossing names that resolve to it (place_regions.tsv)."""
    out: dict[str, list[str]] = {}
    for r in rows("place_regions.tsv"):
        out.setdefault(r[1], []).append(r[0])
    return out


@functools.cache
def _index() -> _Index:
    """The index, from the shipped precomputed tables (``place_index``) when they match the data files and the
    code, else built from the data files (the same tables, a few tenths of a second more)."""
    raw = json.loads(resources.files("bot.analysis").joinpath("data", "gazetteer.json").read_text("utf-8"))
    shipped = place_index.shipped()
    tables = place_index.load(shipped, place_index.fingerprint()) if shipped is not None else None
    built = tables is None
    if built:
        tables = _build_tables(raw["places"])
    overrides = place_aliases()
    places = []
    capitals: dict[str, int] = {}
    for en, ar, gov, pcode, lat, lon, level, capital, *_ in raw["places"]:
        display = overrides.get(pcode, ("", []))[0]
        places.append(
            Place(name=display or en, name_ar=ar, governorate=gov, pcode=pcode, lat=lat, lon=lon, level=level)
        )
        capitals[pcode] = capital
    entries = [_Entry(places[row], capital, common) for row, capital, common in tables["entries"]]
    exact, skel = _table(tables["exact"], entries), _table(tables["skeleton"], entries)
    common = {normalize(r[0]) for r in rows("place_common.tsv")}
    context = frozenset(normalize(r[0]) for r in rows("place_context.tsv"))
    place_words = frozenset(normalize(r[0]) for r in rows("place_context.tsv") if r[2] in ("place", "places"))
    plurals = frozenset(normalize(r[0]) for r in rows("place_context.tsv") if r[2] == "places")
    index = _Index(exact, skel, context, place_words, len(raw["places"]), capitals, plurals, shipped=not built)
    index.words = frozenset(w for w in common if w.isascii())
    # Each Arabic first token's groups, built with the index (a few hundredths of a second for all of them)
    # rather than at a report's first mention of the name: a report naming thousands of towns paid it per town.
    index.groups.update(_groups(tables["exact"], entries))
    index.probe = register_probe(functools.partial(_may_start, index))
    return index


def _table(stored: dict[str, list], entries: list[_Entry]) -> dict[str, list[tuple[tuple[str, ...], _Entry]]]:
    """A stored table (first token -> [the key's other tokens, its entry numbers]...) as the index's buckets."""
    out = {}
    for first, bucket in stored.items():
        out[first] = [((first, *rest), entries[n]) for rest, numbers in bucket for n in numbers]
    return out


def _groups(stored: dict[str, list], entries: list[_Entry]) -> Iterator[tuple[str, _Groups]]:
    """Each Arabic first token's :class:`_Groups`, read off the stored table: its keys are already distinct and
    longest first, and each key's other tokens are the list ``_match_ar`` compares."""
    for first, bucket in stored.items():
        if first.isascii():
            continue
        by_second: dict[str, list[tuple[int, list[str], list[_Entry]]]] = {}
        singles = []
        for rest, numbers in bucket:
            group = (len(rest) + 1, rest, [entries[n] for n in numbers])
            if rest:
                by_second.setdefault(rest[0], []).append(group)
            else:
                singles.append(group)
        yield first, _Groups({k: tuple(v) for k, v in by_second.items()}, tuple(singles))


def _build_tables(gazetteer: list) -> place_index.Tables:
    """Every name's keys and consonant skeletons, as ``place_index`` stores them (see there): what
    ``scripts/build_place_index.py`` ships and what :func:`_index` falls back to. Names are read in sorted order,
    so that the same data always gives the same file."""
    overrides = place_aliases()
    regions = place_regions()
    common = {normalize(r[0]) for r in rows("place_common.tsv")}
    # a name read by its consonants is as common as any word that reads the same (Nasrah, Nasra: "Nusra")
    common_sk = {_skeleton(w) for w in common if w.isascii()}
    exact: dict[str, list] = {}
    skel: dict[str, list] = {}
    # (key, row) -> its position in the key's bucket, in each table (a scan of the bucket made the build quadratic)
    at: dict[tuple[tuple[str, ...], int], int] = {}
    in_skel: dict[tuple[tuple[str, ...], int], int] = {}
    areas = _admin_names(gazetteer)
    context = frozenset(normalize(r[0]) for r in rows("place_context.tsv"))  # also what is no short name alone
    for row, (en, ar, gov, pcode, _, _, _, capital, aliases_en, aliases_ar) in enumerate(gazetteer):
        display, extra = overrides.get(pcode, ("", []))
        names = {en, ar, *aliases_en, *aliases_ar, *extra, *regions.get(pcode, ())}
        if display:
            names.add(display)
        # a short name the gazetteer does not list ("كفريا" of "كفريا معرتمصرين") is a place only after a place
        # word, as a name read with its article changed: "الأسد" of "الأسد_آصلان كوي" is mostly the president
        short = [n for n in _short_names(ar, areas.get(gov, frozenset()), context) if n not in names]
        for name, derived in itertools.chain(
            zip(sorted(names), itertools.repeat(False)), zip(short, itertools.repeat(True))
        ):
            for key, loose in _keys(name):
                loose = loose or derived
                word = key[1:] if len(key) == 2 and key[0] == "al" else key  # "Al-Nusra" as "Nusra"
                is_common = loose or (len(word) == 1 and (word[0] in common or len(word[0]) < 3))
                # a one-word name read without its article ("قرى قصيبة") is a place only after a place word, even
                # an admin centre's ("إلى مزرعة حصينة" is a farm, not the subdistrict of المزرعة)
                entry = (row, 9 if loose and len(key) == 1 else capital, is_common)
                _add(exact, at, key, row, entry)
                if key[0].isascii():
                    for sk in _skeletons(key):
                        one = sk[1:] if len(sk) == 2 and sk[0] == "al" else sk
                        word = len(one) == 1 and one[0] in common_sk and not entry[2]
                        _add(skel, in_skel, sk, row, (row, entry[1], True) if word else entry)
    _name_tokens.cache_clear()
    numbers: dict[tuple[int, int, bool], int] = {}
    tables: place_index.Tables = {"entries": [], "exact": {}, "skeleton": {}}
    for name, table in (("exact", exact), ("skeleton", skel)):
        for first, bucket in table.items():
            bucket.sort(key=lambda c: -len(c[0]))
            keys: dict[tuple[str, ...], list[int]] = {}
            for key, entry in bucket:
                keys.setdefault(key, []).append(numbers.setdefault(entry, len(numbers)))
            tables[name][first] = [[list(key[1:]), found] for key, found in keys.items()]
    tables["entries"] = [list(entry) for entry in numbers]
    return tables


def _add(table: dict[str, list], at: dict, key: tuple[str, ...], row: int, entry: tuple[int, int, bool]) -> None:
    """One (key, place) in a table, once: a key that several of a place's names read to keeps its strictest
    reading (not a common word, then the best capital rank: "كريمة" as written over "الكريمة" without its
    article), whatever order the names come in."""
    bucket = table.setdefault(key[0], [])
    n = at.get((key, row))
    if n is None:
        at[key, row] = len(bucket)
        bucket.append((key, entry))
    elif (entry[2], entry[1]) < (bucket[n][1][2], bucket[n][1][1]):
        bucket[n] = (key, entry)


def _admin_names(places: list) -> dict[str, set[tuple[str, ...]]]:
    """Each governorate's district and subdistrict names, as tokens (for :func:`_short_names`)."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for _, ar, gov, _, _, _, level, *_ in places:
        if level in ("district", "subdistrict"):
            out.setdefault(gov, set()).add(_name_tokens(ar))
    return out


_NEAR = frozenset({"قرب"})


def _short_names(name: str, areas: AbstractSet[tuple[str, ...]], generic: Collection[str]) -> list[str]:
    """The names a gazetteer entry is known by in the news, where the gazetteer tells it apart from a namesake:
    two villages listed as one ("الكفر_كفريحمول" is الكفر and كفريحمول), a village with its district after it
    ("كفريا معرتمصرين", "البيرة الباب", "أم عدسة قرب منبج" are كفريا، البيرة، أم عدسة); never a place word alone
    (``generic``: "مخيم" of "مخيم العريشة")."""
    out = [part for part in name.split("_") if part.strip()] if "_" in name else []
    for part in list(out) or [name]:
        toks = _name_tokens(part)
        for k in range(len(toks) - 1, 0, -1):  # the longest area name that ends it, looked up (index build time)
            if tuple(toks[-k:]) in areas:
                rest = toks[:-k]
                if rest and rest[-1] in _NEAR:
                    rest = rest[:-1]
                # not a place word alone ("مخيم" of مخيم العريشة), nor 3 letters ("كوي" of "بالي_كوي" is Koya, Iraq)
                if rest and len("".join(rest)) > 3 and not generic.issuperset(rest):
                    out.append(" ".join(rest))
                break
    return out


def _may_start(index: _Index, tok: str) -> bool:
    """Whether a place name may start at this token (for ``lexicon.scan``)."""
    if not tok.isascii():
        return bool(index.ar_buckets(tok))
    t = _en_token(tok)
    return t in index.exact or _skeleton(t) in index.skeleton


def gazetteer_size() -> int:
    return _index().size


def capital_rank(place: Place) -> int:
    """The gazetteer's admin-centre rank of a place (0 for admin areas, 2-3 for centres, 9 for villages)."""
    return _index().capitals.get(place.pcode, 9)


def _has_context(tokens: Sequence[str], i: int, depth_stripped: str, index: _Index) -> int:
    """2 after a place word (بلدة كفرنبل), 1 after a preposition (في، بكفرنبل), else 0."""
    before = clitic_variants(tokens[i - 1]) if i > 0 else ()
    if before and not index.place_words.isdisjoint(before):
        return 2
    if tokens[i] != depth_stripped:
        glued = tokens[i][: len(tokens[i]) - len(depth_stripped)]
        if glued.endswith("ال"):  # "الصدد" of "في هذا الصدد" read as صدد: the article is no preposition
            glued = glued[:-2]
        if "ب" in glued or "ل" in glued or glued.endswith("ك"):
            return 1
    if before and not index.context.isdisjoint(before):
        return 1
    return 0


@functools.cache
def _foreign() -> frozenset[str]:
    """Places outside Syria whose names look like a Syrian village's ("In Tehran" is not Tharan)."""
    abroad = (normalize(r[0]) for r in rows("abroad.tsv") if " " not in r[0])  # الحديدة is Yemen's, not Homs'
    return frozenset([*(normalize(r[0]) for r in rows("place_foreign.tsv")), *abroad])


_LETTER_CLITICS = frozenset("وفبلك")
_FOREIGN_SEEN: dict[str, bool] = {}  # token -> _is_foreign (the foreign set never changes once loaded)


def _is_foreign(tok: str, foreign: frozenset[str]) -> bool:
    seen = _FOREIGN_SEEN.get(tok)
    if seen is None:
        seen = tok in foreign or (not tok.isascii() and any(v in foreign for v in clitic_variants(tok)))
        if not seen and not tok.isascii():
            # "للبنان" is ل + لبنان (to Lebanon), though clitic_variants reads its "لل" as ل + ال ("بنان")
            seen = any(tok[k:] in foreign for k in (1, 2) if len(tok) > k + 2 and set(tok[:k]) <= _LETTER_CLITICS)
        if len(_FOREIGN_SEEN) > 200_000:
            _FOREIGN_SEEN.clear()
        _FOREIGN_SEEN[tok] = seen
    return seen


def find_places(
    tokens: Sequence[str], caps: Sequence[bool] | None = None, commas: Callable[[], frozenset[int]] | None = None
) -> list[PlaceHit]:
    """Place names in a sentence's tokens, longest match first, left to right. ``commas`` gives the tokens that
    follow a comma (``normalize.commas_before``), asked only when a name comes right after a place without "and"."""
    if not isinstance(tokens, list):
        tokens = list(tokens)  # _match_ar compares list slices
    index = _index()
    foreign = _foreign()
    out: list[PlaceHit] = []
    i = 0
    n = len(tokens)
    buckets = index.buckets
    plural = False  # the list the last name belongs to is headed by a plural place word
    scanned = isinstance(tokens, Scanned) and index.probe < tokens.known
    positions = tokens.starts.get(index.probe, ()) if scanned else range(n)
    for i in positions:
        if out and i < out[-1].end:
            continue
        tok = tokens[i]
        # A name joined by "and" right after a place ("في المسيفرة وكحيل والسهوة") is read in the list's context:
        # a preposition's at most, so that a common word after a town still needs its own place word - unless a
        # plural place word heads the list ("بلدات المسيفرة وكحيل ونصيب"): then each name is one of those towns.
        joined = bool(out) and out[-1].end == i and tok[:1] == "و" and len(tok) > 2
        if not joined and commas is not None and out and out[-1].end == i:
            joined = i in commas()  # "بلدات طفس، اليادودة ونصيب": a comma lists the next town
        listed = (2 if plural else min(out[-1].context, 1)) if joined else 0
        hit: PlaceHit | None = None
        if _is_foreign(tok, foreign):
            continue
        if tok.isascii():
            if caps is not None and not caps[i] and tok not in _ARTICLES:
                continue
            hit = _match_en(tokens, i, caps, index)
        else:
            found = buckets.get(tok)
            if found is None:
                found = index.ar_buckets(tok)
            hit = _match_ar(tokens, i, index, found, listed) if found else None
        if hit is not None:
            out.append(_outskirts(tokens, hit))
            plural = (joined and plural) or (hit.context == 2 and _after_plural(tokens, i, index))
    return out


@functools.cache
def _outskirt_words(kind: str | None = None) -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in rows("place_outskirts.tsv") if kind in (None, r[2]))


@functools.cache
def _countryside(governorate: str) -> tuple[_Entry, ...]:
    """The countryside governorate's own entries (``ريف دمشق``), as a name of it finds them."""
    name = list(_COUNTRYSIDE[governorate])
    return next(iter(find_places(["في", *name])), PlaceHit(0, 0, ())).candidates


def _outskirts(tokens: Sequence[str], hit: PlaceHit) -> PlaceHit:
    """A capital named as the place near which something happened ("قرب دمشق", "غربي العاصمة دمشق", "east of
    Damascus") is its countryside's governorate (Rif Dimashq), not the city: the capital is a governorate of its own
    and what lies around it is not in it. "في شرق دمشق" (in the east of the city) stays the city."""
    govs = {e.place.governorate for e in hit.candidates}
    if len(govs) != 1 or (gov := next(iter(govs))) not in _COUNTRYSIDE:
        return hit
    if not any(e.place.level == "governorate" for e in hit.candidates):
        return hit  # a district of the city ("مخيم اليرموك"), not the capital's own name
    j = hit.start - 1
    while j >= 0 and tokens[j] in _CAPITAL_WORDS:
        j -= 1
    if j > 0 and tokens[j] == "من" and tokens[j - 1] in _outskirt_words():
        j -= 1  # "بالقرب من دمشق"
    if j < 0 or _outskirt_words().isdisjoint(clitic_variants(tokens[j])):
        return hit
    side = not _outskirt_words("direction").isdisjoint(clitic_variants(tokens[j]))
    if side and (tokens[j][:1] == "ب" or (j > 0 and tokens[j - 1] in ("في", "in"))):
        return hit  # "في شرق دمشق", "بشرق دمشق", "in east Damascus": a side of the city, in it
    countryside = _countryside(gov)
    return PlaceHit(hit.start, hit.end, countryside, False, hit.context) if countryside else hit


def is_place_word(token: str) -> bool:
    """A word that says a place name follows ("بلدة", "منطقة", "قرى", "town")."""
    return token in _index().place_words


def _after_plural(tokens: Sequence[str], i: int, index: _Index) -> bool:
    """The name comes right after a plural place word ("بلدات", "مدن وبلدات", "villages")."""
    return i > 0 and not index.plurals.isdisjoint(clitic_variants(tokens[i - 1]))


def _accept(entries: list[_Entry], single: bool, context: int) -> list[_Entry]:
    """The candidates a match may stand for, given the context before it (0, 1 or 2)."""
    keep = []
    for e in entries:
        if e.place.level == "governorate" or context == 2 or (not single and not e.common):
            keep.append(e)
        elif e.common:
            if context and e.capital <= 2:
                keep.append(e)
        elif context or e.capital <= 3:  # a district, subdistrict or admin-centre town
            keep.append(e)
    return keep


_ACCEPTED: dict[tuple[int, bool, int], tuple[list[_Entry], tuple[_Entry, ...]]] = {}


def _accepted(entries: list[_Entry], single: bool, context: int) -> tuple[_Entry, ...]:
    """:func:`_accept` as one shared tuple per gazetteer bucket and context, so that :func:`best_place` can know
    a name it has resolved before by the identity of its candidates."""
    got = _ACCEPTED.get((id(entries), single, context))
    if got is None or got[0] is not entries:
        got = (entries, tuple(_accept(entries, single, context)))
        if len(_ACCEPTED) > 200_000:
            _ACCEPTED.clear()
        _ACCEPTED[id(entries), single, context] = got
    return got[1]


def _match_ar(tokens: Sequence[str], i: int, index: _Index, found: tuple, listed: int = 0) -> PlaceHit | None:
    n = len(tokens)
    for v, groups in found:
        longer = groups.by_second.get(tokens[i + 1]) if i + 1 < n else None
        for k, rest, entries in (*longer, *groups.singles) if longer else groups.singles:
            if k > 1 and (i + k > n or tokens[i + 1 : i + k] != rest):
                continue
            if k == 1 and (v in index.place_words or (v[:2] == "ال" and v[2:] in index.place_words)):
                break  # "ريف مدينة حلب", "ريف المدينة": a place word, not the village المدينة
            context = max(_has_context(tokens, i, v, index), listed)
            if k == 1 and context < 2 and "ال" + v in clitic_variants(tokens[i]):
                # "الجاسم", "المشهد", "الكردية": a name without the article, read with one, is a surname, a
                # noun or an adjective unless a place word (or a preposition before a town) says otherwise.
                named = [e for e in entries if e.place.level == "governorate" or (context and e.capital <= 3)]
                accepted = tuple(_accept(named, True, context))
            else:
                # "أبو بكر البغدادي", "أم محمد": a two-word name that starts with a kunya is also a person's, so it
                # needs a place word or a preposition before it, as a one-word village name does
                accepted = _accepted(entries, k == 1 or (k == 2 and v in _KUNYA), context)
                if k == 1 and accepted and context == 1 and _lam_only(tokens, i, v, index):
                    # "لصور من الأقمار الصناعية" (for pictures): a glued "ل" is "for" as often as "to", too weak to
                    # make a common word ("صور", "القصير") a place
                    accepted = tuple(e for e in accepted if not e.common)
            if accepted:
                city = i > 0 and not _CITY_WORDS.isdisjoint(clitic_variants(tokens[i - 1]))
                return PlaceHit(i, i + k, accepted, city, context)
            break
    return None


def _lam_only(tokens: Sequence[str], i: int, stem: str, index: _Index) -> bool:
    """The name's only context is a glued "ل" (or "ول", "فل"), no preposition before it."""
    glued = tokens[i][: len(tokens[i]) - len(stem)]
    before = clitic_variants(tokens[i - 1]) if i > 0 else ()
    return glued in ("ل", "ول", "فل") and (not before or index.context.isdisjoint(before))


def _match_en(tokens: Sequence[str], i: int, caps: Sequence[bool] | None, index: _Index) -> PlaceHit | None:
    """The longest name starting at token i, exactly or by its consonants: "Jisr al-Shigour" is Jisr al-Shughur
    (by consonants), not the village Jisr (an exact one-word name inside it)."""
    n = len(tokens)
    window = [_en_token(t) for t in tokens[i : i + 6]]
    context = 2 if i > 0 and tokens[i - 1] in index.place_words else int(i > 0 and tokens[i - 1] in index.context)
    found: PlaceHit | None = None
    for table, conv in ((index.exact, lambda t: t), (index.skeleton, _skeleton)):
        conv_window = [conv(t) for t in window]
        bucket = table.get(conv_window[0])
        if not bucket:
            continue
        for key, _ in bucket:
            k = len(key)
            if found is not None and k <= found.end - found.start:
                break  # the buckets are longest first: nothing longer than the exact match is left
            if i + k > n or tuple(conv_window[:k]) != key:
                continue
            if key[0] == "al" and k == 1:
                continue
            # each word capitalised; a name of several words exactly as the gazetteer spells it only needs its first
            # ("in Syria's Deir ezzor")
            loose_caps = table is index.exact and k > 1 and window[0] != "al"
            if caps is not None and not all(caps[i + j] or window[j] == "al" or (j and loose_caps) for j in range(k)):
                continue
            if table is index.skeleton and (not context or (len(key) == 1 and len(tokens[i]) < 5)):
                continue
            if table is index.skeleton and k == 1 and tokens[i] in index.words:
                continue  # a word spelt as the word ("town Monitor") is not a village read by its consonants (Mintar)
            entries = [e for kk, e in bucket if kk == key]
            single = k == 1 or (k == 2 and key[0] == "al")
            if table is index.skeleton and single and context < 2:
                # a one-word name read by its consonants is a village only after a place word: "of Kurdish" is
                # not Kardish; towns and admin areas stay (in Efrin, in Idleb), unless the name is also a word ("of
                # Nusra" is the Nusra Front, not Nasra)
                entries = [e for e in entries if (e.place.level != "community" or e.capital <= 3) and not e.common]
            if single and not context:
                entries = [e for e in entries if e.place.level == "governorate" or e.capital <= 2]
            entries = _accept(entries, single, context)
            if entries:
                city = i > 0 and tokens[i - 1] in _CITY_WORDS
                found = PlaceHit(i, i + k, tuple(entries), city, context)
            break
    return found


def resolve(hit: PlaceHit, governorates: Collection[str] = ()) -> Place:
    """One place for a hit: the governorates mentioned nearby settle a shared village name."""
    if len(hit.candidates) == 1:
        return hit.candidates[0].place  # most names are one place's: nothing to settle
    cands = list(hit.candidates)
    if governorates:
        near = [e for e in cands if e.place.governorate in governorates]
        if near:
            cands = near
    govs = [e for e in cands if e.place.level == "governorate"]
    if govs and not hit.city_word:
        return govs[0].place
    cands.sort(key=lambda e: (e.place.level != "community", e.capital, -LEVEL_RANK[e.place.level]))
    return cands[0].place


_BEST: dict[tuple, tuple[Place, list[tuple[_Entry, ...]]]] = {}


def best_place(hits: Sequence[PlaceHit], governorates: Collection[str] = ()) -> Place | None:
    """The most specific place among hits (first on a tie), resolved against the governorates named."""
    if not hits:
        return None
    if len(hits) == 1 and len(hits[0].candidates) == 1:
        return hits[0].candidates[0].place  # one name of one place: what the rest would find
    if len(hits) > 4:
        return _best_place(hits, governorates)
    # A report names the same few places sentence after sentence: the answer depends only on the candidates
    # (the same tuple for the same name, see _accepted), the city words and the governorates. The entry keeps
    # the candidates alive, so their ids in the key stay theirs.
    key = (tuple([(id(h.candidates), h.city_word) for h in hits]), tuple(governorates))
    got = _BEST.get(key)
    if got is None:
        got = (_best_place(hits, governorates), [h.candidates for h in hits])
        if len(_BEST) > 100_000:
            _BEST.clear()
        _BEST[key] = got
    return got[0]


def _best_place(hits: Sequence[PlaceHit], governorates: Collection[str]) -> Place:
    local = {e.place.governorate for h in hits for e in h.candidates if e.place.level == "governorate"}
    if "Damascus" in local:
        local.add("Rif Dimashq")  # the city's governorate is the city: "Kisweh, south of Damascus"
    # A set: an incident told over thousands of sentences names its governorate thousands of times.
    named = set(governorates)
    named |= local
    if "Damascus" in named:
        named.add("Rif Dimashq")
    places = [resolve(h, named) for h in hits]
    # A village whose governorate contradicts the one named beside it ("الحويز في ريف حماة") is
    # probably another village of that name: keep the places that agree with the text.
    if local:
        agreeing = [k for k, p in enumerate(places) if p.governorate in local]
        if agreeing:
            best = max(agreeing, key=lambda k: (LEVEL_RANK[places[k].level], -k))
            return places[best]
    best = max(range(len(places)), key=lambda k: (LEVEL_RANK[places[k].level], -k))
    return places[best]


def places_named(name: str) -> list[Place]:
    """The gazetteer places a name typed in a command stands for: the name read as :func:`find_places` reads it
    after a preposition ("in Kafranbel"), every spelling the index folds, but only as the whole name."""
    tokens = [t for t in match_tokens(name) if t not in ("(", ")")]
    index = _index()
    if not tokens or _is_foreign(tokens[0], _foreign()):
        return []
    if tokens[0].isascii():
        window = [_en_token(t) for t in tokens]
        tables = [(index.exact, tuple(window))]
        if len(window) > 1 or len(tokens[0]) >= 5:
            tables.append((index.skeleton, tuple(_skeleton(t) for t in window)))
        single = len(window) == 1 or (len(window) == 2 and window[0] == "al")
        keys = [(table, key) for table, key in tables if key != ("al",)]
    else:
        single = len(tokens) == 1
        keys = [(index.exact, (v, *tokens[1:])) for v, _ in index.ar_buckets(tokens[0])]
    for table, key in keys:
        accepted = _accept([e for k, e in table.get(key[0], ()) if k == key], single, 1)
        if accepted:
            return list(dict.fromkeys(e.place for e in accepted))
    return []
