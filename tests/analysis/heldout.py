"""The held-out set (tests/data/heldout_*.jsonl): loading, scoring with the dev set's metrics, and a miss list.

The set was written and committed before anything was run on it, so its numbers are an honest
measure of the analysis on unseen text; it must never be used to tune the lexicons.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from difflib import SequenceMatcher

from bot.analysis import analyze
from bot.models import Event
from tests.analysis.devset import DATA, score

FILES = ("heldout_ar.jsonl", "heldout_en.jsonl")
# A second set, written blind by another author after round 2 and measured before and after round 3.
FILES_2 = ("heldout2_ar.jsonl", "heldout2_en.jsonl")
# A third, written blind while round 4 worked on set 2's misses: measured before and after round 4 only.
FILES_3 = ("heldout3_ar.jsonl", "heldout3_en.jsonl")
# A fourth, written blind while round 5 worked on set 3's misses: measured before and after round 5 only.
FILES_4 = ("heldout4_ar.jsonl", "heldout4_en.jsonl")
FIELDS = ("governorate", "killed", "injured", "killed_children", "killed_women")


def load(files: tuple[str, ...] = FILES) -> list[dict]:
    rows = []
    for name in files:
        with (DATA / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def _skeleton(name: str) -> str:
    """A place name's consonants, without article, 'camp' or doubled letters: Douma/Duma, Manbij/Menbij."""
    name = re.sub(r"\b(al|el|ar|as|ad|an|az|ash|ad-dar)[- ]", "", name.lower().replace("camp", ""))
    name = re.sub(r"[^a-z]|[aeiouy]", "", name)
    return re.sub(r"(.)\1+", r"\1", name)


def place_matches(gold: str, pred: Event | None) -> bool:
    """True when the event's place is the gold place, allowing transliteration noise (skeletons 80% alike)."""
    if pred is None or pred.location is None:
        return False
    a, b = _skeleton(gold), _skeleton(pred.location.name)
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= 0.8


def _value(pred: Event | None, field: str):
    if pred is None:
        return None
    if field == "governorate":
        return pred.location.governorate if pred.location else None
    return getattr(pred, field)


def pairs(row: dict, events: tuple[Event, ...]) -> list[tuple[dict, Event | None]]:
    """Gold events paired with predicted events of the same type, in order (as devset.score pairs them)."""
    got: dict[str, list[Event]] = {}
    for e in events:
        got.setdefault(e.type, []).append(e)
    seen: Counter[str] = Counter()
    out = []
    for gold in row["events"]:
        n = seen[gold["type"]]
        seen[gold["type"]] += 1
        found = got.get(gold["type"], [])
        out.append((gold, found[n] if n < len(found) else None))
    return out


def place_accuracy(rows: list[dict]) -> tuple[float, int]:
    """Share of gold events with a place whose paired event names that place (lenient spelling)."""
    ok = n = 0
    for row in rows:
        for gold, pred in pairs(row, analyze(row["text"]).events):
            if gold.get("place") is None:
                continue
            n += 1
            ok += place_matches(gold["place"], pred)
    return (ok / n if n else 1.0), n


def evaluate(rows: list[dict]) -> dict[str, float]:
    """devset.score's metrics plus lenient place accuracy."""
    result = score(rows)
    result["place_accuracy"], result["place_n"] = place_accuracy(rows)
    return result


def misses(rows: list[dict]) -> list[str]:
    """One line per wrong or missing value and per spurious event, to read the error classes from."""
    lines = []
    for row in rows:
        events = analyze(row["text"]).events
        want = Counter(e["type"] for e in row["events"])
        got = Counter(e.type for e in events)
        for kind, extra in (got - want).items():
            lines.append(f"{row['id']}: spurious {kind} x{extra}")
        for gold, pred in pairs(row, events):
            if pred is None:
                lines.append(f"{row['id']}: missed {gold['type']} ({gold.get('place')})")
                continue
            for field in FIELDS:
                if gold[field] is not None and _value(pred, field) != gold[field]:
                    lines.append(f"{row['id']}: {gold['type']} {field} gold={gold[field]} got={_value(pred, field)}")
            if gold.get("place") and not place_matches(gold["place"], pred):
                got_place = pred.location.name if pred.location else None
                lines.append(f"{row['id']}: {gold['type']} place gold={gold['place']} got={got_place}")
    return lines


def by_language(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Scores per language; ids carry it (``ar12``, ``h2en03``)."""
    return {lang: evaluate([r for r in rows if lang in r["id"][:4]]) for lang in ("ar", "en")}


__all__ = ["FILES", "FILES_2", "FILES_3", "FILES_4", "by_language", "evaluate", "load", "misses", "place_matches"]
