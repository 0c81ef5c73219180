"""The daily digest's chart: the day's incidents and deaths by governorate and by type, and the 7-day trend.

``chart_data`` turns incidents into a small JSON-able dict, stored in the digest's outbox payload when the
digest is written; ``render_chart`` draws it when the digest is sent, in the chat's language. Bars grow
from the reading side: left to right in English, right to left in Arabic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw

from bot.i18n import keys, t
from bot.incidents.linking import IncidentState
from bot.maps import style as st
from bot.maps.render import SS, encode
from bot.maps.text import font, is_rtl, visual
from bot.models import Picture

WIDTH, HEIGHT = 1000, 760
INCIDENTS: st.RGB = (70, 110, 160)
KILLED: st.RGB = (200, 40, 40)
GRID: st.RGB = (225, 225, 225)
TREND_DAYS = 7


def _tally(incidents: Iterable[IncidentState], key) -> list[list[Any]]:
    counts: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    for incident in incidents:
        k = key(incident)
        counts[k] += 1
        killed[k] += incident.killed or 0
    return [[k, counts[k], killed[k]] for k in sorted(counts, key=lambda k: (-counts[k], -killed[k], k))]


def chart_data(
    day_incidents: list[IncidentState], week_incidents: list[IncidentState], until: datetime
) -> dict[str, Any]:
    """The numbers the chart shows, for a digest sent at ``until`` (in the chat's time zone).

    The trend's bars are the ``TREND_DAYS`` periods of 24 hours that end at ``until``, each labelled with the
    day it starts on: a digest sent at 08:00 shows yesterday's incidents in its last bar, not this
    morning's first hours. The chart's day is the last period's.
    """
    period = timedelta(days=1)
    bars = [[(until - period * (n + 1)).date().isoformat(), 0, 0] for n in range(TREND_DAYS - 1, -1, -1)]
    for incident in week_incidents:
        age = until - incident.first_at
        if timedelta(0) <= age < period * TREND_DAYS:
            bar = bars[TREND_DAYS - 1 - int(age // period)]
            bar[1] += 1
            bar[2] += incident.killed or 0
    return {
        "day": bars[-1][0],
        "by_governorate": _tally(day_incidents, lambda i: (i.location.governorate if i.location else "") or ""),
        "by_type": _tally(day_incidents, lambda i: i.type or ""),
        "trend": bars,
    }


def _text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, *, fill=st.INK, anchor="la", bold=False) -> None:
    draw.text((xy[0] * SS, xy[1] * SS), visual(text), font=font(size * SS, bold), fill=fill, anchor=anchor)


def _rect(draw: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float, fill: st.RGB) -> None:
    draw.rectangle((min(x0, x1) * SS, y0 * SS, max(x0, x1) * SS, y1 * SS), fill=fill)


def _hbars(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    title: str,
    rows: list[tuple[str, int, int, st.RGB]],
    rtl: bool,
    label_width: float = 130,
) -> None:
    """Rows of (label, incidents, killed, colour): a thick bar for incidents and a thin red one for deaths."""
    left, top, right, bottom = box
    _text(draw, (right if rtl else left, top), title, 17, anchor="ra" if rtl else "la", bold=True)
    top += 30
    rows = rows[: max(1, int((bottom - top) // 30))]
    most = max([max(n, k) for _, n, k, _ in rows] or [1]) or 1
    span = right - left - label_width - 50
    for index, (label, n, k, colour) in enumerate(rows):
        y = top + index * 30
        if rtl:
            _text(draw, (right, y + 9), label, 14, anchor="rm")
            base = right - label_width
            end_n, end_k = base - span * n / most, base - span * k / most
            _rect(draw, base, y, end_n, y + 12, colour)
            _rect(draw, base, y + 14, end_k, y + 19, KILLED)
            _text(draw, (end_n - 6, y + 6), str(n), 12, fill=st.MUTED, anchor="rm")
            if k:
                _text(draw, (end_k - 6, y + 17), str(k), 11, fill=KILLED, anchor="rm")
        else:
            _text(draw, (left, y + 9), label, 14, anchor="lm")
            base = left + label_width
            end_n, end_k = base + span * n / most, base + span * k / most
            _rect(draw, base, y, end_n, y + 12, colour)
            _rect(draw, base, y + 14, end_k, y + 19, KILLED)
            _text(draw, (end_n + 6, y + 6), str(n), 12, fill=st.MUTED, anchor="lm")
            if k:
                _text(draw, (end_k + 6, y + 17), str(k), 11, fill=KILLED, anchor="lm")


def _trend(draw: ImageDraw.ImageDraw, box, title: str, trend: list[list[Any]], language: str) -> None:
    left, top, right, bottom = box
    rtl = is_rtl(language)
    _text(draw, (right if rtl else left, top), title, 17, anchor="ra" if rtl else "la", bold=True)
    top += 34
    base = bottom - 24
    most = max([max(n, k) for _, n, k in trend] or [1]) or 1
    days = list(reversed(trend)) if rtl else trend  # the latest day at the reading end
    step = (right - left) / max(1, len(days))
    for x0 in (left, right):
        _rect(draw, x0, top, x0 + 1, base, GRID)
    _rect(draw, left, base, right, base + 1, st.MUTED)
    for index, (day, n, k) in enumerate(days):
        x = left + step * index + step / 2
        h_n, h_k = (base - top - 16) * n / most, (base - top - 16) * k / most
        _rect(draw, x - step * 0.3, base - h_n, x - 1, base, INCIDENTS)
        _rect(draw, x + 1, base - h_k, x + step * 0.3, base, KILLED)
        if n:
            _text(draw, (x - step * 0.15, base - h_n - 3), str(n), 11, fill=INCIDENTS, anchor="md")
        if k:
            _text(draw, (x + step * 0.15, base - h_k - 3), str(k), 11, fill=KILLED, anchor="md")
        when = date.fromisoformat(day)
        _text(draw, (x, base + 5), f"{when.day}/{when.month}", 12, fill=st.MUTED, anchor="ma")


def render_chart(data: dict[str, Any], language: str) -> Picture:
    """Draw the digest's chart (blocking: the sender calls it in a worker thread)."""
    rtl = is_rtl(language)
    image = Image.new("RGB", (WIDTH * SS, HEIGHT * SS), st.WHITE)
    draw = ImageDraw.Draw(image)
    day = date.fromisoformat(data["day"])
    from bot.maps.query import day_label  # the same date words as the map

    by_gov, by_type = data["by_governorate"], data["by_type"]
    incidents = sum(row[1] for row in by_type)
    killed = sum(row[2] for row in by_type)
    x, anchor = (WIDTH - 16, "ra") if rtl else (16, "la")
    _text(draw, (x, 10), t(language, "chart.title", day=day_label(day, language)), 24, anchor=anchor, bold=True)
    summary = f"{t(language, 'map.incidents', n=incidents)} · {t(language, 'map.killed', n=killed)}"
    _text(draw, (x, 44), summary, 16, fill=st.MUTED, anchor=anchor)
    # legend: incidents / killed swatches
    lx = WIDTH - 16 if rtl else 16
    for index, (colour, word) in enumerate(((INCIDENTS, "chart.incidents"), (KILLED, "chart.killed"))):
        y = 76 + index * 0
        offset = index * 130
        sx = lx - offset - 14 if rtl else lx + offset
        _rect(draw, sx, y, sx + 14, y + 12, colour)
        _text(draw, (sx - 6 if rtl else sx + 20, y + 6), t(language, word), 13, anchor="rm" if rtl else "lm")
    draw.line((0, 100 * SS, WIDTH * SS, 100 * SS), fill=GRID, width=SS)
    gov_names = keys(language, "governorate")
    type_names = keys(language, "event")
    gov_rows = [(gov_names.get(g, g) or t(language, "digest.no_place"), n, k, INCIDENTS) for g, n, k in by_gov]
    type_rows = [(type_names.get(x, x), n, k, st.style(x)[0]) for x, n, k in by_type]
    half = WIDTH / 2
    left_box = (16, 112, half - 16, HEIGHT - 16)
    right_top = (half + 16, 112, WIDTH - 16, 470)
    right_bottom = (half + 16, 490, WIDTH - 16, HEIGHT - 16)
    if rtl:  # mirror: governorates on the right, type and trend on the left
        left_box, right_top, right_bottom = (
            (half + 16, 112, WIDTH - 16, HEIGHT - 16),
            (16, 112, half - 16, 470),
            (16, 490, half - 16, HEIGHT - 16),
        )
    if not gov_rows:
        _text(draw, ((left_box[0] + left_box[2]) / 2, 300), t(language, "chart.none"), 18, fill=st.MUTED, anchor="mm")
    else:
        _hbars(draw, left_box, t(language, "chart.by_governorate"), gov_rows, rtl)
        _hbars(draw, right_top, t(language, "chart.by_type"), type_rows, rtl, label_width=150)
    _trend(draw, right_bottom, t(language, "chart.trend"), data["trend"], language)
    image = image.reduce(SS)
    return Picture(png=encode(image), width=image.width, height=image.height, name="chart.png")
