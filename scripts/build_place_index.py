"""Write the precomputed place index (bot/analysis/data/place_index.json) from the shipped data files.

Run from the repository root after changing the gazetteer, place_aliases/regions/common/context.tsv, or the code
that reads them (bot/analysis/places.py, place_index.py, normalize.py, lexicon.py):

    python scripts/build_place_index.py [--check]

The analysis reads the file only while its fingerprint matches those sources; otherwise it builds the same index
itself, a few tenths of a second slower (see bot/analysis/place_index.py). --check exits 1 if the file is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.analysis import place_index
from bot.analysis.places import _build_tables

OUT = Path(__file__).resolve().parent.parent / "bot" / "analysis" / "data" / place_index.FILE


def build() -> str:
    """The file's text, from the data files and code of this checkout."""
    print_ = place_index.fingerprint()
    if print_ is None:
        raise SystemExit("a source of the place index is missing")
    raw = json.loads(resources.files("bot.analysis").joinpath("data", "gazetteer.json").read_text("utf-8"))
    return place_index.dump(_build_tables(raw["places"]), print_)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say whether the shipped file is up to date")
    args = ap.parse_args()
    text = build()
    if args.check:
        fresh = OUT.exists() and OUT.read_text("utf-8") == text
        print(f"{OUT.name}: {'up to date' if fresh else 'stale: run python scripts/build_place_index.py'}")
        return 0 if fresh else 1
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT} ({len(text.encode()) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
