"""The 14 governorates by any name a person types: the gazetteer's names and aliases in both languages, the
aliases the place finder adds (bot/analysis/data/place_aliases.tsv), and the few spellings only commands accept
(data/governorate_spellings.tsv: the finder must not read "الشام" in a report as Damascus)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import NamedTuple

from bot.analysis.normalize import normalize
from bot.analysis.places import place_aliases


class Governorate(NamedTuple):
    """A governorate: English name as in the gazetteer, Arabic name, p-code, every other spelling known."""

    name: str
    name_ar: str
    pcode: str
    spellings: tuple[str, ...] = ()


@functools.cache
def gazetteer_rows() -> tuple[tuple, ...]:
    """The shipped gazetteer's rows (fields as its "fields" list says), read once."""
    text = resources.files("bot.analysis").joinpath("data", "gazetteer.json").read_text("utf-8")
    return tuple(tuple(row) for row in json.loads(text)["places"])


def _extra_spellings() -> dict[str, list[str]]:
    text = resources.files("bot.places").joinpath("data", "governorate_spellings.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {pcode: spellings.split("|") for pcode, spellings in rows}


@functools.cache
def governorates() -> tuple[Governorate, ...]:
    """Every governorate, in p-code order (SY01 Damascus ... SY14 Quneitra)."""
    extra = _extra_spellings()
    aliases = place_aliases()
    found = []
    for en, ar, _gov, pcode, _lat, _lon, level, _capital, aliases_en, aliases_ar in gazetteer_rows():
        if level == "governorate":
            names = dict.fromkeys(
                n
                for n in (*aliases_en, *aliases_ar, *aliases.get(pcode, ("", []))[1], *extra.get(pcode, ()))
                if n not in (en, ar)
            )
            found.append(Governorate(en, ar, pcode, tuple(names)))
    return tuple(sorted(found, key=lambda g: g.pcode))


def _fold(name: str) -> str:
    return normalize(name).replace("-", " ")


@functools.cache
def _index() -> dict[str, Governorate]:
    """Every folded spelling of a governorate, with and without its article."""
    index: dict[str, Governorate] = {}
    for gov in governorates():
        for name in (gov.name, gov.name_ar, *gov.spellings):
            folded = _fold(name)
            index[folded] = gov
            if folded.startswith("al "):
                index[folded[3:]] = gov
            if folded.startswith("ال"):
                index[folded[2:]] = gov
    return index


def governorate(name: str) -> Governorate | None:
    """A governorate named in Arabic or English, any common spelling; None when the name is not one."""
    return _index().get(_fold(name).strip())
