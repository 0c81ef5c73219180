"""Throughput of analyze() on one core beside a peer summariser (sumy LexRank) on the same texts,
and the resident memory of a process that has loaded everything.

Texts: EASC articles cut to whole sentences of 300-600 words (Arabic), plus the seed report.

    python bench/bench_analyze.py [--seconds 5]
"""

from __future__ import annotations

import argparse
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
    rss_marsad = rss_mb()
    marsad = rate(analyze, corpus, args.seconds)
    rss_after = rss_mb()

    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_summary import SumyTokenizer, sumy_summary
    from sumy.summarizers.text_rank import TextRankSummarizer

    lex = LexRankSummarizer()
    PlaintextParser  # noqa: B018 (imported for the peer)
    peer = rate(lambda t: sumy_summary(lex, t, 60), corpus, args.seconds)
    text_rank = TextRankSummarizer()
    peer_tr = rate(lambda t: sumy_summary(text_rank, t, 60), corpus, args.seconds)
    print(
        f"{len(corpus)} Arabic reports, mean {words:.0f} words, one core; "
        f"the peer uses {SumyTokenizer.__name__} (Marsad's splitter and tokens)"
    )
    print(f"first call (loads lexicons + gazetteer): {load_s * 1000:.0f} ms")
    print(f"marsad analyze(): {marsad:.1f} reports/s (events, places, casualties, actors, summary)")
    print(f"peer sumy LexRank summary only: {peer:.1f} reports/s")
    print(f"peer sumy TextRank summary only: {peer_tr:.1f} reports/s")
    print(f"ratio marsad/LexRank = {marsad / peer:.1f}x; marsad/TextRank = {marsad / peer_tr:.1f}x")
    print(f"RSS after loading everything: {rss_marsad:.1f} MB; after the run: {rss_after:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
