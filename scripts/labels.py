"""Tools for labelling a part of the real-news set (tests/data/real/): check a reading, compare two readings.

    python scripts/labels.py check LABELS.jsonl TODO.tsv      # every id of the pick labelled once, fields valid
    python scripts/labels.py agree A1.jsonl B1.jsonl [A2.jsonl B2.jsonl ...] [--out disagree.txt]

A part is labelled as tests/data/real/README.md ("How a part is labelled") says: picked by scripts/realset.py, read
twice, independently and blind to Marsad's output, by readers who follow LABELLING.md and CONVENTIONS.md; the two
readings are compared (``agree``: about_syria, event-type F1 matched per article as bench/eval_real.py matches,
governorate on matched events; the articles whose about_syria or types differ are listed for the adjudicator), and
the adjudicated labels are committed with the adjudication log.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.eval_real import match

TYPES = frozenset(
    {"airstrike", "shelling", "clashes", "territory_change", "bombing", "attack_on_civilians", "chemical_attack"}
    | {"arrests", "ceasefire", "diplomacy", "displacement", "protest"}
)
GOVERNORATES = frozenset(
    {None, "Damascus", "Rif Dimashq", "Aleppo", "Idlib", "Hama", "Homs", "Lattakia", "Tartous", "Daraa", "As-Sweida"}
    | {"Quneitra", "Deir-ez-Zor", "Ar-Raqqa", "Al-Hasakah"}
)


def read_todo(path: Path) -> dict[str, tuple[str, str]]:
    """A pick (realset.py's output): id -> (split, stratum)."""
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {r[0]: (r[1], r[2].strip()) for r in rows}


def _event_problems(aid: str, event: dict) -> list[str]:
    out = []
    if event.get("type") not in TYPES:
        out.append(f"{aid}: unknown type {event.get('type')!r}")
    if event.get("governorate") not in GOVERNORATES:
        out.append(f"{aid}: unknown governorate {event.get('governorate')!r}")
    for field in ("killed", "injured"):
        value = event.get(field)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            out.append(f"{aid}: {field} must be a whole number or null")
    if not isinstance(event.get("paragraph"), int) or event["paragraph"] < -1:
        out.append(f"{aid}: paragraph must be -1 (the headline) or a paragraph's index")
    out += [f"{aid}: an event lacks {field}" for field in ("place", "place_en") if field not in event]
    return out


def check(lines: list[str], todo: dict[str, tuple[str, str]]) -> list[str]:
    """What is wrong with a reading of the pick ``todo`` (one JSON object a line); [] when nothing is."""
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: not JSON ({e.msg})")
            continue
        aid = row.get("id")
        if aid not in todo:
            problems.append(f"line {number}: {aid!r} is not in the pick")
            continue
        if aid in seen:
            problems.append(f"{aid}: labelled twice")
        seen.add(aid)
        split, stratum = todo[aid]
        if row.get("split") != split or row.get("stratum") != stratum:
            problems.append(f"{aid}: split and stratum must be {split} and {stratum}, as the pick says")
        if not isinstance(row.get("about_syria"), bool):
            problems.append(f"{aid}: about_syria must be true or false")
        if not isinstance(row.get("note"), str):
            problems.append(f"{aid}: a note is missing")
        events = row.get("events")
        if not isinstance(events, list):
            problems.append(f"{aid}: events must be a list")
            continue
        for event in events:
            problems += _event_problems(aid, event)
    missing = [aid for aid in todo if aid not in seen]
    if missing:
        problems.append(f"{len(missing)} ids of the pick not labelled yet, first {missing[0]}")
    return problems


def agree(first: dict[str, dict], second: dict[str, dict]) -> dict:
    """How two readings of the same articles agree: about_syria, event-type F1 (events matched per article by type,
    as bench/eval_real.py matches), governorate on the matched events, and the ids whose about_syria or types
    differ (for the adjudicator)."""
    same_about = matched = in_first = in_second = same_gov = 0
    differ = []
    for aid, a in first.items():
        b = second[aid]
        pairs = match(a["events"], b["events"], with_gov=False)
        same_about += a["about_syria"] == b["about_syria"]
        matched += len(pairs)
        in_first += len(a["events"])
        in_second += len(b["events"])
        same_gov += sum(x.get("governorate") == y.get("governorate") for x, y in pairs)
        types = Counter(e["type"] for e in a["events"]) != Counter(e["type"] for e in b["events"])
        if types or a["about_syria"] != b["about_syria"]:
            differ.append(aid)
    f1 = 2 * matched / (in_first + in_second) if in_first + in_second else 1.0
    return {
        "articles": len(first),
        "about_syria": same_about,
        "f1": round(f1, 3),
        "matched": matched,
        "events": (in_first, in_second),
        "governorate": same_gov,
        "differ": differ,
    }


def _reading(paths: list[Path]) -> dict[str, dict]:
    return {
        (row := json.loads(line))["id"]: row
        for path in paths
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="every id of the pick labelled once, fields valid")
    c.add_argument("labels", type=Path)
    c.add_argument("todo", type=Path)
    a = sub.add_parser("agree", help="two readings compared")
    a.add_argument("files", type=Path, nargs="+", help="pairs: first reading, second reading, ...")
    a.add_argument("--out", type=Path, default=None, help="write the ids whose about_syria or types differ here")
    args = ap.parse_args(argv)
    if args.command == "check":
        problems = check(args.labels.read_text("utf-8").splitlines(), read_todo(args.todo))
        if problems:
            print("\n".join(problems))
            return 1
        rows = _reading([args.labels])
        print(f"OK: {len(rows)} articles, {sum(len(r['events']) for r in rows.values())} events")
        return 0
    if len(args.files) % 2:
        ap.error("agree takes pairs of files: a first reading and a second reading of the same articles")
    first, second = _reading(args.files[::2]), _reading(args.files[1::2])
    if set(first) != set(second):
        ap.error("the two readings hold different articles")
    r = agree(first, second)
    print(
        f"about_syria {r['about_syria']}/{r['articles']}; event-type F1 {r['f1']:.3f} ({r['matched']} matched of "
        f"{r['events'][0]} / {r['events'][1]}); governorate {r['governorate']}/{r['matched']} on matched events"
    )
    print(f"{len(r['differ'])} articles differ in about_syria or event types")
    if args.out:
        args.out.write_text("".join(f"{aid}\n" for aid in r["differ"]), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
