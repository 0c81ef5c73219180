"""scripts/labels.py: a reading is checked against its pick, two readings compared; and every committed label file
passes the check against its own pick (the labels are the measuring stick: a malformed row would skew a score)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
PARTS = (
    "dev",
    "test",
    "test2",
    "test3",
    "test4",
    "test5",
    "test6",
    "test7",
    "test8",
    "test9",
    "train5",
    "train6",
    "train7",
)


def _script():
    return load_script("scripts/labels.py")


def _row(aid: str, *events: dict, about: bool = True, stratum: str = "syria") -> str:
    return json.dumps(
        {"id": aid, "split": "test9", "stratum": stratum, "about_syria": about, "events": list(events), "note": "x"},
        ensure_ascii=False,
    )


def _event(kind: str, governorate: str | None = "Idlib", **kw) -> dict:
    event = {"type": kind, "place": None, "place_en": None, "governorate": governorate, "killed": None}
    return event | {"injured": None, "paragraph": -1} | kw


def test_check_names_each_problem_and_passes_a_good_reading() -> None:
    labels = _script()
    todo = {"A": ("test9", "syria"), "B": ("test9", "negative")}
    good = [_row("A", _event("airstrike")), _row("B", about=False, stratum="negative")]
    assert labels.check(good, todo) == []
    bad = [
        _row("A", _event("airstrik"), _event("shelling", "Idleb"), _event("clashes", killed="5")),
        _row("A"),
        "{not json",
        _row("C"),
    ]
    problems = "\n".join(labels.check(bad, todo))
    for expected in (
        "unknown type 'airstrik'",
        "unknown governorate 'Idleb'",
        "killed must be a whole number",
        "A: labelled twice",
        "not JSON",
        "'C' is not in the pick",
        "1 ids of the pick not labelled yet, first B",
    ):
        assert expected in problems


def test_agree_matches_events_per_article_by_type() -> None:
    labels = _script()
    first = {"A": json.loads(_row("A", _event("airstrike"), _event("diplomacy", None))), "B": json.loads(_row("B"))}
    second = {"A": json.loads(_row("A", _event("airstrike", "Hama"))), "B": json.loads(_row("B", about=False))}
    r = labels.agree(first, second)
    assert r["about_syria"] == 1 and r["matched"] == 1 and r["events"] == (2, 1)
    assert r["f1"] == round(2 / 3, 3) and r["governorate"] == 0
    assert r["differ"] == ["A", "B"]


@pytest.mark.parametrize("part", PARTS)
def test_every_committed_label_file_passes_the_check_against_its_pick(part: str) -> None:
    labels = _script()
    pick = REAL / ("sample.tsv" if part in ("dev", "test") else f"sample_{part}.tsv")  # dev and test share one pick
    todo = {aid: row for aid, row in labels.read_todo(pick).items() if row[0] == part}
    assert todo
    assert labels.check((REAL / f"labels_{part}.jsonl").read_text("utf-8").splitlines(), todo) == []
