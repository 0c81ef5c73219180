"""The lexicon files: each key once per file, so that a row cannot silently override or repeat another."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from bot.analysis.lexicon import read_tsv
from bot.analysis.normalize import normalize

FILES = sorted(p.name for p in resources.files("bot.analysis").joinpath("data").iterdir() if p.name.endswith(".tsv"))


def _keys(name: str) -> list[str]:
    # place_aliases.tsv is keyed by pcode; typemodel_ar.tsv by type and feature (one weight table per type); every
    # other file by its phrase as the matcher sees it (normalised).
    if name == "typemodel_ar.tsv":
        return ["\t".join(r[:2]) for r in read_tsv(name)]
    return [r[0] if name == "place_aliases.tsv" else normalize(r[0]).strip() for r in read_tsv(name)]


def test_every_lexicon_is_checked():
    assert {"triggers_ar.tsv", "background.tsv", "structure.tsv", "abroad.tsv", "place_aliases.tsv"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_no_duplicate_keys(name: str) -> None:
    twice = sorted(k for k, n in Counter(_keys(name)).items() if n > 1)
    assert not twice, f"{name}: keys listed more than once: {twice}"


def test_word_sets_in_code_are_spelled_as_match_tokens_spells_them() -> None:
    """A word in a set of the analysis code is compared with normalised tokens: written with ة, ى, ئ or ؤ
    ("مسؤولية") it would never match. Every single-word Arabic string in a set literal must be normalised."""
    import ast
    from pathlib import Path

    from bot.analysis.normalize import match_tokens

    wrong = []
    for path in sorted((Path(__file__).parents[2] / "bot" / "analysis").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Set):
                continue
            for item in node.elts:
                word = item.value if isinstance(item, ast.Constant) and isinstance(item.value, str) else ""
                arabic = any("\u0621" <= ch <= "\u064a" for ch in word)
                if arabic and " " not in word and match_tokens(word) != [word]:
                    wrong.append(f"{path.name}:{node.lineno} {word}")
    assert wrong == []
