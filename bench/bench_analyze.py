"""Throughput of analyze() on one core beside peer summarisers (sumy LexRank and TextRank) on the same
texts, and the resident memory of a process that has loaded everything.

Peers: stock sumy as a user sets it up for Arabic (pyarabic tokenizer, ISRI stemmer, stop words), and the
stricter variant with Marsad's own splitter and tokens (no stemmer), which is about three times faster.

Texts: EASC articles cut to whole sentences of 300-600 words (Arabic), plus the seed report.

    python bench/bench_analyze.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import analyze
from bot.analysis.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
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
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in corpus:
            fn(t)
            done += 1
    return done / (time.perf_counter() - start)


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
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}) if hasattr(os, "sched_setaffinity") else None
    corpus = texts()
    words = sum(len(t.split()) for t in corpus) / len(corpus)
    t0 = time.perf_counter()
    analyze(corpus[0])  # loads lexicons and the gazetteer
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in corpus:  # the first pass fills the per-token caches (a running bot's steady state is warm)
        analyze(t)
    cold = len(corpus) / (time.perf_counter() - t0)
    rss_marsad = rss_mb()
    marsad = rate(analyze, corpus, args.seconds)
    rss_after = rss_mb()

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
    for name, fn in peers.items():
        peer = rate(lambda t, fn=fn: fn(t, 60), corpus, args.seconds)
        print(f"peer {name}, summary only: {peer:.1f} reports/s; marsad/peer = {marsad / peer:.1f}x")
    print(f"RSS after loading everything: {rss_marsad:.1f} MB; after the run: {rss_after:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
