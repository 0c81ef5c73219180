"""Colours and marker shapes: one colour per event type, one shape per family of types.

Colours are opaque RGB so a test (or a reader with the legend) can tell a type from one pixel.
"""

from __future__ import annotations

import math

RGB = tuple[int, int, int]

TYPE_STYLE: dict[str, tuple[RGB, str]] = {
    # violence from afar: circles
    "airstrike": ((214, 39, 40), "circle"),
    "shelling": ((255, 127, 14), "circle"),
    # ground fighting and force: squares
    "clashes": ((140, 86, 75), "square"),
    "territory_change": ((148, 103, 189), "square"),
    "arrests": ((90, 90, 90), "square"),
    # bombs and attacks on people: diamonds
    "bombing": ((139, 0, 0), "diamond"),
    "attack_on_civilians": ((227, 119, 194), "diamond"),
    "chemical_attack": ((150, 160, 0), "diamond"),
    # politics and people on the move: triangles
    "ceasefire": ((44, 160, 44), "triangle"),
    "diplomacy": ((31, 119, 180), "triangle"),
    "displacement": ((23, 190, 207), "triangle"),
    "protest": ((230, 161, 0), "triangle"),
}
OTHER: tuple[RGB, str] = ((60, 60, 60), "circle")

SEA: RGB = (226, 234, 241)
LAND: RGB = (244, 241, 234)
LAND_HOT: RGB = (247, 206, 178)  # the fill of the governorate with the most incidents
LAND_FADED: RGB = (236, 236, 232)  # neighbours of a zoomed governorate
BORDER: RGB = (150, 150, 150)
DISTRICT_BORDER: RGB = (190, 185, 175)
INK: RGB = (30, 30, 30)
MUTED: RGB = (105, 105, 105)
LABEL: RGB = (120, 115, 105)
WHITE: RGB = (255, 255, 255)


def style(type_: str | None) -> tuple[RGB, str]:
    return TYPE_STYLE.get(type_ or "", OTHER)


def radius(killed: int | None, scale: float = 1.0) -> float:
    """Marker radius in pixels: grows with the square root of the toll, so area follows the count."""
    return scale * min(20.0, 4.5 + 2.0 * math.sqrt(max(0, killed or 0)))


def blend(a: RGB, b: RGB, share: float) -> RGB:
    share = max(0.0, min(1.0, share))
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def shape_points(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]] | None:
    """The polygon of a marker centred on (x, y); None for a circle (drawn as an ellipse)."""
    if shape == "square":
        s = r * 0.9
        return [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    if shape == "diamond":
        s = r * 1.2
        return [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    if shape == "triangle":
        s = r * 1.25
        return [(x, y - s), (x + s * 0.95, y + s * 0.7), (x - s * 0.95, y + s * 0.7)]
    return None
