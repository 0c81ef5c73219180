"""Syria's governorate and district outlines, from the small file scripts/build_boundaries.py writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

Ring = tuple[tuple[float, float], ...]  # (lon, lat) points, closed implicitly


@dataclass(frozen=True, slots=True)
class Area:
    """A governorate or district: p-code, names, outer rings, and for governorates the gazetteer centroid."""

    pcode: str
    name: str
    name_ar: str
    rings: tuple[Ring, ...]
    governorate: str  # the governorate's p-code (itself for a governorate)
    centroid: tuple[float, float] | None = None  # (lon, lat)

    def label(self, language: str) -> str:
        return self.name_ar if language == "ar" else self.name

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class Boundaries:
    governorates: tuple[Area, ...]
    districts: tuple[Area, ...]

    def governorate(self, key: str) -> Area | None:
        """By p-code (``SY07``) or gazetteer name (``Idlib``), case-insensitive."""
        key = key.casefold()
        return next((g for g in self.governorates if key in (g.pcode.casefold(), g.name.casefold())), None)

    def districts_of(self, governorate: Area) -> tuple[Area, ...]:
        return tuple(d for d in self.districts if d.governorate == governorate.pcode)

    def bounds(self) -> tuple[float, float, float, float]:
        boxes = [g.bounds() for g in self.governorates]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


def _rings(raw: list, scale: int) -> tuple[Ring, ...]:
    return tuple(tuple((x / scale, y / scale) for x, y in ring) for ring in raw)


@cache
def load() -> Boundaries:
    data = json.loads(resources.files("bot.maps").joinpath("data", "boundaries.json").read_text("utf-8"))
    scale = data["scale"]
    governorates = tuple(
        Area(g["pcode"], g["name"], g["name_ar"], _rings(g["rings"], scale), g["pcode"], tuple(g["centroid"]))
        for g in data["governorates"]
    )
    districts = tuple(
        Area(d["pcode"], d["name"], d["name_ar"], _rings(d["rings"], scale), d["governorate"])
        for d in data["districts"]
    )
    return Boundaries(governorates, districts)
