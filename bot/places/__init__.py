"""Places, in one home: the gazetteer's governorates by any name, a place as a subscription names it
(:class:`PlaceKey`), which place lies inside which (by p-code), the level ranking, and :func:`lookup`, a name
as typed in a command -> the gazetteer places it stands for. Pure: it reads only shipped data.

The place *finder* (names in a report's sentences) is bot.analysis.places; the index it builds is the one
:func:`lookup` asks, so a command and a report agree on every spelling (Arabic normalised, both languages).
"""

from __future__ import annotations

from bot.analysis.places import places_named as lookup
from bot.places.containment import LEVEL_RANK, admin_code, contains, nested, pcode_within
from bot.places.governorates import Governorate, gazetteer_rows, governorate, governorates
from bot.places.keys import PlaceKey, fold_name, place_matches

__all__ = [
    "LEVEL_RANK",
    "Governorate",
    "PlaceKey",
    "admin_code",
    "contains",
    "fold_name",
    "gazetteer_rows",
    "governorate",
    "governorates",
    "lookup",
    "nested",
    "pcode_within",
    "place_matches",
]
