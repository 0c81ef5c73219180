"""Draw an incident map as a PNG with Pillow: governorates, markers by type and toll, legend, header.

Everything is drawn at twice the size and reduced once (a 2×2 box filter): smooth edges without
Pillow's slow antialiasing paths. Layout: header on top; the legend on the reading side's end
(right in English, left in Arabic); the map fills the rest. ``layout()`` gives the projection a
picture uses, so a test can check that a marker sits where its coordinates say.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from bot.maps import style as st
from bot.maps.boundaries import Area, Boundaries, load
from bot.maps.projection import Projection
from bot.maps.text import font, is_rtl, visual
from bot.models import Picture

SS = 2  # supersampling factor
HEADER = 74
FOOTER = 24
LEGEND_W = 250
PAD = 10


@dataclass(frozen=True, slots=True)
class Marker:
    """One incident on the map."""

    lon: float
    lat: float
    type: str | None
    killed: int = 0
    governorate: str | None = None  # p-code


@dataclass(frozen=True, slots=True)
class MapSpec:
    """What to draw; every text is already in the chat's language."""

    language: str
    markers: tuple[Marker, ...]
    title: str
    subtitle: str = ""
    focus: str | None = None  # a governorate p-code: zoom to it and draw its districts
    legend: bool = True  # False: a small locator map (alerts)
    width: int = 1000
    height: int = 760
    type_labels: dict[str, str] = field(default_factory=dict)  # event type -> its name
    legend_title: str = ""
    size_label: str = "{n}"  # "{n} killed"
    credit: str = "Boundaries: UN OCHA (CC BY 3.0 IGO)"


def map_box(spec: MapSpec) -> tuple[float, float, float, float]:
    """(left, top, width, height) of the map area in final pixels."""
    footer = FOOTER if spec.legend else 4
    top = HEADER if spec.legend else 40
    if not spec.legend:
        return (PAD, top, spec.width - 2 * PAD, spec.height - top - footer)
    left = PAD + LEGEND_W if is_rtl(spec.language) else PAD
    return (left, top, spec.width - LEGEND_W - 2 * PAD, spec.height - top - footer)


def focus_area(spec: MapSpec, boundaries: Boundaries | None = None) -> Area | None:
    boundaries = boundaries or load()
    return boundaries.governorate(spec.focus) if spec.focus else None


def layout(spec: MapSpec) -> Projection:
    """The projection from (lon, lat) to final pixels that ``render`` uses for ``spec``."""
    boundaries = load()
    area = focus_area(spec, boundaries)
    bounds = area.bounds() if area else boundaries.bounds()
    margin = 0.08 if area else 0.02
    return Projection.fit(bounds, map_box(spec), margin=margin)


def render(spec: MapSpec) -> Picture:
    boundaries = load()
    final = layout(spec)
    project = Projection(
        final.west,
        final.south,
        final.east,
        final.north,
        final.left * SS,
        final.top * SS,
        final.width * SS,
        final.height * SS,
    )
    image = Image.new("RGB", (spec.width * SS, spec.height * SS), st.SEA)
    draw = ImageDraw.Draw(image)
    focus = focus_area(spec, boundaries)
    _draw_land(draw, boundaries, project, spec, focus)
    _draw_markers(draw, project, spec.markers)
    _draw_header(draw, spec)
    if spec.legend:
        _draw_legend(draw, spec)
        _draw_footer(draw, spec)
    image = image.reduce(SS)
    return Picture(png=encode(image), width=image.width, height=image.height, name="map.png")


def encode(image: Image.Image) -> bytes:
    """PNG with an adaptive 128-colour palette: flat fills compress to a few dozen KB."""
    small = image.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


# ---- land -----------------------------------------------------------------------------------------


def _points(ring, project: Projection) -> list[tuple[float, float]]:
    return [project(x, y) for x, y in ring]


def _draw_land(
    draw: ImageDraw.ImageDraw, boundaries: Boundaries, project: Projection, spec: MapSpec, focus: Area | None
) -> None:
    counts = Counter(m.governorate for m in spec.markers if m.governorate)
    most = max(counts.values(), default=0)
    for gov in boundaries.governorates:
        if focus is not None and gov.pcode != focus.pcode:
            fill = st.LAND_FADED
        elif most:
            fill = st.blend(st.LAND, st.LAND_HOT, counts.get(gov.pcode, 0) / most)
        else:
            fill = st.LAND
        if focus is not None and gov.pcode == focus.pcode:
            continue  # drawn from its districts below, so outer edge and district lines agree
        for ring in gov.rings:
            draw.polygon(_points(ring, project), fill=fill)
    for gov in boundaries.governorates:
        if focus is not None and gov.pcode == focus.pcode:
            continue
        for ring in gov.rings:
            points = _points(ring, project)
            draw.line([*points, points[0]], fill=st.BORDER, width=SS, joint="curve")
    if focus is not None:
        fill = st.blend(st.LAND, st.LAND_HOT, 1.0 if counts.get(focus.pcode) else 0.0)
        districts = boundaries.districts_of(focus)
        for district in districts:
            for ring in district.rings:
                draw.polygon(_points(ring, project), fill=fill)
        for district in districts:
            for ring in district.rings:
                points = _points(ring, project)
                draw.line([*points, points[0]], fill=st.BORDER, width=SS, joint="curve")
    labels = boundaries.districts_of(focus) if focus is not None else boundaries.governorates
    size = 12 if spec.legend else 10
    for area in labels:
        if area.centroid is not None:
            lon, lat = area.centroid
        else:
            west, south, east, north = area.bounds()
            lon, lat = (west + east) / 2, (south + north) / 2
        if focus is None and area.pcode in ("SY01", "SY14"):
            continue  # Damascus and Quneitra are too small to carry a name at country scale
        x, y = project(lon, lat)
        draw.text((x, y), visual(area.label(spec.language)), font=font(size * SS), fill=st.LABEL, anchor="mm")


# ---- markers --------------------------------------------------------------------------------------


def _draw_markers(draw: ImageDraw.ImageDraw, project: Projection, markers: tuple[Marker, ...]) -> None:
    # Big tolls first, so a small incident is never hidden under a large one.
    for marker in sorted(markers, key=lambda m: -(m.killed or 0)):
        x, y = project(marker.lon, marker.lat)
        colour, shape = st.style(marker.type)
        r = st.radius(marker.killed, SS)
        draw_marker(draw, shape, x, y, r, colour)


def draw_marker(draw: ImageDraw.ImageDraw, shape: str, x: float, y: float, r: float, colour: st.RGB) -> None:
    # A white halo then the colour: two plain fills (Pillow's wide outlines allocate a mask per call).
    ring = max(1.0, r / 5)
    polygon = st.shape_points(shape, x, y, r + ring)
    if polygon is None:
        draw.ellipse((x - r - ring, y - r - ring, x + r + ring, y + r + ring), fill=st.WHITE)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    else:
        draw.polygon(polygon, fill=st.WHITE)
        draw.polygon(st.shape_points(shape, x, y, r), fill=colour)


# ---- header, legend, footer -----------------------------------------------------------------------


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    *,
    fill: st.RGB = st.INK,
    anchor: str = "la",
    bold: bool = False,
) -> float:
    """Draw ``text`` (final-pixel coordinates and size); return its width in final pixels."""
    shaped = visual(text)
    face = font(size * SS, bold)
    draw.text((xy[0] * SS, xy[1] * SS), shaped, font=face, fill=fill, anchor=anchor)
    return face.getlength(shaped) / SS


def _draw_header(draw: ImageDraw.ImageDraw, spec: MapSpec) -> None:
    rtl = is_rtl(spec.language)
    x, anchor = (spec.width - PAD - 4, "ra") if rtl else (PAD + 4, "la")
    if not spec.legend:
        draw.rectangle((0, 0, spec.width * SS, 36 * SS), fill=st.WHITE)
        _text(draw, (x, 6), spec.title, 17, anchor=anchor, bold=True)
        return
    draw.rectangle((0, 0, spec.width * SS, (HEADER - 6) * SS), fill=st.WHITE)
    _text(draw, (x, 8), spec.title, 24, anchor=anchor, bold=True)
    if spec.subtitle:
        _text(draw, (x, 42), spec.subtitle, 16, fill=st.MUTED, anchor=anchor)


def legend_entries(spec: MapSpec) -> list[tuple[str, int]]:
    """(type, incidents) in the legend: the types on the map, most frequent first."""
    counts = Counter(m.type or "" for m in spec.markers)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def legend_swatch(spec: MapSpec, index: int) -> tuple[float, float]:
    """The centre (final pixels) of the legend's ``index``-th type swatch."""
    rtl = is_rtl(spec.language)
    x = spec.width - LEGEND_W - PAD + 22 if not rtl else LEGEND_W - 12
    return x, HEADER + 44 + index * 26


def _draw_legend(draw: ImageDraw.ImageDraw, spec: MapSpec) -> None:
    rtl = is_rtl(spec.language)
    left = PAD if rtl else spec.width - LEGEND_W - PAD + 4
    right = left + LEGEND_W - 8
    draw.rectangle((left * SS, HEADER * SS, right * SS, (spec.height - FOOTER) * SS), fill=st.WHITE)
    anchor = "ra" if rtl else "la"
    if spec.legend_title:
        _text(draw, (right - 10 if rtl else left + 10, HEADER + 8), spec.legend_title, 16, anchor=anchor, bold=True)
    entries = legend_entries(spec)
    for index, (type_, n) in enumerate(entries[:14]):
        x, y = legend_swatch(spec, index)
        colour, shape = st.style(type_)
        draw_marker(draw, shape, x * SS, y * SS, 7 * SS, colour)
        label = f"{spec.type_labels.get(type_, type_ or '?')} ({n})"
        tx = x - 16 if rtl else x + 16
        _text(draw, (tx, y), label, 15, anchor="rm" if rtl else "lm")
    y = HEADER + 44 + min(len(entries), 14) * 26 + 18
    for killed in (1, 10, 50):
        r = st.radius(killed)
        y += r + 4
        x = right - 24 if rtl else left + 22
        draw.ellipse(((x - r) * SS, (y - r) * SS, (x + r) * SS, (y + r) * SS), outline=st.MUTED, width=SS)
        tx = x - 30 if rtl else x + 30
        _text(draw, (tx, y), spec.size_label.format(n=killed), 14, fill=st.MUTED, anchor="rm" if rtl else "lm")
        y += r + 4


def _draw_footer(draw: ImageDraw.ImageDraw, spec: MapSpec) -> None:
    _text(draw, (spec.width - PAD, spec.height - 6), spec.credit, 11, fill=st.MUTED, anchor="rd")
