"""Longitude/latitude to pixels: equirectangular, with longitude scaled by cos(mid latitude).

At Syria's size (about 7° by 5°, around 35° N) this keeps shapes true to within a few percent,
and it is a two-multiplication formula that tests can check a marker's pixel against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Projection:
    """Maps the box (west, south, east, north) into the pixel box (left, top, left+width, top+height)."""

    west: float
    south: float
    east: float
    north: float
    left: float
    top: float
    width: float
    height: float

    @classmethod
    def fit(
        cls, bounds: tuple[float, float, float, float], box: tuple[float, float, float, float], margin: float = 0.04
    ) -> Projection:
        """The largest projection of ``bounds`` (lon/lat) that fits ``box`` (left, top, width, height), centred."""
        west, south, east, north = bounds
        pad_x, pad_y = (east - west) * margin, (north - south) * margin
        west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
        left, top, width, height = box
        k = math.cos(math.radians((south + north) / 2))
        ground_w, ground_h = (east - west) * k, north - south
        scale = min(width / ground_w, height / ground_h)
        used_w, used_h = ground_w * scale, ground_h * scale
        return cls(west, south, east, north, left + (width - used_w) / 2, top + (height - used_h) / 2, used_w, used_h)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.left + (lon - self.west) / (self.east - self.west) * self.width
        y = self.top + (self.north - lat) / (self.north - self.south) * self.height
        return x, y

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north
