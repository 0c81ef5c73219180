"""Time to answer ``/map 7d`` with N incidents stored: cold (select, place, draw, encode) and cached.

    python bench/bench_map.py [--incidents 1000] [--runs 5] [--matplotlib]

A real SQLite store in a temporary folder is filled with N incidents of the last 7 days, spread over the
governorates' towns (random types and tolls, fixed seed). "Cold" is ``bot.maps.query.build`` (what a cache
miss costs: the query, the markers, Pillow's drawing and the PNG encoding) in a process that has drawn once
before (fonts and boundaries loaded); "first" is the very first map of a fresh process, fonts and boundary file
included. "Cached" is ``MapCache.get`` for the same query with no new incident. Run it pinned to one core
(``taskset -c 0``) to match the target: cold < 300 ms. ``--matplotlib`` draws the same picture (polygons,
markers, text) with matplotlib's Agg backend for comparison, if matplotlib is installed.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.incidents import merge  # noqa: E402
from bot.incidents.linking import Link  # noqa: E402
from bot.maps.boundaries import load  # noqa: E402
from bot.maps.query import MapCache, MapQuery, build  # noqa: E402
from bot.models import EVENT_TYPES, Analysis, Event, Place, RawReport  # noqa: E402
from storage import Store  # noqa: E402


def fill(store: Store, n: int, now: datetime) -> None:
    rnd = random.Random(15)
    boundaries = load()
    for i in range(n):
        gov = rnd.choice(boundaries.governorates)
        lon, lat = gov.centroid
        place = Place(f"town {i}", None, gov.name, None, lat + rnd.uniform(-0.3, 0.3), lon + rnd.uniform(-0.3, 0.3))
        event = Event(rnd.choice(EVENT_TYPES), place, killed=rnd.choice([None, 0, 1, 2, 3, 5, 8, 20]))
        analysis = Analysis("ar", "t", "s", (event,))
        stored = store.reports.add(RawReport(text=f"report {i}", source=f"outlet-{i % 12}"), analysis)
        at = now - timedelta(minutes=rnd.uniform(0, 7 * 24 * 60 - 5))
        store.incidents.record(stored.id, Link(), event, at, b"bench", merge(None, event))


def matplotlib_once(markers) -> tuple[float, int]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bot.maps.style import TYPE_STYLE

    start = time.perf_counter()
    fig, ax = plt.subplots(figsize=(10, 7.6), dpi=100)
    for gov in load().governorates:
        for ring in gov.rings:
            xs, ys = zip(*ring, strict=True)
            ax.fill(xs, ys, facecolor="#f4f1ea", edgecolor="#969696", linewidth=0.8)
    for kind in {m.type for m in markers}:
        group = [m for m in markers if m.type == kind]
        colour = [c / 255 for c in TYPE_STYLE[kind][0]]
        ax.scatter([m.lon for m in group], [m.lat for m in group], s=[20 + 8 * m.killed for m in group], color=colour)
    ax.set_title("Incidents in Syria — last 7 days")
    ax.set_aspect(1 / 0.82)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return time.perf_counter() - start, len(out.getvalue())


def main(n: int, runs: int, with_matplotlib: bool) -> int:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.db")
        fill(store, n, now)
        query = MapQuery("7d", (), None, "ar")
        start = time.perf_counter()
        result = build(store, query, now)
        first = time.perf_counter() - start
        cold = []
        for _ in range(runs):
            start = time.perf_counter()
            result = build(store, query, now)
            cold.append(time.perf_counter() - start)
        cache = MapCache()
        cache.get(store, query, now)
        cached = []
        for _ in range(runs):
            start = time.perf_counter()
            cache.get(store, query, now)
            cached.append(time.perf_counter() - start)
        english = build(store, MapQuery("7d", (), None, "en"), now)
        zoom = build(store, MapQuery("7d", (), "SY07", "ar"), now)
        print(f"incidents stored: {n}; on the map: {result.incidents}, sources: {result.sources}")
        print(f"first map of the process: {first * 1000:.0f} ms")
        print(f"cold /map 7d (median of {runs}): {statistics.median(cold) * 1000:.0f} ms (min {min(cold) * 1000:.0f})")
        print(f"cached /map 7d (median of {runs}): {statistics.median(cached) * 1000:.2f} ms")
        sizes = [p.picture.size // 1024 for p in (result, english, zoom)]
        print("PNG: ar {} KB, en {} KB, in Idlib {} KB".format(*sizes))
        if with_matplotlib:
            try:
                from bot.maps.query import select

                markers = select(store, query, now).markers
                times = [matplotlib_once(markers) for _ in range(runs)]
                median = statistics.median(t for t, _ in times)
                print(f"matplotlib Agg, same polygons and markers: {median * 1000:.0f} ms, {times[0][1] // 1024} KB")
            except ImportError:
                print("matplotlib is not installed: pip install matplotlib to compare")
        store.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--matplotlib", action="store_true")
    args = parser.parse_args()
    raise SystemExit(main(args.incidents, args.runs, args.matplotlib))
