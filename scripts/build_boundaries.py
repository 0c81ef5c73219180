"""Simplify OCHA's governorate and district boundaries into the small file the map renderer ships.

Run from the repository root:

    python scripts/build_boundaries.py [SOURCE_DIR]

SOURCE_DIR defaults to ``../shared/data/gazetteer`` (or ``/work/shared/data/gazetteer``); it must hold
``boundaries/governorates.geojson`` and ``boundaries/districts.geojson`` (OCHA COD-AB, CC BY 3.0 IGO) and
``governorates.json`` is not needed: names and centroids come from the shipped gazetteer, so a governorate is
called on the map what the analysis calls it (``Idlib``, not OCHA's ``Idleb``).

Writes ``bot/maps/data/boundaries.json``: per governorate and district its p-code, names and rings as
integer thousandths of a degree (lon, lat), simplified with Douglas-Peucker. Pure Python, build time only:
the runtime never reads the shared folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "maps" / "data" / "boundaries.json"
GAZETTEER = ROOT / "bot" / "analysis" / "data" / "gazetteer.json"
CANDIDATES = [Path("../shared/data/gazetteer"), Path("/work/shared/data/gazetteer")]
GOV_TOLERANCE = 0.012  # degrees (about 1.2 km): under a pixel on the whole-country map
DISTRICT_TOLERANCE = 0.006  # districts are drawn zoomed into one governorate
MIN_RING_AREA = 0.0004  # square degrees: islets and slivers smaller than this are dropped
SCALE = 1000  # stored as integer thousandths of a degree

Point = tuple[float, float]


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The classic algorithm, iterative (rings have thousands of points; recursion would be deep)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def simplify_ring(ring: list[Point], tolerance: float) -> list[list[int]] | None:
    """A closed ring simplified and quantised; None when it is too small to draw."""
    if _area(ring) < MIN_RING_AREA:
        return None
    # Split the closed ring in two halves so the end points of the line version are far apart.
    half = len(ring) // 2
    simple = douglas_peucker(ring[: half + 1], tolerance)[:-1] + douglas_peucker(ring[half:], tolerance)
    out: list[list[int]] = []
    for x, y in simple:
        q = [round(x * SCALE), round(y * SCALE)]
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out if len(out) >= 3 else None


def _outer_rings(geometry: dict) -> list[list[Point]]:
    """Outer rings only: Syria's admin areas have no holes worth drawing at this scale."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']}")
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons]


def _rings(feature: dict, tolerance: float) -> list[list[list[int]]]:
    rings = [simplify_ring(ring, tolerance) for ring in _outer_rings(feature["geometry"])]
    return [r for r in rings if r]


def _gazetteer_governorates() -> dict[str, dict]:
    data = json.loads(GAZETTEER.read_text("utf-8"))
    fields = data["fields"]
    out = {}
    for row in data["places"]:
        place = dict(zip(fields, row, strict=True))
        if place["level"] == "governorate":
            out[place["pcode"]] = place
    return out


def build(src: Path) -> dict:
    boundaries = src / "boundaries"
    govs = json.loads((boundaries / "governorates.geojson").read_text("utf-8"))
    dists = json.loads((boundaries / "districts.geojson").read_text("utf-8"))
    names = _gazetteer_governorates()
    governorates = []
    for feature in sorted(govs["features"], key=lambda f: f["properties"]["PCODE"]):
        props = feature["properties"]
        gaz = names[props["PCODE"]]
        governorates.append(
            {
                "pcode": props["PCODE"],
                "name": gaz["name"],
                "name_ar": gaz["name_ar"],
                "centroid": [gaz["lon"], gaz["lat"]],
                "rings": _rings(feature, GOV_TOLERANCE),
            }
        )
    districts = []
    for feature in sorted(dists["features"], key=lambda f: f["properties"]["PCODE"]):
        props = feature["properties"]
        districts.append(
            {
                "pcode": props["PCODE"],
                "governorate": props["ADMIN1_COD"],
                "name": props["NAME_EN"],
                "name_ar": props["NAME_ARA"],
                "rings": _rings(feature, DISTRICT_TOLERANCE),
            }
        )
    return {
        "source": "UN OCHA Syria, COD-AB admin 1 and 2 (CC BY 3.0 IGO), simplified by scripts/build_boundaries.py",
        "scale": SCALE,
        "governorates": governorates,
        "districts": districts,
    }


def main(argv: list[str]) -> int:
    candidates = [Path(argv[1])] if len(argv) > 1 else CANDIDATES
    src = next((c for c in candidates if (c / "boundaries" / "governorates.geojson").exists()), None)
    if src is None:
        print("build_boundaries: no boundaries/ folder found in " + ", ".join(map(str, candidates)), file=sys.stderr)
        return 2
    data = build(src)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    vertices = sum(len(r) for kind in ("governorates", "districts") for f in data[kind] for r in f["rings"])
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size // 1024} KB, {vertices} vertices")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
