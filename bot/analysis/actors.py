"""Actors: who struck or who spoke, from a lexicon of forces, states and envoys."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bot.analysis.lexicon import PhraseMatcher, rows

__all__ = ["find_actors"]


@functools.cache
def _actors() -> PhraseMatcher:
    return PhraseMatcher((r[0], r[1]) for r in rows("actors.tsv"))


def find_actors(tokens: Sequence[str]) -> list[str]:
    """Canonical actor names in order of first mention, without repeats."""
    out: list[str] = []
    for m in _actors().find(tokens):
        if m.payload not in out:
            out.append(m.payload)
    return out
