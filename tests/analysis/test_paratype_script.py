"""scripts/train_paratype.py, the per-paragraph event-type experiment (BENCHMARKS.md: its answer was no, with four
parts and with five): its data are the five studied labelled parts without any blind test4 id, its cells and labels
follow the labels' paragraph numbers, its decoder keeps the rules' events of the cells it accepts and adds one where
the rules start none, and its decision rule is the one written before the results."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.gate_report import REPORT, TITLE  # one report for the gate scripts' tests
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "data" / "antcorpus" / "ant2018.jsonl.gz"


@pytest.fixture(scope="module")
def paratype():
    pytest.importorskip("sklearn")  # the `train` extra
    return load_script("scripts/train_paratype.py")


@pytest.fixture(scope="module")
def doc(paratype):
    gold = [{"type": "airstrike", "paragraph": -1}, {"type": "diplomacy", "paragraph": 3}]
    return paratype.read({"id": "x", "title": TITLE, "text": REPORT}, "dev", gold)


def test_data_are_the_five_studied_parts_never_a_blind_id(paratype):
    blind = paratype.blind_ids()
    assert len(blind) == 125 + 150 * 5  # the blind parts, test4 to test9
    labels = paratype.labels()
    assert not set(labels) & blind
    parts = {p: sum(r["split"] == p for r in labels.values()) for p in paratype.PARTS}
    assert parts == {"dev": 180, "test": 125, "test2": 125, "test3": 125, "train5": 417, "train6": 300, "train7": 400}
    assert "test4" not in paratype.PARTS and "test5" not in paratype.PARTS


def test_cells_are_the_headline_and_each_paragraph_times_each_type(paratype, doc):
    assert doc.relevant
    assert sorted({c.paragraph for c in doc.cells}) == [-1, 0, 1, 2, 3]
    assert len(doc.cells) == 5 * len(paratype.TYPES)
    labelled = {(c.paragraph, c.kind): c.gold for c in doc.cells if c.gold}
    assert labelled == {(-1, "airstrike"): 1, (3, "diplomacy"): 1}
    ruled = {(c.paragraph, c.kind): len(c.rules) for c in doc.cells if c.rules}
    assert ruled == {(-1, "airstrike"): 1}  # the rules' airstrike starts in the headline
    head = next(c for c in doc.cells if (c.paragraph, c.kind) == (-1, "airstrike"))
    assert head.feats["rule"] == 1.0 and head.feats["pos=head"] == 1.0 and head.feats["airstrike|rule"] == 1.0


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ([], []),  # nothing accepted: the rules' event is dropped too
        ([(-1, "airstrike")], [("airstrike", "Saraqab", 4)]),  # the rules' event, place and toll kept
        ([(3, "diplomacy")], [("diplomacy", "Idlib", None)]),  # new: the paragraph's first place
        ([(1, "shelling")], [("shelling", "Saraqab", None)]),  # new, the paragraph names no place: the headline's
        ([(0, "shelling")], [("shelling", "Saraqab", 4)]),  # new and violent: the paragraph's killed count
        ([(0, "diplomacy")], [("diplomacy", "Saraqab", None)]),  # new, not violent: no toll
        ([(-1, "airstrike"), (3, "diplomacy")], [("airstrike", "Saraqab", 4), ("diplomacy", "Idlib", None)]),
    ],
)
def test_decoder(paratype, doc, accepted, expected):
    probs = [1.0 if (c.paragraph, c.kind) in accepted else 0.0 for c in doc.cells]
    events = paratype.decode(doc, probs, 0.5)
    assert [(e.type, e.location.name if e.location else None, e.killed) for e in events] == expected


def test_two_thresholds_keep_the_rules_and_add_apart(paratype, doc):
    probs = [0.3 if (c.paragraph, c.kind) in {(-1, "airstrike"), (3, "diplomacy")} else 0.0 for c in doc.cells]
    assert [e.type for e in paratype.decode(doc, probs, 0.2, 0.5)] == ["airstrike"]
    assert [e.type for e in paratype.decode(doc, probs, 0.5, 0.2)] == ["diplomacy"]


def test_scores_are_eval_reals(paratype, doc):
    s = paratype.score([doc], [doc.rules])
    assert s["type"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667} and s["gold"] == 2


def test_the_decision_rule(paratype):
    worth = paratype.worth_integrating
    assert worth([0.03, 0.02, 0.01, 0.02], 3, 4)
    assert worth([0.02, 0.02, 0.02, 0.02], 4, 4)  # equal alarms are no rise
    assert not worth([0.06, 0.05, 0.04, -0.02], 3, 4)  # one part falls by more than 0.01
    assert not worth([0.03, 0.03, 0.03, 0.03], 5, 4)  # more false alarms
    assert not worth([0.025, -0.086, 0.048, 0.042], 4, 4)  # the measured result
