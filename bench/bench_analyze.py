"""Throughput of analyze() on one core beside peer summarisers (sumy LexRank and TextRank) on the same
texts, and the resident memory of a process that has loaded everything.

Peers: stock sumy as a user sets it up for Arabic (pyarabic tokenizer, ISRI stemmer, stop words), and the
stricter variant with Marsad's own splitter and tokens (no stemmer), which is about three times faster.

Texts: EASC articles cut to whole sentences of 300-600 words (Arabic), plus the seed report.

    python bench/bench_analyze.py [--seconds 5]
    python bench/bench_analyze.py --seconds 3 --compare /path/to/other/checkout --rounds 3

Wall-clock rates swing by 30-50% between identical runs on a shared VM (CPU steal); the CPU-time rates
(time.process_time) beside them are what to compare. --compare runs this bench on this checkout and on each
given checkout in turn, alternating, in fresh processes (Marsad only, no peers) and prints the medians.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --root (used by --compare) measures another checkout's analysis on this checkout's texts.
_ROOT_ARG = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv[:-1] else str(ROOT)
sys.path.insert(0, _ROOT_ARG)

from bot.analysis import analyze  # noqa: E402
from bot.analysis.sentences import split_sentences  # noqa: E402

EASC = [Path("../shared/data/easc/easc.jsonl"), Path("/work/shared/data/easc/easc.jsonl")]


def texts() -> list[str]:
    out = [(ROOT / "seeds" / "000_02fb0add3b835a0e.txt").read_text("utf-8")]
    path = next((p for p in EASC if p.exists()), None)
    if path:
        for line in path.read_text("utf-8").splitlines():
            sentences = split_sentences(json.loads(line)["article"])
            chosen, n = [], 0
            for s in sentences:
                if n >= 300:
                    break
                if n + len(s.split()) > 600:
                    continue
                chosen.append(s)
                n += len(s.split())
            if 300 <= n <= 600:
                out.append(" ".join(chosen))
    return out


def rate(fn, corpus: list[str], seconds: float) -> float:
    return rates(fn, corpus, seconds)[0]


def rates(fn, corpus: list[str], seconds: float) -> tuple[float, float]:
    """Reports per wall-clock second and per CPU second of this process over the same run."""
    done = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for t in corpus:
            fn(t)
            done += 1
    return done / (time.perf_counter() - start), done / (time.process_time() - cpu)


def calls_per_pass(corpus: list[str]) -> int:
    """Python function calls (cProfile) of one warm pass over the texts: a count no neighbour on the box changes."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for t in corpus:
        analyze(t)
    profile.disable()
    return pstats.Stats(profile).total_calls


def rss_mb() -> float:
    try:
        with open(f"/proc/{os.getpid()}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--compare", nargs="+", metavar="CHECKOUT", help="other checkouts to measure, alternating")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds for --compare")
    ap.add_argument("--root", help="measure the analysis of this checkout (internal, for --compare)")
    ap.add_argument("--json", action="store_true", help="print the Marsad numbers as one JSON line, no peers")
    args = ap.parse_args()
    if args.compare:
        return compare([str(ROOT), *args.compare], args.seconds, args.rounds)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}) if hasattr(os, "sched_setaffinity") else None
    corpus = texts()
    words = sum(len(t.split()) for t in corpus) / len(corpus)
    t0, c0 = time.perf_counter(), time.process_time()
    analyze(corpus[0])  # loads lexicons and the gazetteer
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for t in corpus:  # the first pass fills the per-token caches (a running bot's steady state is warm)
        analyze(t)
    cold = len(corpus) / (time.perf_counter() - t0)
    cold_cpu = len(corpus) / (time.process_time() - c0)
    rss_marsad = rss_mb()
    marsad, marsad_cpu = rates(analyze, corpus, args.seconds)
    rss_after = rss_mb()
    numbers = {
        "first_call_ms": load_s * 1000,
        "first_call_cpu_ms": load_cpu * 1000,
        "first_pass": cold,
        "first_pass_cpu": cold_cpu,
        "steady": marsad,
        "steady_cpu": marsad_cpu,
        "rss_mb": rss_after,
    }
    if args.json:
        numbers["calls"] = calls_per_pass(corpus)
        print(json.dumps(numbers))
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_summary import stock_sumy, sumy_summary
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    peers = {
        "stock sumy LexRank (its Arabic tokenizer, stemmer, stop words)": stock_sumy("lexrank"),
        "stock sumy TextRank": stock_sumy("textrank"),
        "sumy LexRank with Marsad's splitter and tokens (strict peer)": functools.partial(
            sumy_summary, LexRankSummarizer()
        ),
        "sumy TextRank with Marsad's splitter and tokens": functools.partial(sumy_summary, TextRankSummarizer()),
    }
    print(f"{len(corpus)} Arabic reports, mean {words:.0f} words, one core, {args.seconds:.0f} s per system")
    print(f"first call (loads lexicons + gazetteer): {load_s * 1000:.0f} ms")
    print(f"marsad analyze(), first pass over the texts (token caches cold): {cold:.1f} reports/s")
    print(f"marsad analyze(): {marsad:.1f} reports/s (language, events, places, casualties, actors, summary)")
    print(
        f"CPU time (process_time): first call {load_cpu * 1000:.0f} ms; first pass {cold_cpu:.1f} reports per"
        f" CPU second; steady {marsad_cpu:.1f} reports per CPU second"
    )
    for name, fn in peers.items():
        peer = rate(lambda t, fn=fn: fn(t, 60), corpus, args.seconds)
        print(f"peer {name}, summary only: {peer:.1f} reports/s; marsad/peer = {marsad / peer:.1f}x")
    print(f"RSS after loading everything: {rss_marsad:.1f} MB; after the run: {rss_after:.1f} MB")
    return 0


LABELS = [
    ("first_call_cpu_ms", "first call, CPU ms"),
    ("first_pass_cpu", "first pass, reports per CPU s"),
    ("steady_cpu", "steady, reports per CPU s"),
    ("first_call_ms", "first call, wall ms"),
    ("first_pass", "first pass, reports per wall s"),
    ("steady", "steady, reports per wall s"),
    ("rss_mb", "RSS after the run, MB"),
    ("calls", "Python calls per warm pass"),
]


def compare(roots: list[str], seconds: float, rounds: int) -> int:
    """Run the bench on each checkout in turn, `rounds` times, each in a fresh process; print the medians."""
    runs: dict[str, list[dict]] = {r: [] for r in roots}
    for i in range(rounds):
        for root in roots if i % 2 == 0 else reversed(roots):
            cmd = [sys.executable, __file__, "--json", "--seconds", str(seconds), "--root", root]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
            runs[root].append(json.loads(out.strip().splitlines()[-1]))
    print(f"{rounds} alternating runs, {seconds:g} s each, one core; CPU = time.process_time")
    print("median / best (steal and neighbours only ever slow a run down)")
    print("metric".ljust(32) + "".join(Path(r).name.rjust(20) for r in roots))
    for key, label in LABELS:
        best = min if key.endswith("_ms") or key in ("rss_mb", "calls") else max
        cells = "".join(
            f"{statistics.median(x[key] for x in runs[r]):10.1f}{best(x[key] for x in runs[r]):10.1f}" for r in roots
        )
        print(label.ljust(32) + cells)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
