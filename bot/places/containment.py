"""Which place lies inside which: a town inside its governorate, district or subdistrict.

Reports place one incident at different levels ("airstrikes on Idlib countryside" and "an airstrike on
Maarat al-Numan"), and a subscription to a governorate wants its towns. Admin p-codes nest by prefix (SY07
governorate, SY0702 district, SY070200 subdistrict); a community's p-code (C3985) does not, so its
subdistrict is looked up in a table taken from the OCHA communities list. Without p-codes, the governorate
name decides.
"""

from __future__ import annotations

import functools
from importlib import resources

from bot.analysis.normalize import normalize
from bot.analysis.places import LEVEL_RANK
from bot.models import Place
from bot.places.governorates import governorate, governorates

__all__ = ["LEVEL_RANK", "admin_code", "contains", "nested", "pcode_within", "region"]

_ADMIN_CODE_LENGTH = {"governorate": 4, "district": 6, "subdistrict": 8}


def pcode_within(code: str, area: str) -> bool:
    """Whether p-code ``code`` is ``area`` or lies in it: admin codes (SY…) nest by prefix, others do not."""
    return code == area or (area.startswith("SY") and code.startswith(area))


@functools.cache
def _subdistricts() -> dict[str, str]:
    text = resources.files("bot.places").joinpath("data", "community_subdistricts.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {community: subdistrict for community, subdistrict in pairs}


def admin_code(place: Place) -> str | None:
    """The admin p-code a place sits in at its own level or just above (SY…), None if unknown."""
    code = place.pcode or ""
    if code.startswith("SY") and len(code) == _ADMIN_CODE_LENGTH.get(place.level, -1):
        return code
    if place.level == "community" and code:
        return _subdistricts().get(code)
    return None


def _same_governorate(a: Place, b: Place) -> bool:
    return bool(a.governorate and b.governorate and normalize(a.governorate) == normalize(b.governorate))


def contains(outer: Place, inner: Place) -> bool:
    """Whether ``inner`` lies strictly inside ``outer`` (a community inside its governorate, …)."""
    outer_rank, inner_rank = LEVEL_RANK.get(outer.level), LEVEL_RANK.get(inner.level)
    if outer_rank is None or inner_rank is None or outer_rank >= inner_rank:
        return False
    outer_code, inner_code = admin_code(outer), admin_code(inner)
    if outer_code and inner_code:
        return pcode_within(inner_code, outer_code)
    return outer.level == "governorate" and _same_governorate(outer, inner)


def nested(a: Place | None, b: Place | None) -> bool:
    """Whether one of two places lies strictly inside the other."""
    return a is not None and b is not None and (contains(a, b) or contains(b, a))


def region(place: Place | None) -> str | None:
    """The governorate a place lies in (English name), from its p-code else its governorate's name.

    Places that nest (``contains``) share it, so incidents a report may belong to are looked up by it.
    """
    if place is None:
        return None
    code = admin_code(place)
    if code:
        for gov in governorates():
            if code.startswith(gov.pcode):
                return gov.name
    for name in (place.governorate, place.name if place.level == "governorate" else None):
        if name and (gov := governorate(name)):
            return gov.name
    return normalize(place.governorate) if place.governorate else None
