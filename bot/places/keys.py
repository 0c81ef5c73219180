"""A place as a subscription names it, stored as text, and whether a report's place is (or lies in) it.

``gov:Idlib`` (a governorate: every town in it), ``pcode:C3985|Maarat al-Numan`` (one gazetteer place,
whatever the report's spelling) or ``name:اريحا|أريحا`` (a folded name, when the gazetteer did not know it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.normalize import normalize
from bot.models import Place
from bot.places.containment import pcode_within
from bot.places.governorates import governorate


@dataclass(frozen=True, slots=True)
class PlaceKey:
    """A place a subscription asks for: ``kind`` is gov, pcode or name; ``label`` is for people."""

    kind: str
    value: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}" + (f"|{self.label}" if self.label and self.label != self.value else "")

    @classmethod
    def parse(cls, text: str) -> PlaceKey:
        """The key stored as text; a bare name (older subscriptions) is a name key."""
        kind, sep, rest = text.partition(":")
        if not sep or kind not in ("gov", "pcode", "name"):
            if (gov := governorate(text)) is not None:
                return cls("gov", gov.name, gov.name)
            return cls("name", normalize(text), text)
        value, _, label = rest.partition("|")
        return cls(kind, value, label or value)


def place_matches(key: PlaceKey, place: Place) -> bool:
    """Whether an event's place is (or lies in) the place a subscription names."""
    if key.kind == "gov":
        gov = governorate(key.value)
        names = {normalize(key.value)} | ({normalize(gov.name), normalize(gov.name_ar)} if gov else set())
        if place.governorate and normalize(place.governorate) in names:
            return True
        return bool(gov and place.pcode and pcode_within(place.pcode, gov.pcode))
    if key.kind == "pcode":
        # Admin p-codes nest (SY07 > SY0703 > SY070300); community p-codes (C3985) do not.
        return bool(place.pcode) and pcode_within(place.pcode, key.value)
    names = {fold_name(n) for n in (place.name, place.name_ar, place.governorate) if n}
    return fold_name(key.value) in names


_EN_ARTICLES = re.compile(r"\b(?:el|an|ar|as|ash|ad|at|az|ed|es|er|ez|en)\b")
_APOSTROPHES = re.compile(r"['’`ʿʾ]")
_NAME_GAPS = re.compile(r"[-\s]+")


def fold_name(name: str) -> str:
    """A place name folded for comparison: ``Ma'arat an-Numan`` and ``Maarat al Numan`` agree."""
    folded = _NAME_GAPS.sub(" ", _APOSTROPHES.sub("", normalize(name))).strip()
    return _EN_ARTICLES.sub("al", folded) if folded.isascii() else folded
