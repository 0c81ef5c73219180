"""The lexicon files: each key once per file, so that a row cannot silently override or repeat another."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from bot.analysis.lexicon import read_tsv
from bot.analysis.normalize import normalize

FILES = sorted(p.name for p in resources.files("bot.analysis").joinpath("data").iterdir() if p.name.endswith(".tsv"))


def _keys(name: str) -> list[str]:
    # place_aliases.tsv is keyed by pcode; every other file by its phrase as the matcher sees it (normalised).
    return [r[0] if name == "place_aliases.tsv" else normalize(r[0]).strip() for r in read_tsv(name)]


def test_every_lexicon_is_checked():
    assert {"triggers_ar.tsv", "background.tsv", "structure.tsv", "abroad.tsv", "place_aliases.tsv"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_keys(name: str) -> None:
    twice = sorted(k for k, n in Counter(_keys(name)).items() if n > 1)
    assert not twice, f"{name}: keys listed more than once: {twice}"
