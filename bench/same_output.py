"""Byte-identity check for speed work: the `marsad analyze --json` objects of the seeds, the speed bench's texts
and a fixed sample of real corpus articles, written one per line, with their SHA-256.

    python bench/same_output.py --out /tmp/before.jsonl [--root OTHER_CHECKOUT] [--every 20]
    cmp /tmp/before.jsonl /tmp/after.jsonl

--root analyses with another checkout's code (the texts are this checkout's). The sample is every N-th article of
the corpus in file order, all sections, leaving out the fresh test part's ids (never opened); nothing of an article
is printed, and the output file (it holds analysis of outlets' texts) stays outside the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_ROOT_ARG = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv[:-1] else str(ROOT)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, _ROOT_ARG)

from bench.bench_analyze import texts  # noqa: E402
from bench.eval_real import CORPUS, fresh_ids  # noqa: E402
from bot.analysis import analyze  # noqa: E402
from bot.sources.decode import read_report  # noqa: E402


def lines(every: int) -> list[str]:
    out = []
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.suffix in (".txt", ".md", ".json", ".html"):
            raw = read_report(path)
            result = analyze(raw.text, title=raw.title, summary_words=60)
            out.append(json.dumps({"file": f"seeds/{path.name}", **result.to_json()}, ensure_ascii=False))
    for n, text in enumerate(texts()):
        out.append(json.dumps({"file": f"bench:{n}", **analyze(text).to_json()}, ensure_ascii=False))
    corpus = next((p for p in CORPUS if p.exists()), None)
    if corpus and every > 0:
        fresh = fresh_ids()
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if n % every:
                    continue
                article = json.loads(line)
                if article["id"] in fresh:
                    continue
                result = analyze(article["text"], title=article["title"] or None)
                out.append(json.dumps({"file": article["id"], **result.to_json()}, ensure_ascii=False))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--root", help="analyse with this checkout's code")
    ap.add_argument("--every", type=int, default=20, help="every N-th corpus article (0: none)")
    args = ap.parse_args()
    text = "\n".join(lines(args.every)) + "\n"
    args.out.write_text(text, "utf-8")
    print(f"{text.count(chr(10))} results, sha256 {hashlib.sha256(text.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
