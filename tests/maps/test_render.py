"""The map picture itself: markers where the coordinates say, in their type's colour, legend, Arabic and English."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.maps.boundaries import load
from bot.maps.projection import Projection
from bot.maps.render import MapSpec, Marker, layout, legend_swatch, map_box, render
from bot.maps.style import LAND, LAND_HOT, TYPE_STYLE
from bot.maps.text import visual
from tests.maps.test_alert_maps import _close

MAARAT = (36.67, 35.64)  # lon, lat
DEIR = (40.14, 35.33)


def _open(picture) -> Image.Image:
    image = Image.open(io.BytesIO(picture.png))
    assert image.format == "PNG" and image.size == (picture.width, picture.height)
    return image.convert("RGB")


def _spec(language: str, markers, **kw) -> MapSpec:
    return MapSpec(language, tuple(markers), "t", "s", type_labels={"airstrike": "Airstrike"}, **kw)


def test_the_projection_is_equirectangular_with_cosine_scaling():
    projection = Projection.fit((36.0, 32.0, 42.0, 37.0), (0, 0, 600, 500), margin=0)
    x0, y0 = projection(36.0, 37.0)
    x1, y1 = projection(42.0, 32.0)
    assert (round(x0), round(y0)) == (round(projection.left), round(projection.top))
    ratio = (x1 - x0) / (y1 - y0)
    import math

    assert ratio == pytest.approx(6 * math.cos(math.radians(34.5)) / 5, rel=1e-6)


def test_boundaries_ship_14_governorates_and_their_districts():
    boundaries = load()
    assert len(boundaries.governorates) == 14
    assert {g.name for g in boundaries.governorates} >= {"Idlib", "Aleppo", "Rif Dimashq", "Deir ez-Zor"}
    idlib = boundaries.governorate("Idlib")
    assert idlib is not None and idlib.pcode == "SY07" and len(boundaries.districts_of(idlib)) == 5
    west, south, east, north = boundaries.bounds()
    assert 35.5 < west < 36 and 32.2 < south < 32.5 and 42.2 < east < 42.5 and 37.2 < north < 37.5


@pytest.mark.parametrize("language", ["en", "ar"])
def test_markers_sit_on_their_projected_coordinates_in_their_type_colour(language):
    markers = [Marker(*MAARAT, "airstrike", 5, "SY07"), Marker(*DEIR, "protest", 0, "SY09")]
    spec = _spec(language, markers)
    image = _open(render(spec))
    project = layout(spec)
    for marker in markers:
        x, y = project(marker.lon, marker.lat)
        colour = TYPE_STYLE[marker.type][0]
        # The centre and a few pixels around it are the type's colour; a little further out is not.
        assert _close(image.getpixel((round(x), round(y))), colour)
        assert all(_close(image.getpixel((round(x) + dx, round(y) + dy)), colour) for dx, dy in ((2, 0), (0, 2)))
    # The marker is at the projected point, not somewhere near: the colour's centroid is within 3 pixels.
    x, y = project(*MAARAT)
    red = TYPE_STYLE["airstrike"][0]
    box = [(i, j) for i in range(int(x) - 25, int(x) + 25) for j in range(int(y) - 25, int(y) + 25)]
    hits = [(i, j) for i, j in box if _close(image.getpixel((i, j)), red, 8)]
    cx, cy = sum(i for i, _ in hits) / len(hits), sum(j for _, j in hits) / len(hits)
    assert abs(cx - x) <= 3 and abs(cy - y) <= 3


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_legend_shows_each_type_in_its_colour_on_the_reading_side(language):
    spec = _spec(language, [Marker(*MAARAT, "airstrike", 5, "SY07")])
    image = _open(render(spec))
    x, y = legend_swatch(spec, 0)
    assert _close(image.getpixel((round(x), round(y))), TYPE_STYLE["airstrike"][0])
    left, _top, width, _height = map_box(spec)
    if language == "ar":  # the legend on the left, the map to its right
        assert x < left
    else:
        assert x > left + width


def test_the_governorate_with_incidents_is_tinted():
    spec = _spec("en", [Marker(*MAARAT, "airstrike", 0, "SY07")])
    image = _open(render(spec))
    project = layout(spec)
    raqqa_centroid = load().governorate("Raqqa").centroid
    # Idlib is the only governorate with an incident: the hot fill; Raqqa keeps the plain land colour.
    x, y = project(36.45, 35.9)  # inside Idlib, away from the marker and labels
    assert _close(image.getpixel((round(x), round(y))), LAND_HOT, 10)
    rx, ry = project(raqqa_centroid[0] + 0.3, raqqa_centroid[1] + 0.3)
    assert _close(image.getpixel((round(rx), round(ry))), LAND, 10)


def test_zooming_into_a_governorate_puts_the_marker_where_the_zoomed_projection_says():
    spec = _spec("en", [Marker(*MAARAT, "shelling", 3, "SY07")], focus="SY07")
    image = _open(render(spec))
    project = layout(spec)
    x, y = project(*MAARAT)
    assert _close(image.getpixel((round(x), round(y))), TYPE_STYLE["shelling"][0])
    idlib = load().governorate("SY07")
    west, south, east, north = idlib.bounds()
    # Zoomed: Idlib spans most of the map's width or height.
    _left, _top, width, height = map_box(spec)
    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    assert (x1 - x0) > 0.8 * width or (y1 - y0) > 0.8 * height


def test_a_thousand_incidents_stay_under_200_kb():
    boundaries = load()
    import random

    rnd = random.Random(7)
    markers = []
    for _ in range(1000):
        gov = rnd.choice(boundaries.governorates)
        lon, lat = gov.centroid
        markers.append(Marker(lon + rnd.uniform(-0.3, 0.3), lat + rnd.uniform(-0.3, 0.3), "airstrike", 3, gov.pcode))
    picture = render(_spec("ar", markers))
    assert picture.size < 200_000


def test_arabic_is_shaped_and_right_to_left():
    shaped = visual("غارة جوية (3)")
    assert shaped[0] == "(" and shaped[-1] == "ﻏ"  # visual order: the bracket of "(3)" on the left, غ at the right
    assert all(not 0x0621 <= ord(c) <= 0x064A for c in shaped if c.isalpha())  # joined presentation forms
    assert visual("Airstrike (3)") == "Airstrike (3)"
