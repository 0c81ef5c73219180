"""Draw docs/map-example.png: what `/map 7d` answers, on made-up incidents (no real report involved).

    python scripts/example_map.py [--language ar|en]

40 incidents of fixed, invented types, tolls and places (towns of the shipped gazetteer and two at governorate
level) are stored in a temporary database and drawn exactly as the bot draws them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.incidents import merge  # noqa: E402
from bot.incidents.linking import Link  # noqa: E402
from bot.maps.boundaries import load  # noqa: E402
from bot.maps.query import MapQuery, build  # noqa: E402
from bot.models import Analysis, Event, Place, RawReport  # noqa: E402
from storage import Store  # noqa: E402

OUT = ROOT / "docs" / "map-example.png"
TYPES = ("airstrike", "airstrike", "shelling", "shelling", "clashes", "bombing", "protest", "displacement", "arrests")


def main(language: str) -> int:
    rnd = random.Random(2026)
    now = datetime(2026, 12, 7, 9, tzinfo=UTC)
    govs = [g for g in load().governorates if g.name in ("Idlib", "Aleppo", "Hama", "Daraa", "Deir ez-Zor", "Homs")]
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "example.db")
        for i in range(40):
            gov = rnd.choice(govs)
            lon, lat = gov.centroid
            if i < 38:
                place = Place(
                    f"town {i}", None, gov.name, None, lat + rnd.uniform(-0.25, 0.25), lon + rnd.uniform(-0.3, 0.3)
                )
            else:
                place = Place(gov.name, gov.name_ar, gov.name, gov.pcode, None, None, level="governorate")
            event = Event(rnd.choice(TYPES), place, killed=rnd.choice([None, 0, 1, 2, 3, 6, 12]))
            stored = store.reports.add(
                RawReport(text=f"example {i}", source=f"outlet {i % 7}"), Analysis("ar", "t", "s", (event,))
            )
            at = now - timedelta(hours=rnd.uniform(1, 160))
            store.incidents.record(stored.id, Link(), event, at, b"example", merge(None, event))
        result = build(store, MapQuery("7d", (), None, language), now)
        store.close()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_bytes(result.picture.png)
    print(f"wrote {OUT.relative_to(ROOT)}: {result.picture.size // 1024} KB, {result.incidents} incidents")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=("ar", "en"), default="ar")
    raise SystemExit(main(parser.parse_args().language))
