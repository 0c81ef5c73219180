"""The relevance gate: is a report news of the war in Syria (or of diplomacy, a ceasefire, displacement or a
protest about Syria)? Decided once per document, before any event is read, so that a football preview, a
market report or a strike in Yemen gives no event however many trigger words it holds.

A linear model (logistic regression) over the headline's words, the lead's words, word pairs and character
4-grams, and whether the lead names Syria, a well-known Syrian city or a gazetteer place, trained by
``scripts/train_relevance.py`` on the 2018 Arabic corpus (Feb-Jun only) and the in-house dev set's reports
(``--inhouse``: strong positives, and the threshold keeps them).
Its weights ship in ``data/relevance_ar.tsv`` (one ``feature<TAB>weight`` a line); inference is a
dictionary lookup per feature. The corpus is Arabic only and has no English negatives, so the gate is
Arabic-only: any other language scores 1.0 (permissive), and English reports are read as before. Texts
under MIN_WORDS words (a sentence, a headline) are not judged either.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, field
from importlib import resources

from bot.analysis.normalize import normalize
from bot.analysis.places import _index
from bot.analysis.weights import read_weights, sigmoid

__all__ = ["LEAD_CHARS", "MIN_WORDS", "Model", "features", "is_document_feature", "is_relevant", "model", "relevance"]

MIN_WORDS = 20  # 0.5% of the corpus' sport, economy, technology and culture articles are shorter
LEAD_CHARS = 700  # the headline and lead tell what a report is about; the rest only costs time
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_CHAR_N = 4
# Names that say "Syria" without a gazetteer: the country, and its governorates' and best-known cities' names
# (normalised; the same list as scripts/realset.py's SYRIA, which also makes the weak labels).
_COUNTRY = re.compile(r"سوري")
_CITIES = re.compile(
    r"دمشق|حلب|ادلب|الغوطه|درعا|حمص|حماه|الرقه|دير الزور|عفرين|منبج|الحسكه|القنيطره|السويداء|اللاذقيه|طرطوس|"
    r"البوكمال|تدمر|دوما|جسر الشغور|معره النعمان|خان شيخون"
)


def _grams(word: str) -> list[str]:
    padded = f" {word} "
    return ["c:" + padded[i : i + _CHAR_N] for i in range(len(padded) - _CHAR_N + 1)]


@functools.lru_cache(maxsize=100_000)
def _place_of(word: str) -> tuple[str, ...]:
    """``p:`` feature of a word that names a Syrian governorate, district or subdistrict by itself (not a common
    word): its level. Villages do not count: thousands of them share a name with places abroad
    (الحديدة is also Hodeidah in Yemen). One word at a time, so it is cheap; names of several words count by
    their own words."""
    if word.isascii():
        return ()
    for _variant, groups in _index().ar_buckets(word):
        for _length, _rest, entries in groups.singles:  # names of one word
            entry = next((e for e in entries if not e.common and e.place.level != "community"), None)
            if entry is not None:
                return ("p:" + entry.place.level,)
    return ()


def _places(found: list[tuple[str, ...]]) -> set[str]:
    """The document's place features: any place, few or many (more than two place words), their levels:
    a short report that names Saraqib and rural Idlib but not Syria is still about Syria."""
    if not found:
        return set()
    return {"p:any", "p:many" if len(found) > 2 else "p:few"}.union(*found)


def _parts(title: str, text: str) -> tuple[list[str], list[str], set[str]]:
    """Headline words, lead words (normalised), and ``k:`` features: the lead names the country, one of the
    best-known Syrian cities."""
    head = _WORD.findall(normalize(title or ""))
    lead = normalize((title or "") + "\n" + (text or "")[:LEAD_CHARS])
    names = {key for key, pattern in (("k:country", _COUNTRY), ("k:city", _CITIES)) if pattern.search(lead)}
    return head, _WORD.findall(lead), names


def features(title: str, text: str) -> dict[str, int]:
    """The document's features and their counts: ``t:`` each headline word, ``w:`` each lead word, ``b:`` each
    lead word pair, ``c:`` the character 4-grams of each distinct lead word (padded with spaces, so prefixes and
    suffixes count too; a 4-gram of two words counts twice), ``p:`` places named in the lead (``_places``),
    ``k:`` Syria's name or a well-known Syrian city's (``_parts``)."""
    head, words, names = _parts(title, text)
    distinct = set(words)
    out: dict[str, int] = dict.fromkeys(_places([p for w in distinct if (p := _place_of(w))]), 1)
    out.update(dict.fromkeys(names, 1))
    out.update(dict.fromkeys(("t:" + w for w in head), 1))
    out.update(dict.fromkeys((f"b:{a}_{b}" for a, b in itertools.pairwise(words)), 1))
    for w in distinct:
        out["w:" + w] = 1
        for g in _grams(w):
            out[g] = out.get(g, 0) + 1
    return out


def is_document_feature(feature: str) -> bool:
    """``k:`` and ``p:`` say something of the whole document: they count once, whatever its length."""
    return feature[:2] in ("k:", "p:")


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the logistic regression. A document's score is ``bias + sum(count * weight) / sqrt(sum(count))
    + sum(document features' weights)``: word features scaled by their total (a long article is not more
    relevant for having more words), document features (``is_document_feature``) as they are."""

    bias: float
    threshold: float
    weights: dict[str, float]
    _words: dict[str, tuple[float, int, tuple[str, ...]]] = field(default_factory=dict, compare=False, repr=False)

    def probability(self, feats: dict[str, int]) -> float:
        """From ``features()``: the reference the fast path ``score`` agrees with (and training uses)."""
        get = self.weights.get
        words = {f: n for f, n in feats.items() if not is_document_feature(f)}
        document = sum(get(f, 0.0) for f in feats if is_document_feature(f))
        return self._sigmoid(sum(n * get(f, 0.0) for f, n in words.items()), sum(words.values()), document)

    def score(self, title: str, text: str) -> float:
        """``probability(features(title, text))``, with each word's own weight, 4-grams and place summed once
        and remembered: most words of a report were seen in earlier ones."""
        head, words, names = _parts(title, text)
        get, cache = self.weights.get, self._words
        distinct = set(words)
        heads = set(head)
        pairs = {f"b:{a}_{b}" for a, b in itertools.pairwise(words)}
        weight = sum(get("t:" + w, 0.0) for w in heads) + sum(get(p, 0.0) for p in pairs)
        total = len(heads) + len(pairs) + len(distinct)
        found = []
        for w in distinct:
            known = cache.get(w)
            if known is None:
                grams = _grams(w)
                known = (get("w:" + w, 0.0) + sum(get(g, 0.0) for g in grams), len(grams), _place_of(w))
                if len(cache) < 200_000:  # bounded: a long-running bot sees ever new words
                    cache[w] = known
            weight += known[0]
            total += known[1]
            if known[2]:
                found.append(known[2])
        document = sum(get(p, 0.0) for p in _places(found) | names)
        return self._sigmoid(weight, total, document)

    def _sigmoid(self, weight: float, total: int, document: float) -> float:
        if not total:
            return 0.0
        z = self.bias + weight / math.sqrt(total) + document
        return sigmoid(z)


def parse(text: str) -> Model:
    """The shipped file (``bot.analysis.weights`` format); an absent threshold is 0.5."""
    meta, weights = read_weights(text)
    return Model(bias=meta.get("bias", 0.0), threshold=meta.get("threshold", 0.5), weights=weights)


@functools.cache
def model() -> Model:
    return parse(resources.files("bot.analysis").joinpath("data", "relevance_ar.tsv").read_text("utf-8"))


def relevance(title: str | None, text: str, language: str) -> float:
    """Probability that the report is news of the war in Syria; 1.0 (not judged) for languages the model does
    not cover and for texts under MIN_WORDS words: a lone sentence is too little to judge a document by (the
    model learned from articles), so the event rules read it as before."""
    if language != "ar" or len((text or "").split()) < MIN_WORDS:
        return 1.0
    return model().score(title or "", text)


def is_relevant(score: float) -> bool:
    return score >= model().threshold
