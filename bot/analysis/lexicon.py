"""Lexicons as data: loaded once from ``bot/analysis/data`` and matched over normalised tokens.

Each lexicon is a TSV file (``#`` starts a comment). Phrases are normalised with the same
function as the text, so a file may be written with hamza, taa marbuta or diacritics.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.analysis.normalize import clitic_variants, match_tokens

__all__ = ["Match", "PhraseMatcher", "Scanned", "matcher", "read_tsv", "register_probe", "rows", "scan"]


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a data file, comments and blank lines skipped."""
    text = resources.files("bot.analysis").joinpath("data", name).read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.rstrip("\n").split("\t"))
    return out


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token index
    end: int  # exclusive
    payload: Any


_CACHE_LIMIT = 100_000


_REGISTRY: list[PhraseMatcher | _Probe] = []
_STARTS: dict[str, tuple[int, ...]] = {}  # token -> ids of the matchers with a phrase that may start there
# Every matcher's first tokens in one index, so a token seen for the first time is looked up once per clitic
# reading rather than once per matcher and reading: first token -> matcher ids, prefix stem -> matcher ids.
_ALL_EXACT: dict[str, set[int]] = {}
_ALL_PREFIX: dict[str, set[int]] = {}
_ALL_PREFIX_LENGTHS: list[int] = []
# Every start of a prefix stem at least as long as the shortest stem: a token whose first n letters are none of
# these starts no stem of n letters or more, so its remaining prefix lookups are skipped (most new tokens).
_ALL_PREFIX_HEADS: set[str] = set()
_PROBES: list[int] = []


class Scanned(list):
    """A sentence's tokens, with where each lexicon's phrases may start, found in one pass (:func:`scan`).

    :meth:`PhraseMatcher.find` then looks only at those positions instead of at every token.
    """

    __slots__ = ("known", "starts")

    def __init__(self, tokens: Iterable[str]) -> None:
        super().__init__(tokens)
        self.starts: dict[int, list[int]] = {}
        self.known = len(_REGISTRY)  # matchers made later were not scanned for


@dataclass(frozen=True, slots=True)
class _Probe:
    _candidates: Callable[[str], Any]


def register_probe(may_start: Callable[[str], Any]) -> int:
    """Have :func:`scan` also note where ``may_start(token)`` is true (the gazetteer uses this); the id to
    look the positions up with in :attr:`Scanned.starts`."""
    _REGISTRY.append(_Probe(may_start))
    _PROBES.append(len(_REGISTRY) - 1)
    _STARTS.clear()
    return len(_REGISTRY) - 1


def scan(tokens: Iterable[str]) -> Scanned:
    out = Scanned(tokens)
    starts = out.starts
    found = list(map(_STARTS.get, out))  # C-level lookups; most tokens start nothing
    if None in found:
        found = [ids if ids is not None else _starts_of(tok) for tok, ids in zip(out, found, strict=True)]
    for i in itertools.compress(range(len(found)), found):
        for mid in found[i]:
            if mid in starts:
                starts[mid].append(i)
            else:
                starts[mid] = [i]
    return out


def _starts_of(token: str) -> tuple[int, ...]:
    found: set[int] = set()
    exact, prefix, lengths, heads = _ALL_EXACT, _ALL_PREFIX, _ALL_PREFIX_LENGTHS, _ALL_PREFIX_HEADS
    for v in clitic_variants(token):
        ids = exact.get(v)
        if ids:
            found.update(ids)
        for n in lengths:
            if len(v) < n:
                break
            head = v[:n]
            if head not in heads:
                break  # no stem starts so: none of n letters or more
            ids = prefix.get(head)
            if ids:
                found.update(ids)
    for mid in _PROBES:
        if _REGISTRY[mid]._candidates(token):
            found.add(mid)
    ids = tuple(sorted(found))
    if len(_STARTS) > _CACHE_LIMIT:
        _STARTS.clear()
    _STARTS[token] = ids
    return ids


class PhraseMatcher:
    """Longest-match lookup of token phrases, indexed by first token.

    A phrase token ending in ``*`` matches any token starting with it. The first token of
    a match may carry Arabic clitics (و ف ب ل ك ال); later tokens may carry و/ال too.
    """

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        self._id = len(_REGISTRY)
        _REGISTRY.append(self)
        _STARTS.clear()  # the tokens seen so far were not looked up in this matcher
        self._exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._prefix_lengths: set[int] = set()
        self._cache: dict[str, list[tuple[int, tuple[str, ...], Any]]] = {}  # token -> candidates
        self._seconds: dict[str, frozenset[str] | None] = {}  # token -> see _second_words
        for phrase, payload in entries:
            star = phrase.rstrip().endswith("*")
            toks = match_tokens(phrase.replace("*", " *STAR* ") if star else phrase)
            if star:
                toks = [t for t in toks if t != "star"]
                toks[-1] = toks[-1] + "*"
            if not toks:
                continue
            key = tuple(toks)
            first = key[0]
            if first.endswith("*"):
                stem = first[:-1]
                self._prefix.setdefault(stem, []).append((key, payload))
                self._prefix_lengths.add(len(stem))
            else:
                self._exact.setdefault(first, []).append((key, payload))
        for table in (self._exact, self._prefix):
            for cands in table.values():
                cands.sort(key=lambda c: -len(c[0]))
        for first in self._exact:
            _ALL_EXACT.setdefault(first, set()).add(self._id)
        for stem in self._prefix:
            _ALL_PREFIX.setdefault(stem, set()).add(self._id)
        _ALL_PREFIX_LENGTHS[:] = sorted(set(_ALL_PREFIX_LENGTHS) | self._prefix_lengths)
        _ALL_PREFIX_HEADS.clear()
        if _ALL_PREFIX_LENGTHS:
            shortest = _ALL_PREFIX_LENGTHS[0]
            _ALL_PREFIX_HEADS.update(stem[:n] for stem in _ALL_PREFIX for n in range(shortest, len(stem) + 1))

    @staticmethod
    def _token_ok(pattern: str, token: str) -> bool:
        if pattern.endswith("*"):
            stem = pattern[:-1]
            return any(v.startswith(stem) for v in clitic_variants(token))
        return pattern in clitic_variants(token)

    def _candidates(self, token: str) -> list[tuple[int, tuple[str, ...], Any]]:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found = self._lookup(token)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = found
        return found

    def _lookup(self, token: str) -> list[tuple[int, tuple[str, ...], Any]]:
        found = []
        for depth, v in enumerate(clitic_variants(token)):
            for cand in self._exact.get(v, ()):
                found.append((depth, *cand))
            for n in self._prefix_lengths:
                if len(v) >= n:
                    for cand in self._prefix.get(v[:n], ()):
                        found.append((depth, *cand))
        return found

    def _second_words(self, token: str, cands: list[tuple[int, tuple[str, ...], Any]]) -> frozenset[str] | None:
        """The second words of a first word's phrases when all of them have a second word written out (no "*"),
        else None: what :meth:`match_at` checks the next token against before trying each phrase."""
        out = None
        if all(len(key) > 1 and key[1][-1:] != "*" for _, key, _ in cands):
            out = frozenset(key[1] for _, key, _ in cands)
        if len(self._seconds) > _CACHE_LIMIT:
            self._seconds.clear()
        self._seconds[token] = out
        return out

    def match_at(self, tokens: Sequence[str], i: int) -> Match | None:
        """The longest phrase starting at token ``i`` (fewest clitics stripped on a tie)."""
        cands = self._cache.get(tokens[i])
        if cands is None:
            cands = self._candidates(tokens[i])
        if not cands:
            return None
        seconds = self._seconds.get(tokens[i], False)
        if seconds is False:
            seconds = self._second_words(tokens[i], cands)
        limit = len(tokens) - i
        if seconds is not None and (limit < 2 or seconds.isdisjoint(clitic_variants(tokens[i + 1]))):
            return None  # no phrase of this first word goes on with the next one ("في" starts dozens)
        best: tuple[int, int, Any] | None = None
        variants = clitic_variants
        for depth, key, payload in cands:
            n = len(key)
            if n > limit:
                continue
            if best is not None and (n < best[0] or (n == best[0] and depth >= best[1])):
                continue  # cannot beat the best so far: skip checking its later tokens
            if n > 1:  # the later tokens: equal, or the same with clitics (a loop: no generator per candidate)
                for k in range(1, n):
                    pattern, token = key[k], tokens[i + k]
                    if pattern == token:
                        continue
                    # _token_ok inlined: this loop runs for every candidate of a common first word ("في")
                    if pattern[-1:] == "*":
                        stem = pattern[:-1]
                        if not any(v.startswith(stem) for v in variants(token)):
                            break
                    elif pattern not in variants(token):
                        break
                else:
                    best = (n, depth, payload)
                continue
            best = (n, depth, payload)
        if best is None:
            return None
        return Match(i, i + best[0], best[2])

    def find(self, tokens: Sequence[str]) -> list[Match]:
        """Non-overlapping longest matches, left to right."""
        if isinstance(tokens, Scanned) and self._id < tokens.known:
            starts = tokens.starts.get(self._id)
            if starts is None:
                return []  # most lexicons have no phrase in a sentence
            out: list[Match] = []
            end = 0
            for i in starts:
                if i < end:
                    continue
                m = self.match_at(tokens, i)
                if m is not None:
                    out.append(m)
                    end = m.end
            return out
        out = []
        cache = self._cache
        i = 0
        n = len(tokens)
        while i < n:
            # Inlined cache probe: most tokens start no phrase, and this loop runs for every token of every
            # sentence for each lexicon.
            cands = cache.get(tokens[i])
            if cands is None:
                cands = self._candidates(tokens[i])
            if not cands:
                i += 1
                continue
            m = self.match_at(tokens, i)
            if m is None:
                i += 1
            else:
                out.append(m)
                i = m.end
        return out


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in read_tsv(name))


@functools.cache
def matcher(name: str, column: int = 1, language: str | None = None) -> PhraseMatcher:
    """A matcher over a data file's first column, with ``column`` as payload (or the row).

    With ``language``, only rows whose last column equals it are kept.
    """
    entries = []
    for r in rows(name):
        if language is not None and r[-1] != language:
            continue
        entries.append((r[0], r[column] if column >= 0 else r))
    return PhraseMatcher(entries)
