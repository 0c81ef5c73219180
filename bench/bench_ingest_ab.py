"""Ingest cost at scale against an empty database, the same articles into both, interleaved.

    python bench/bench_ingest_ab.py --empty /work/s2-empty --full /work/scale-1m --held 30 --held-skip 100

Both data dirs come from bench/bench_scale.py (the same chats and subscriptions: same --chats and --seed).
Each held-out article is analysed once (``bot.pipeline.prepare``), then stored through ``Pipeline.ingest``
into one database and the other, the order alternating, so a busy machine's drift falls on both alike.
Printed: p50 / p95 / max of the ingest without analysis in each, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_scale import END, pick_texts, stats
from bot.models import RawReport
from bot.pipeline import Pipeline, prepare
from storage import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--empty", type=Path, required=True)
    parser.add_argument("--full", type=Path, required=True)
    parser.add_argument("--held", type=int, default=30)
    parser.add_argument("--held-skip", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--bases", type=int, default=3000, help="as given to bench_scale.py for both builds")
    args = parser.parse_args(argv)
    _, held = pick_texts(args.bases, args.held, args.seed, args.held_skip)  # the articles the build did not use
    stores = {name: Store.open(path / "marsad.db") for name, path in (("empty", args.empty), ("full", args.full))}
    try:
        pipelines = {name: Pipeline(store) for name, store in stores.items()}
        for pipeline in pipelines.values():
            pipeline.matcher()  # compiled beforehand, as in a running bot
        times: dict[str, list[float]] = {name: [] for name in stores}
        alerts: dict[str, list[int]] = {name: [] for name in stores}
        run = time.time_ns()
        for n, (source, title, text) in enumerate(held):
            raw = RawReport(  # as bench_scale.ingest_bench: an hour apart, back from the newest stored report
                text=f"{text}\n\n({run})",
                title=title,
                source=source,
                published=END - timedelta(hours=n),
                origin=f"ab-{n}",
            )
            prepared = prepare(raw)
            for name in ("empty", "full") if n % 2 == 0 else ("full", "empty"):
                started = time.perf_counter()
                result = pipelines[name].ingest(raw, prepared)
                times[name].append((time.perf_counter() - started) * 1000)
                alerts[name].append(result.alerts)
        result = {name: stats(values) for name, values in times.items()}
        result["ratio_p50"] = round(result["full"]["p50"] / result["empty"]["p50"], 2)
        result["ratio_p95"] = round(result["full"]["p95"] / result["empty"]["p95"], 2)
        # Linking may differ (the full database has more to link to): the pairs that queued as many alerts.
        same = [i for i in range(len(held)) if alerts["empty"][i] == alerts["full"][i]]
        for name in ("empty", "full"):
            result[f"{name}_alerts"] = stats([float(a) for a in alerts[name]])
            if same:
                result[f"{name}_same_alerts"] = stats([times[name][i] for i in same])
        if same:
            result["ratio_p50_same_alerts"] = round(
                result["full_same_alerts"]["p50"] / result["empty_same_alerts"]["p50"], 2
            )
        print(json.dumps(result, ensure_ascii=False))
    finally:
        for store in stores.values():
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
