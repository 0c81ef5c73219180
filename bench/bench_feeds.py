"""Benchmark: 1,000 feeds on a local server polled once, most answering 304.

Run:  python bench/bench_feeds.py [--feeds 1000] [--changed-every 20]

The feed server runs in a child process (so its CPU is not counted). Every feed
is polled once to learn its ETag (not measured); then come the measured passes:

- marsad: ``FeedPoller.run_once`` (httpx, conditional GET, SQLite state, the
  real pipeline for the changed feeds), with the polite default of 2 requests
  per host and, for comparison, 20 per host;
- naive peer: a sequential ``requests`` + ``feedparser`` loop without
  conditional GET that downloads and parses every feed every time.

Two measured passes each: one where every feed is unchanged (304 for marsad),
one where every K-th feed has a new entry. Prints feeds per second, CPU seconds
per 1,000 unchanged feeds, and the ratios against the naive peer.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402
import httpx  # noqa: E402
import requests  # noqa: E402

from bot.pipeline import Pipeline  # noqa: E402
from bot.sources.feeds.fetch import Fetcher  # noqa: E402
from bot.sources.feeds.poller import FeedPoller  # noqa: E402
from storage import Store  # noqa: E402


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.servers.feed_server"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    base = proc.stdout.readline().strip().rstrip("/")
    return proc, base


def reset(base: str, n: int) -> None:
    httpx.get(f"{base}/control/bench-change", params={"every": str(n + 1), "count": "0"}).raise_for_status()


def change(base: str, n: int, every: int) -> int:
    r = httpx.get(f"{base}/control/bench-change", params={"every": str(every), "count": str(n)})
    return int(r.text)


def timed() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - start[0], time.process_time() - start[1]


async def marsad_pass(base: str, n: int, every: int, per_host: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        for i in range(n):
            store.feeds.add(f"{base}/bench/{i}")
        day = timedelta(days=1)
        later = datetime.now(UTC) + day
        async with Fetcher(allow_private=True, per_host=per_host) as fetcher:
            poller = FeedPoller(store.feeds, Pipeline(store), fetcher=fetcher, concurrency=50)
            first = await poller.run_once(now=later)  # learn ETags, mark entries seen
            assert first.count("primed") == n, first.outcomes[:3]
            start = timed()
            quiet = await poller.run_once(now=later + day)  # every feed answers 304
            quiet_wall, quiet_cpu = since(start)
            assert quiet.count("unchanged") == n, quiet.outcomes[:3]
            changed = change(base, n, every)
            start = timed()
            mixed = await poller.run_once(now=later + 2 * day)
            wall, cpu = since(start)
            reset(base, n)
        store.close()
    assert mixed.count("unchanged") == n - changed and mixed.count("new") == changed, mixed.outcomes[:3]
    return {"wall": wall, "cpu": cpu, "quiet_wall": quiet_wall, "quiet_cpu": quiet_cpu, "changed": changed}


def naive_pass(base: str, n: int, every: int) -> dict[str, float]:
    session = requests.Session()
    seen: set[str] = set()

    def poll_all() -> int:
        new = 0
        for i in range(n):
            for e in feedparser.parse(session.get(f"{base}/bench/{i}", timeout=20).content).entries:
                if e.id not in seen:
                    seen.add(e.id)
                    new += 1
        return new

    poll_all()  # first pass: remember entry ids
    start = timed()
    assert poll_all() == 0
    quiet_wall, quiet_cpu = since(start)
    changed = change(base, n, every)
    start = timed()
    new = poll_all()
    wall, cpu = since(start)
    reset(base, n)
    assert new == changed, (new, changed)
    return {"wall": wall, "cpu": cpu, "quiet_wall": quiet_wall, "quiet_cpu": quiet_cpu, "changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--changed-every", type=int, default=20)
    args = parser.parse_args()
    n, every = args.feeds, args.changed_every
    proc, base = start_server()
    try:
        results = {
            "marsad (2 per host)": asyncio.run(marsad_pass(base, n, every, per_host=2)),
            "marsad (20 per host)": asyncio.run(marsad_pass(base, n, every, per_host=20)),
            "naive requests+feedparser": naive_pass(base, n, every),
        }
    finally:
        proc.terminate()
        proc.wait(10)
    peer = results["naive requests+feedparser"]
    print(f"{n} feeds on 127.0.0.1; pass 1: all unchanged; pass 2: {peer['changed']:.0f} with a new entry")
    header = ("poller", "feeds/s", "CPU s/1000 unchanged", "feeds/s mixed", "CPU s mixed", "speed x", "CPU x")
    print("{:28} {:>8} {:>21} {:>14} {:>12} {:>8} {:>6}".format(*header))
    for name, r in results.items():
        print(
            f"{name:28} {n / r['quiet_wall']:8.0f} {r['quiet_cpu'] / n * 1000:21.2f} {n / r['wall']:14.0f}"
            f" {r['cpu']:12.2f} {peer['quiet_wall'] / r['quiet_wall']:8.1f} {peer['quiet_cpu'] / r['quiet_cpu']:6.1f}"
        )
    print("speed x and CPU x: the naive peer's time over this poller's, on the all-unchanged pass")


if __name__ == "__main__":
    main()
