"""Analysis time against report size (issue 12, item 2): one file must not stall the inbox.

Each kind of text is analysed at sizes from 10 KB to 5 MB (UTF-8 bytes, as the file lands in the inbox), one
``analyze()`` call per size, one core. Kinds:

- ``multi``: real articles from the corpus (../shared/data/antcorpus), concatenated: ordinary sentences.
- ``single``: the same text with every sentence end (``. ! ? ؟ ؛`` and line breaks) turned into "، ": one
  "sentence" of the whole size, which the splitter must cut.
- ``casualty``: one casualty phrase repeated ("قتل ثلاثة مدنيين بينهم طفلان وأصيب خمسة آخرون …"), commas only:
  a count, a breakdown and a killed/injured word every few tokens, the densest work the casualty reader sees.
- ``bracket``: casualty phrases with an unclosed "(" each, and no comma at all: the bracket depth only grows
  and the splitter has to cut before "و" or at a space.
- ``short``: three-word sentences, each a strike on a town ("غارة جوية على إدلب."): the most sentences, and
  the most violent sentences and place names, per MB; what is linear in the number of sentences shows here.
- ``towns``: the same kind of sentence on towns drawn from the gazetteer ("قصف مدفعي على بلدة كفرنبل في ريف إدلب.",
  half of them on a governorate): thousands of places and incidents in one report; what is linear in the number
  of incidents shows here.

Times are CPU seconds of this process (``time.process_time``): the box these numbers come from is shared, and
wall time there measures the neighbours too; wall time is printed beside it. Per kind it prints seconds per MB
at each size, the least-squares slope of seconds against MB, and the log-log exponent (1.0 = linear, 2.0 =
quadratic). The texts are built in memory and never written out.

    python bench/bench_scaling.py [--max-mb 5] [--kinds multi,single,casualty,bracket,short,towns]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import analyze

CORPUS = [Path("../shared/data/antcorpus/ant2018.jsonl.gz"), Path("/work/shared/data/antcorpus/ant2018.jsonl.gz")]
SIZES_KB = (10, 50, 200, 1000, 2000, 5000)
_PHRASE = "قتل ثلاثة مدنيين بينهم طفلان وأصيب خمسة آخرون بجروح في غارات على معرة النعمان"
_ENDS = str.maketrans({c: "، " for c in ".!?؟؛…\n"})


def _articles(limit_bytes: int) -> str:
    """Corpus articles about the war (the words the analysis reads most), concatenated up to ``limit_bytes``."""
    path = next((p for p in CORPUS if p.exists()), None)
    if path is None:
        raise SystemExit("the corpus is not there: ../shared/data/antcorpus/ant2018.jsonl.gz")
    parts: list[str] = []
    size = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if not any(w in text for w in ("قتل", "غارات", "سوريا", "قصف")):
                continue
            parts.append(text)
            size += len(text.encode("utf-8")) + 1
            if size >= limit_bytes:
                break
    return "\n".join(parts)


def _cut(text: str, n_bytes: int) -> str:
    return text.encode("utf-8")[:n_bytes].decode("utf-8", "ignore")


def _repeat(phrase: str, n_bytes: int) -> str:
    unit = len(phrase.encode("utf-8"))
    return _cut(phrase * (n_bytes // unit + 1), n_bytes)


def _towns(n_bytes: int) -> str:
    """Strikes on towns of the gazetteer in its governorate, or on a governorate, in a fixed pseudo-random order."""
    gazetteer = Path(__file__).resolve().parent.parent / "bot" / "analysis" / "data" / "gazetteer.json"
    places = json.loads(gazetteer.read_text("utf-8"))["places"]
    govs = {p[2]: p[1] for p in places if p[6] == "governorate"}
    towns = [p for p in places if p[6] == "community" and p[2] in govs]
    rnd = random.Random(1)
    words = ("غارة جوية على", "قصف مدفعي على", "غارات على", "قصف على")
    parts, size = [], 0
    while size < n_bytes:
        town = rnd.choice(towns)
        if rnd.random() < 0.5:
            s = f"{rnd.choice(words)} بلدة {town[1]} في ريف {govs[town[2]]}. "
        else:
            s = f"{rnd.choice(words)} {rnd.choice(list(govs.values()))}. "
        parts.append(s)
        size += len(s.encode("utf-8"))
    return _cut("".join(parts), n_bytes)


def texts(max_bytes: int) -> dict[str, object]:
    base = _articles(max_bytes)
    if len(base.encode("utf-8")) < max_bytes:  # the filtered corpus is ~25 MB; repeat only if asked for more
        base = (base + "\n") * (max_bytes // len(base.encode("utf-8")) + 1)
    return {
        "multi": lambda n: _cut(base, n),
        "single": lambda n: _cut(base, n).translate(_ENDS),
        "casualty": lambda n: _repeat(_PHRASE + "، ", n),
        "bracket": lambda n: _repeat(_PHRASE.replace("بينهم", "(بينهم") + " ", n),
        "short": lambda n: _repeat("غارة جوية على إدلب. غارة جوية على حلب. قصف على حماة. ", n),
        "towns": _towns,
    }


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares slope of y on x (through the data, with intercept) and the log-log exponent."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-6)) for y in ys]
    mlx, mly = sum(lx) / len(lx), sum(ly) / len(ly)
    exponent = sum((a - mlx) * (b - mly) for a, b in zip(lx, ly, strict=True)) / sum((a - mlx) ** 2 for a in lx)
    return slope, exponent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-mb", type=float, default=5.0)
    ap.add_argument("--kinds", default="multi,single,casualty,bracket,short,towns")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sizes = [kb * 1000 for kb in SIZES_KB if kb <= args.max_mb * 1000]
    makers = texts(max(sizes))
    analyze("قتل ثلاثة مدنيين في غارة على إدلب.")  # loads lexicons and the gazetteer
    worst = (0.0, "")
    print(f"sizes: {', '.join(f'{s / 1e6:g} MB' for s in sizes)} (UTF-8 bytes); one analyze() call each")
    for kind in args.kinds.split(","):
        xs, ys = [], []
        for n in sizes:
            text = makers[kind](n)
            mb = len(text.encode("utf-8")) / 1e6
            wall, start = time.perf_counter(), time.process_time()
            result = analyze(text)
            took = time.process_time() - start
            wall = time.perf_counter() - wall
            xs.append(mb)
            ys.append(took)
            rate = f"{took:8.3f} s {took / mb:6.2f} s/MB (wall {wall:.3f} s) {len(result.events):3d} events"
            print(f"{kind:9s} {mb:7.3f} MB {len(text):9d} chars {rate}")
            if took / mb > worst[0] and mb >= 0.2:  # below 200 KB the fixed cost per call dominates
                worst = (took / mb, f"{kind} at {mb:g} MB")
        slope, exponent = fit(xs, ys)
        print(f"{kind:9s} least-squares slope {slope:.2f} s/MB, log-log exponent {exponent:.2f}")
    print(f"worst case (sizes >= 0.2 MB): {worst[0]:.2f} s/MB ({worst[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
